/**
 * The console's own WebSocket transport (renderer/src/api/ws-transport.ts), as the browser runs
 * it, on a `ws` socket carrying the console's origin: for tests and benchmarks that talk to a host
 * exactly as the console does (large calls in parts, progress, reconnection).
 */
import { WebSocket } from 'ws';
import type { Transport } from '../../renderer/src/api/transport';
import { createWebSocketTransport } from '../../renderer/src/api/ws-transport';
import type { HostAddress } from './console-socket';

export function consoleTransport(host: HostAddress, callTimeoutMs = 60_000): Transport {
  return createWebSocketTransport({
    url: `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
    callTimeoutMs,
    createSocket: (url) => new WebSocket(url, { origin: host.origin }) as unknown as globalThis.WebSocket,
  });
}
