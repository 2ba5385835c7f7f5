/**
 * The headless host's server: the built console over HTTP and the contract over a WebSocket at
 * `/ws`. Only a page from this server's own origin that carries the session token may connect.
 * A client that sends something bad loses its own connection, never the host.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { LogLevel } from '../../shared/domain/log-entry';
import { MAX_FRAME_BYTES } from '../../shared/wire';
import type { Engine } from '../engine/engine';
import { hostNamesFor } from './allowed-hosts';
import { serveStatic } from './static-files';
import { bindWebSocket } from './ws-transport';

export interface HostOptions {
  engine: Pick<Engine, 'handlers' | 'onAnyEvent' | 'log' | 'localCaller'>;
  rendererDir: string;
  host: string;
  port: number;
  token?: string;
  /** Characters of large calls being put together at once, across every console (tests set it low). */
  assemblyBudgetChars?: number;
}

export interface RunningHost {
  /** The URL to open on this machine, carrying the session token. */
  consoleUrl: string;
  /** The same console at the machine's other addresses (listening on every address only). */
  otherConsoleUrls: string[];
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
  let closing = false;
  // What happens to connections goes to the engine log; never once the engine may be closing.
  const report = (level: LogLevel, message: string) => {
    if (closing) return;
    try {
      options.engine.log.write({ level, source: 'host', message });
    } catch (error) {
      console.error(`casebridge host: ${message} (not logged: ${error instanceof Error ? error.message : String(error)})`);
    }
  };

  const server = createServer((req, res) => serveStatic(options.rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const unbind = bindWebSocket(wss, options.engine, { report, assemblyBudgetChars: options.assemblyBudgetChars });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => report('error', `The console's web server failed: ${error.message}`));
  // Not valid HTTP, or a connection that failed before its request was read: that client only.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code !== 'ECONNRESET') report('warn', `A request to the console's address was refused: ${error.code ?? error.message}.`);
    if (socket.writable && !socket.writableEnded) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const port = (server.address() as AddressInfo).port;
  const names = hostNamesFor(options.host, port);
  const origin = `http://${names.consoleHost}:${port}`;

  const consoles = new Set<unknown>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head) => {
    // Until the WebSocket owns it (or while it is refused), a reset here is that client's alone.
    const onUpgradeError = (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') report('warn', `A console's connection failed while opening: ${error.code ?? error.message}.`);
    };
    socket.on('error', onUpgradeError);
    const url = new URL(req.url ?? '/', origin);
    const hostHeader = req.headers.host ?? '';
    if (url.pathname !== WEBSOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (!names.allows(hostHeader) || req.headers.origin !== `http://${hostHeader}`) {
      return refuse(socket, 403, 'Forbidden: this console is only served to pages from its own address');
    }
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 401, 'Unauthorized: missing or wrong session token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onUpgradeError);
      consoles.add(ws);
      report('info', `A console connected (${consoles.size} open).`);
      ws.on('close', () => {
        consoles.delete(ws);
        report('info', `A console disconnected (${consoles.size} open).`);
      });
      wss.emit('connection', ws, req);
    });
  });

  const consoleUrlAt = (host: string) => `http://${host}:${port}/?token=${token}`;
  return {
    consoleUrl: consoleUrlAt(names.consoleHost),
    otherConsoleUrls: names.otherHosts().map(consoleUrlAt),
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
