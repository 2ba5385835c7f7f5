/**
 * The HTTP front: routes /__admin and /api, and meets /api traffic in the order a real deployment
 * would: transit latency, the IP allowlist (the firewall in front of Cx), the gateway's rate
 * limit, a dropped connection or a 5xx from the proxy, then the application (token first).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { arrive, createFrontServer, serverError, type FrontErrors } from '../common/server';
import { handleAdmin } from './admin';
import { handleApi } from './api';
import { normaliseAddress } from './auth';
import { appendLog, type EmulatorContext } from './context';
import { problem, send, type Answer } from './http';
import { inRefusalStyle } from './refusal-style';
import type { RequestLogEntry } from './types';

/** Cx's error bodies for the answers the front gives itself. */
const CX_FRONT_ERRORS: FrontErrors = {
  payloadTooLarge: (text) => problem(413, 'PAYLOAD_TOO_LARGE', text),
  emulatorError: (text) => problem(500, 'INTERNAL_ERROR', text),
  applicationError: () => problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred'),
};

export function ipNotAllowed(address: string): Answer {
  return problem(403, 'IP_NOT_ALLOWED', `Access from ${address} is not allowed: the caller's address must be on the Cx API allowlist`);
}

/** A block page as common web application firewalls send one (assumed: nothing public shows Cx's). */
const FIREWALL_BLOCK_PAGE = `<!DOCTYPE html>
<html><head><title>Access Denied</title></head>
<body><h1>Access Denied</h1><p>You don't have permission to access this resource. Your request was blocked by the firewall.</p></body></html>`;

/**
 * What a caller not on the allowlist meets. 'timeout' and 'refused' act on the request, not on
 * the connection: the admin endpoint shares the port and must stay reachable.
 */
function blockedAnswer(ctx: EmulatorContext, address: string): Answer | 'reset' | 'hold' {
  switch (ctx.allowlist.answer) {
    case 'json403':
      return ipNotAllowed(address);
    case 'html':
      return { status: 403, body: FIREWALL_BLOCK_PAGE, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
    case 'refused':
      return 'reset';
    case 'timeout':
      return 'hold';
  }
}

export function createEmulatorServer(ctx: EmulatorContext): Server {
  return createFrontServer(ctx, CX_FRONT_ERRORS, {
    apiRoot: '/api',
    api: (req, res, url) => handleApiRequest(ctx, req, res, url),
    admin: (req, url, body) => handleAdmin(ctx, req, url, body),
    notFound: (path) => problem(404, 'NOT_FOUND', `Nothing at ${path}; the API is under /api/v1`),
  });
}

async function handleApiRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const arrived = await arrive(ctx, CX_FRONT_ERRORS, req, res);
  if (!arrived) return;
  const { decision, body } = arrived;

  const remoteAddress = normaliseAddress(req.socket.remoteAddress ?? '');
  const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: 0, remoteAddress, at: ctx.serverNow() };
  const finish = (answer: Answer | 'drop' | 'reset' | 'hold', username?: string) => {
    if (username !== undefined) entry.username = username;
    if (answer === 'drop') req.socket.destroy();
    // A TCP reset (RST): the caller reads ECONNRESET, as from a firewall that rejects it.
    else if (answer === 'reset') req.socket.resetAndDestroy();
    // Never answered: the caller gives up, or closing the emulator ends the connection (closeAllConnections).
    else if (answer === 'hold') return void appendLog(ctx, entry);
    else {
      entry.status = answer.status;
      send(res, answer, ctx.serverNow());
    }
    appendLog(ctx, entry);
  };

  if (!ctx.allowlist.allows(remoteAddress)) return finish(blockedAnswer(ctx, remoteAddress));
  // Counted after the allowlist (unlike Tascomi's, on arrival): refused callers do not use it up.
  const retryAfter = ctx.faults.takeRateLimit();
  if (retryAfter !== null) return finish(problem(429, 'TOO_MANY_REQUESTS', 'Too many requests', {}, { 'Retry-After': String(retryAfter) }));
  if (decision.drop) return finish('drop');
  if (decision.errorStatus) return finish(serverError(decision.errorStatus, CX_FRONT_ERRORS));
  const { answer, username } = handleApi(ctx, req, url, body);
  // The work is done (a repair is raised, a cancel recorded) but the answer never arrives.
  finish(decision.dropAfterCommit ? 'drop' : inRefusalStyle(ctx.refusalStyle, answer), username);
}
