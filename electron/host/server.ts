/**
 * The headless host's server: the built console and the contract over a WebSocket at `/ws`.
 * Two modes:
 * - Plain HTTP on loopback: one person on this machine; a page from this server's own origin that
 *   carries the session token may connect, as the administrator at the desk.
 * - HTTPS (any address): accounts. People sign in (auth-routes.ts); the session cookie opens the
 *   WebSocket, each call is made as the session's person as they are now, and a session that ends
 *   closes its consoles at once.
 * A client that sends something bad loses its own connection, never the host.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { LogLevel } from '../../shared/domain/log-entry';
import { MAX_FRAME_BYTES } from '../../shared/wire';
import type { Engine } from '../engine/engine';
import type { People } from '../engine/people/people';
import { hostNamesFor } from './allowed-hosts';
import { createAuthRoutes, type SingleSignOnFlow } from './auth-routes';
import { readCookie, SESSION_COOKIE } from './cookies';
import { createSessionSockets, SWEEP_EVERY_MS } from './session-sockets';
import { createSetupCode } from './setup-code';
import { createMonitoringRoutes } from './monitoring-routes';
import { serveStatic } from './static-files';
import type { TlsMaterial } from './tls';
import { bindWebSocket } from './ws-transport';

export interface HostOptions {
  /** `people` signs people in with `tls`. */
  engine: Pick<Engine, 'handlers' | 'onAnyEvent' | 'log' | 'localCaller' | 'people' | 'monitoring'>;
  rendererDir: string;
  host: string;
  port: number;
  /** Plain HTTP only: the session token (random when not given). */
  token?: string;
  /** HTTPS with this certificate, and accounts mode. */
  tls?: TlsMaterial;
  /** Single sign-on through the council's identity provider (accounts mode). */
  singleSignOn?: SingleSignOnFlow;
  /** The time, for how long a single sign-on may take (tests pass a fake clock's). */
  now?: () => number;
  /** Scrapers of /metrics must send this bearer token; without it /metrics is for this machine only (monitoring-routes.ts). */
  metricsToken?: string;
  /** Characters of large calls being put together at once, across every console (tests set it low). */
  assemblyBudgetChars?: number;
}

export interface RunningHost {
  signIn: 'token' | 'accounts';
  /** The URL to open on this machine (carrying the session token, in token mode). */
  consoleUrl: string;
  /** The same console at the machine's other addresses (listening on every address only). */
  otherConsoleUrls: string[];
  origin: string;
  port: number;
  /** Token mode's session token; absent in accounts mode. */
  token?: string;
  /** Accounts mode: the certificate's SHA-256 fingerprint. */
  fingerprint?: string;
  /** Accounts mode: the first administrator's setup code, while one is needed. */
  setupCode(): string | undefined;
  /** What runs every minute in accounts mode: closes the open consoles whose session has lapsed. */
  sweepSessions(): void;
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
  const people = options.engine.people;
  if (options.tls && options.token) throw new Error('A session token is for plain HTTP on this machine; with HTTPS people sign in.');
  const accountsMode = options.tls ? { tls: options.tls, people } : undefined;
  const token = accountsMode ? undefined : (options.token ?? randomBytes(24).toString('base64url'));
  const scheme = accountsMode ? 'https' : 'http';
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

  // Known once the server listens (the port is part of every name); requests only come after.
  const bound: { names?: ReturnType<typeof hostNamesFor> } = {};
  const isOwnHost = (hostHeader: string | undefined) => !!bound.names && !!hostHeader && bound.names.allows(hostHeader);
  const isOwnOrigin = (origin: string | undefined, hostHeader: string | undefined) => isOwnHost(hostHeader) && origin === `${scheme}://${hostHeader}`;
  const setupCode = accountsMode ? createSetupCode(() => accountsMode.people.accounts.needsFirstAdministrator()) : undefined;
  const sockets = accountsMode ? createSessionSockets(accountsMode.people.sessions, (message) => report('info', message), options.now) : undefined;
  const sweeper = sockets
    ? setInterval(() => {
        try {
          sockets.sweep();
        } catch (error) {
          report('warn', `Open consoles' sessions could not be checked: ${error instanceof Error ? error.message : String(error)}`);
        }
      }, SWEEP_EVERY_MS)
    : undefined;
  sweeper?.unref();
  const auth = createAuthRoutes({
    ...(accountsMode && setupCode && sockets
      ? {
          accounts: {
            people: accountsMode.people,
            setupCode,
            sockets,
            fingerprint: accountsMode.tls.fingerprint,
            ...(options.singleSignOn ? { singleSignOn: options.singleSignOn } : {}),
          },
        }
      : {}),
    isOwnOrigin,
    isOwnHost,
    report,
    ...(options.now ? { now: options.now } : {}),
  });

  const monitoring = createMonitoringRoutes({
    monitoring: options.engine.monitoring,
    ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken } : {}),
    isOwnHost,
    report,
  });
  const listener: RequestListener = (req, res) => {
    if (!monitoring.handle(req, res) && !auth.handle(req, res)) serveStatic(options.rendererDir, req, res);
  };
  const server = accountsMode ? createHttpsServer(accountsMode.tls.options, listener) : createHttpServer(listener);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const unbind = bindWebSocket(wss, options.engine, {
    report,
    assemblyBudgetChars: options.assemblyBudgetChars,
    ...(sockets ? { callerFor: (ws) => sockets.callerFor(ws) } : {}),
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing of this host may outlive a start that failed (the engine's listeners, the sweep).
    clearInterval(sweeper);
    sockets?.stop();
    unbind();
    wss.close();
    throw error;
  }
  server.on('error', (error) => report('error', `The console's web server failed: ${error.message}`));
  // Not valid HTTP, or a connection that failed before its request was read: that client only.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code !== 'ECONNRESET') report('warn', `A request to the console's address was refused: ${error.code ?? error.message}.`);
    if (socket.writable && !socket.writableEnded) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const port = (server.address() as AddressInfo).port;
  const hostNames = hostNamesFor(options.host, port);
  bound.names = hostNames;
  const origin = `${scheme}://${hostNames.consoleHost}:${port}`;

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
    if (!isOwnOrigin(req.headers.origin, hostHeader)) {
      return refuse(socket, 403, 'Forbidden: this console is only served to pages from its own address');
    }
    let session: { id: string; caller: NonNullable<ReturnType<People['sessions']['check']>> } | undefined;
    if (accountsMode) {
      const id = readCookie(req, SESSION_COOKIE);
      const caller = id ? accountsMode.people.sessions.check(id) : null;
      if (!id || !caller) return refuse(socket, 401, 'Unauthorized: sign in first');
      session = { id, caller };
    } else if (!sameToken(url.searchParams.get('token'), token!)) return refuse(socket, 401, 'Unauthorized: missing or wrong session token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onUpgradeError);
      if (session) sockets!.attach(ws, session.id, session.caller);
      consoles.add(ws);
      report('info', `A console connected (${consoles.size} open).`);
      ws.on('close', () => {
        consoles.delete(ws);
        report('info', `A console disconnected (${consoles.size} open).`);
      });
      wss.emit('connection', ws, req);
    });
  });

  const consoleUrlAt = (host: string) => (token ? `${scheme}://${host}:${port}/?token=${token}` : `${scheme}://${host}:${port}/`);
  return {
    signIn: accountsMode ? 'accounts' : 'token',
    consoleUrl: consoleUrlAt(hostNames.consoleHost),
    otherConsoleUrls: hostNames.otherHosts().map(consoleUrlAt),
    origin,
    port,
    ...(token ? { token } : {}),
    ...(accountsMode ? { fingerprint: accountsMode.tls.fingerprint } : {}),
    setupCode: () => setupCode?.current(),
    sweepSessions: () => sockets?.sweep(),
    async close() {
      closing = true;
      unbind();
      clearInterval(sweeper);
      sockets?.stop();
      for (const ws of wss.clients) ws.terminate();
      consoles.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
