/**
 * A console's WebSocket to a headless host (in this process or its own), at the frame level: for
 * tests that send frames a real console never would, and watch what comes back or how it closes.
 */
import { WebSocket } from 'ws';
import { ServerFrameSchema, type ServerFrame } from '../../shared/wire';

export interface HostAddress {
  port: number;
  origin: string;
  /** Token mode's; an HTTPS host (accounts mode) has none. */
  token?: string;
}

export interface ConsoleSocketOptions {
  /** null: no token at all. */
  token?: string | null;
  origin?: string;
  hostHeader?: string;
  path?: string;
  /** The address to connect to (127.0.0.1 unless told). */
  address?: string;
  /** Accounts mode: the Cookie header (the session cookie). */
  cookie?: string;
}

export function openConsoleSocket(host: HostAddress, opts: ConsoleSocketOptions = {}): Promise<WebSocket> {
  const token = opts.token === undefined ? host.token : opts.token;
  const address = opts.address ?? '127.0.0.1';
  const secure = host.origin.startsWith('https:');
  const url = `${secure ? 'wss' : 'ws'}://${address.includes(':') ? `[${address}]` : address}:${host.port}${opts.path ?? '/ws'}${token == null ? '' : `?token=${token}`}`;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.host = opts.hostHeader;
  if (opts.cookie) headers.cookie = opts.cookie;
  // A test server's certificate is self-signed: what is under test is the host, not the chain.
  const ws = new WebSocket(url, { origin: opts.origin ?? host.origin, headers, ...(secure ? { rejectUnauthorized: false } : {}) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      // Errors after opening are the host closing on purpose; the close code says which.
      ws.on('error', () => {});
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Every frame the host sends on this socket from now on, parsed with the wire schema. */
export function collectFrames(ws: WebSocket): ServerFrame[] {
  const got: ServerFrame[] = [];
  ws.on('message', (data) => got.push(ServerFrameSchema.parse(JSON.parse(String(data)))));
  return got;
}

export interface Closed {
  code: number;
  reason: string;
}

export function closeOf(ws: WebSocket): Promise<Closed> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: 'already closed' });
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Polls until `fn` answers something, or fails saying what never came (a hang detector, not a timer). */
export async function until<T>(fn: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
