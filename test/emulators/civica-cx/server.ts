/**
 * The HTTP front: routes /__admin and /api, and meets /api traffic in the order a real deployment
 * would: transit latency, the IP allowlist (the firewall in front of Cx), the gateway's rate
 * limit, a dropped connection or a 5xx from the proxy, then the application (token first).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAdmin } from './admin';
import { handleApi } from './api';
import { normaliseAddress } from './auth';
import { appendLog, type EmulatorContext } from './context';
import { BodyTooLarge, problem, readBody, send, type Answer } from './http';
import type { RequestLogEntry } from './types';

const PROXY_PAGES: Record<502 | 503, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  503: '<html><head><title>503 Service Unavailable</title></head><body><h1>503 Service Unavailable</h1></body></html>',
};

/** 500 comes from the application (JSON); 502/503 from the proxy in front of it (HTML). */
function serverError(status: 500 | 502 | 503): Answer {
  if (status === 500) return problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred');
  return { status, body: PROXY_PAGES[status], headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

export function ipNotAllowed(address: string): Answer {
  return problem(403, 'IP_NOT_ALLOWED', `Access from ${address} is not allowed: the caller's address must be on the Cx API allowlist`);
}

export function createEmulatorServer(ctx: EmulatorContext): Server {
  const server = createServer((req, res) => {
    res.sendDate = false; // our Date comes from the server's clock, not the host's
    handle(ctx, req, res).catch((error: unknown) => {
      send(res, problem(500, 'INTERNAL_ERROR', `Emulator error: ${(error as Error).message}`), ctx.serverNow());
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const isAdmin = url.pathname === '/__admin' || url.pathname.startsWith('/__admin/');
  const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');

  if (!isApi) {
    const body = await readBodyOr413(req, res, ctx);
    if (!body) return;
    send(res, isAdmin ? handleAdmin(ctx, req, url, body) : problem(404, 'NOT_FOUND', `Nothing at ${url.pathname}; the API is under /api/v1`), ctx.serverNow());
    return;
  }

  // Decided on arrival, so the PRNG sequence follows the order requests arrive in.
  const decision = ctx.faults.decide();
  const latency = ctx.faults.latencyMs;
  const body = await readBodyOr413(req, res, ctx);
  if (!body) return;
  if (latency > 0) await ctx.sleep(latency);

  const remoteAddress = normaliseAddress(req.socket.remoteAddress ?? '');
  const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: 0, remoteAddress, at: ctx.serverNow() };
  const finish = (answer: Answer | 'drop', username?: string) => {
    if (username !== undefined) entry.username = username;
    if (answer === 'drop') req.socket.destroy();
    else {
      entry.status = answer.status;
      send(res, answer, ctx.serverNow());
    }
    appendLog(ctx, entry);
  };

  if (!ctx.allowlist.allows(remoteAddress)) return finish(ipNotAllowed(remoteAddress));
  const retryAfter = ctx.faults.takeRateLimit();
  if (retryAfter !== null) return finish(problem(429, 'TOO_MANY_REQUESTS', 'Too many requests', {}, { 'Retry-After': String(retryAfter) }));
  if (decision.drop) return finish('drop');
  if (decision.errorStatus) return finish(serverError(decision.errorStatus));
  const { answer, username } = handleApi(ctx, req, url, body);
  // The work is done (a repair is raised, a cancel recorded) but the answer never arrives.
  finish(decision.dropAfterCommit ? 'drop' : answer, username);
}

async function readBodyOr413(req: IncomingMessage, res: ServerResponse, ctx: EmulatorContext): Promise<Buffer | null> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) send(res, problem(413, 'PAYLOAD_TOO_LARGE', error.message), ctx.serverNow());
    else req.socket.destroy();
    return null;
  }
}
