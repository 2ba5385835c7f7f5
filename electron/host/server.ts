/**
 * The headless host's server: the built console over HTTP and the contract over a WebSocket at
 * `/ws`. Only a page from this server's own origin that carries the session token may connect.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/wire';
import type { Engine } from '../engine/engine';
import { isLoopbackHost } from '../../shared/network';
import { serveStatic } from './static-files';
import { bindWebSocket } from './ws-transport';

export interface HostOptions {
  engine: Pick<Engine, 'handlers' | 'onAnyEvent' | 'log'>;
  rendererDir: string;
  host: string;
  port: number;
  token?: string;
}

export interface RunningHost {
  /** The URL to open, carrying the session token. */
  consoleUrl: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const WEBSOCKET_PATH = '/ws';

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Socket, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => serveStatic(options.rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const unbind = bindWebSocket(wss, options.engine);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${urlHost}:${port}`;
  // Names a browser may use for this server; anything else in Host is a DNS-rebinding attempt.
  const allowedHosts = new Set([`${urlHost}:${port}`]);
  if (isLoopbackHost(options.host)) for (const name of ['127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${name}:${port}`);

  const consoles = new Set<unknown>();
  let closing = false;
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const hostHeader = req.headers.host ?? '';
    if (url.pathname !== WEBSOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts.has(hostHeader) || req.headers.origin !== `http://${hostHeader}`) {
      return refuse(socket, 403, 'Forbidden: this console is only served to pages from its own address');
    }
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 401, 'Unauthorized: missing or wrong session token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      consoles.add(ws);
      options.engine.log.write({ level: 'info', source: 'host', message: `A console connected (${consoles.size} open).` });
      ws.on('close', () => {
        consoles.delete(ws);
        if (closing) return; // the engine may already be closed; shutdown is logged by the engine
        options.engine.log.write({ level: 'info', source: 'host', message: `A console disconnected (${consoles.size} open).` });
      });
      wss.emit('connection', ws, req);
    });
  });

  return {
    consoleUrl: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      closing = true;
      unbind();
      for (const ws of wss.clients) ws.terminate();
      consoles.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
