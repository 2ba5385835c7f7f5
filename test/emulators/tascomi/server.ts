/**
 * The HTTP front: routes /__admin and /rest, and applies the fault knobs to /rest traffic in the
 * order a real deployment would meet them: transit latency, the gateway's rate limit, a dropped
 * connection or a 5xx from the proxy, then the application (authentication first).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAdmin } from './admin';
import { appendLog, type EmulatorContext } from './context';
import { BodyTooLarge, message, readBody, send, type Answer } from './http';
import { handleRest } from './rest';

const PROXY_PAGES: Record<502 | 503, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  503: '<html><head><title>503 Service Unavailable</title></head><body><h1>503 Service Unavailable</h1></body></html>',
};

/** 500 comes from the application (JSON); 502/503 from the proxy in front of it (HTML). */
function serverError(status: 500 | 502 | 503): Answer {
  if (status === 500) return message(500, 'Internal Server Error');
  return { status, body: PROXY_PAGES[status], headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

export function createEmulatorServer(ctx: EmulatorContext): Server {
  const server = createServer((req, res) => {
    res.sendDate = false; // our Date comes from the server's clock, not the host's
    handle(ctx, req, res).catch((error: unknown) => {
      send(res, message(500, `Emulator error: ${(error as Error).message}`), ctx.serverNow());
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const isAdmin = url.pathname === '/__admin' || url.pathname.startsWith('/__admin/');
  const isRest = url.pathname === '/rest' || url.pathname.startsWith('/rest/');

  if (!isRest) {
    const body = await readBodyOr413(req, res, ctx);
    if (!body) return;
    send(res, isAdmin ? handleAdmin(ctx, req, url, body) : message(404, `Nothing at ${url.pathname}; the API is under /rest/v1`), ctx.serverNow());
    return;
  }

  // Decided on arrival, so the PRNG sequence follows the order requests arrive in.
  const decision = ctx.faults.decide();
  const latency = ctx.faults.latencyMs;
  const body = await readBodyOr413(req, res, ctx);
  if (!body) return;
  if (latency > 0) await ctx.sleep(latency);

  const entry = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.slice(1),
    status: 0,
    publicKey: typeof req.headers['x-public'] === 'string' ? req.headers['x-public'] : undefined,
    at: ctx.serverNow(),
  };
  const finish = (answer: Answer | 'drop') => {
    if (answer === 'drop') req.socket.destroy();
    else {
      entry.status = answer.status;
      send(res, answer, ctx.serverNow());
    }
    appendLog(ctx, entry);
  };

  if (decision.rateLimited !== null) {
    return finish(message(429, 'Too many requests', {}, { 'Retry-After': String(decision.rateLimited) }));
  }
  if (decision.drop) return finish('drop');
  if (decision.errorStatus) return finish(serverError(decision.errorStatus));
  const answer = handleRest(ctx, req, url, body);
  // The work is done (a create is stored) but the answer never arrives: the "unknown outcome" case.
  finish(decision.dropAfterCommit ? 'drop' : answer);
}

async function readBodyOr413(req: IncomingMessage, res: ServerResponse, ctx: EmulatorContext): Promise<Buffer | null> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) send(res, message(413, error.message), ctx.serverNow());
    else req.socket.destroy();
    return null;
  }
}
