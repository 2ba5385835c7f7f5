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

/** `sessionCookie`: an HTTPS host (accounts mode) admits a signed-in person's session instead of a token. */
export async function connectToHost(host: Pick<HostProcess, 'port' | 'origin' | 'token'>, timeoutMs = 10_000, sessionCookie?: string): Promise<HostContractClient> {
  // The host admits only its own origin carrying the session token (or, over HTTPS, the session cookie).
  const ws = sessionCookie
    ? new WebSocket(`wss://127.0.0.1:${host.port}/ws`, { origin: host.origin, headers: { cookie: sessionCookie }, rejectUnauthorized: false })
    : new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
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
      // A socket the host closed (a session ended) answers nothing: say so rather than wait forever.
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('the host WebSocket closed'));
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, name, input: input ?? {} }));
      });
    },
    close: () => ws.close(),
  };
}
