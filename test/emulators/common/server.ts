/**
 * The HTTP front both emulators share: the server itself, reading a body (413 when too large), the
 * fault decisions and latency every API request meets on arrival, the 5xx pages of the proxy in
 * front of the application, and listening / closing. Each emulator keeps its own order of checks
 * under its API root (server.ts) and passes its remote's error bodies as FrontErrors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultDecision } from './faults';
import { BodyTooLarge, readBody, send, type Answer } from './http';

/** The remote's own error bodies for the answers the front gives itself. */
export interface FrontErrors {
  /** 413: the body is over the limit. */
  payloadTooLarge(text: string): Answer;
  /** 500: the emulator itself failed (a bug), named in the text. */
  emulatorError(text: string): Answer;
  /** 500: the application's answer when the error-rate knob picks 500. */
  applicationError(): Answer;
}

/** What of an emulator's context the front uses. */
export interface FrontContext {
  faults: { decide(): FaultDecision; readonly latencyMs: number };
  serverNow(): number;
  sleep(ms: number): Promise<void>;
}

const PROXY_PAGES: Record<502 | 503, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  503: '<html><head><title>503 Service Unavailable</title></head><body><h1>503 Service Unavailable</h1></body></html>',
};

/** 500 comes from the application (JSON); 502/503 from the proxy in front of it (HTML). */
export function serverError(status: 500 | 502 | 503, errors: FrontErrors): Answer {
  if (status === 500) return errors.applicationError();
  return { status, body: PROXY_PAGES[status], headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

/** Where an emulator's requests go. */
export interface FrontRoutes {
  /** '/api' (Cx) or '/rest' (Tascomi): requests under it meet the fault knobs. */
  apiRoot: string;
  /** A request under the API root, body not yet read (see `arrive`). */
  api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** /__admin: never faulted, never logged. */
  admin(req: IncomingMessage, url: URL, body: Buffer): Answer;
  /** Anything else: the remote's 404. */
  notFound(path: string): Answer;
}

export function createFrontServer(ctx: FrontContext, errors: FrontErrors, routes: FrontRoutes): Server {
  const server = createServer((req, res) => {
    res.sendDate = false; // our Date comes from the server's clock, not the host's
    route(ctx, errors, routes, req, res).catch((error: unknown) => {
      send(res, errors.emulatorError(`Emulator error: ${(error as Error).message}`), ctx.serverNow());
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function route(ctx: FrontContext, errors: FrontErrors, routes: FrontRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const isUnder = (root: string) => url.pathname === root || url.pathname.startsWith(`${root}/`);
  if (isUnder(routes.apiRoot)) return routes.api(req, res, url);
  const body = await readBodyOr413(ctx, errors, req, res);
  if (!body) return;
  send(res, isUnder('/__admin') ? routes.admin(req, url, body) : routes.notFound(url.pathname), ctx.serverNow());
}

/** The body, or null once the request is answered 413 (or its socket destroyed on a read error). */
async function readBodyOr413(ctx: FrontContext, errors: FrontErrors, req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) send(res, errors.payloadTooLarge(error.message), ctx.serverNow());
    else req.socket.destroy();
    return null;
  }
}

/**
 * An API request's arrival: its fault decision, its body, then its transit latency. Null when the
 * body could not be read (already answered).
 */
export async function arrive(ctx: FrontContext, errors: FrontErrors, req: IncomingMessage, res: ServerResponse): Promise<{ decision: FaultDecision; body: Buffer } | null> {
  // Decided on arrival, so the PRNG sequence follows the order requests arrive in.
  const decision = ctx.faults.decide();
  const latency = ctx.faults.latencyMs;
  const body = await readBodyOr413(ctx, errors, req, res);
  if (!body) return null;
  if (latency > 0) await ctx.sleep(latency);
  return { decision, body };
}

/** A real-timer sleep whose pending timers `cancelAll` clears, so a closed emulator leaves none behind. */
export function cancellableSleep(): { sleep(ms: number): Promise<void>; cancelAll(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    cancelAll() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Listens on host:port (0: any free port); returns the origin, e.g. http://127.0.0.1:8701 or http://[::1]:8701. */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Stops listening and ends every open connection (keep-alive ones included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
