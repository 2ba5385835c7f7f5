/**
 * The HTTP front: routes /__admin and /rest, and applies the fault knobs to /rest traffic in the
 * order a real deployment would meet them: transit latency, the gateway's rate limit, a dropped
 * connection or a 5xx from the proxy, then the application (authentication first).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { arrive, createFrontServer, serverError, type FrontErrors } from '../common/server';
import { handleAdmin } from './admin';
import { appendLog, type EmulatorContext } from './context';
import { message, send, type Answer } from './http';
import { handleRest } from './rest';

/** Tascomi's error bodies for the answers the front gives itself. */
const TASCOMI_FRONT_ERRORS: FrontErrors = {
  payloadTooLarge: (text) => message(413, text),
  emulatorError: (text) => message(500, text),
  applicationError: () => message(500, 'Internal Server Error'),
};

export function createEmulatorServer(ctx: EmulatorContext): Server {
  return createFrontServer(ctx, TASCOMI_FRONT_ERRORS, {
    apiRoot: '/rest',
    api: (req, res, url) => handleRestRequest(ctx, req, res, url),
    admin: (req, url, body) => handleAdmin(ctx, req, url, body),
    notFound: (path) => message(404, `Nothing at ${path}; the API is under /rest/v1`),
  });
}

async function handleRestRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  // The limiter sits in front of everything else, as a gateway would: counted on arrival, like the
  // fault decision (unlike Cx's, which counts only callers past its allowlist).
  const rateLimited = ctx.faults.takeRateLimit();
  const arrived = await arrive(ctx, TASCOMI_FRONT_ERRORS, req, res);
  if (!arrived) return;
  const { decision, body } = arrived;

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

  if (rateLimited !== null) {
    return finish(message(429, 'Too many requests', {}, { 'Retry-After': String(rateLimited) }));
  }
  if (decision.drop) return finish('drop');
  if (decision.errorStatus) return finish(serverError(decision.errorStatus, TASCOMI_FRONT_ERRORS));
  const answer = handleRest(ctx, req, url, body);
  // The work is done (a create is stored) but the answer never arrives: the "unknown outcome" case.
  finish(decision.dropAfterCommit ? 'drop' : answer);
}
