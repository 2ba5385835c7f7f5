/**
 * Talks to a running headless host through its WebSocket contract, as the console does, for tests
 * that configure or watch the engine without a browser page. Typed by shared/contract.ts.
 */
import { WebSocket } from 'ws';
import type { CallInput, CallOutput } from '../../shared/contract';
import type { CallName } from '../../shared/contract-names';
import { ServerFrameSchema } from '../../shared/wire';
import type { HostProcess } from './host-process';

export interface HostContractClient {
  call<K extends CallName>(name: K, input?: CallInput<K>): Promise<CallOutput<K>>;
  close(): void;
}

/**
 * Token mode: the host admits only its own origin carrying the session token. Accounts mode (an
 * HTTPS host): pass `cookie`, the session cookie of someone signed in; the call runs as them.
 */
export async function connectToHost(host: Pick<HostProcess, 'port' | 'origin' | 'token'>, timeoutMs = 10_000, options: { cookie?: string } = {}): Promise<HostContractClient> {
  const secure = host.origin.startsWith('https:');
  if (!secure && !host.token) throw new Error('a plain HTTP host needs its token');
  const url = secure ? `wss://127.0.0.1:${host.port}/ws` : `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token!)}`;
  // A test server's certificate is self-signed: what is under test is the host, not the chain.
  const ws = new WebSocket(url, { origin: host.origin, ...(options.cookie ? { headers: { cookie: options.cookie } } : {}), ...(secure ? { rejectUnauthorized: false } : {}) });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the host WebSocket did not open')), timeoutMs);
    ws.once('open', () => (clearTimeout(timer), resolve()));
    ws.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  ws.on('message', (data) => {
    const frame = ServerFrameSchema.parse(JSON.parse(String(data)));
    if (frame.type !== 'result') return;
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new Error(`${frame.result.error.code}: ${frame.result.error.message}`));
  });
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the host WebSocket closed'));
    pending.clear();
  });
  return {
    call(name, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, name, input: input ?? {} }));
      });
    },
    close: () => ws.close(),
  };
}
