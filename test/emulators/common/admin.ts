/**
 * What both emulators' /__admin endpoints share: `{message}` error bodies, JSON bodies checked the
 * same way, the fault-knob and request-log routes, and 405 / 404 for the rest. Each emulator's
 * admin.ts serves its own routes (users, keys, records, demo...) around these.
 */
import type { IncomingMessage } from 'node:http';
import { json, type Answer } from './http';

/** Admin errors are `{message}` in both emulators, whatever their API's error body. */
export function adminMessage(status: number, text: string, headers?: Record<string, string>): Answer {
  return { status, body: { message: text }, headers };
}

function parseJson(body: Buffer): { value: unknown } | Answer {
  const text = body.toString('utf8');
  if (text.trim() === '') return adminMessage(400, 'The body must be JSON, and it is empty');
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return adminMessage(400, `The body is not JSON: ${(error as Error).message}`);
  }
}

export interface AdminRequest {
  method: string;
  /** Without a trailing slash. */
  path: string;
  /** `${method} ${path}`, e.g. 'POST /__admin/faults'. */
  route: string;
  /** Runs `use` on the JSON body; bad JSON, or an error `use` throws, answers 400 with its message. */
  withJson(use: (value: unknown) => Answer): Answer;
}

function adminRequest(req: IncomingMessage, url: URL, body: Buffer): AdminRequest {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  return {
    method,
    path,
    route: `${method} ${path}`,
    withJson(use) {
      const parsed = parseJson(body);
      if (!('value' in parsed)) return parsed;
      try {
        return use(parsed.value);
      } catch (error) {
        return adminMessage(400, (error as Error).message);
      }
    },
  };
}

/** What of an emulator's context the shared routes use. */
export interface AdminContext<Faults> {
  faults: { get(): Faults; parse(input: unknown): Partial<Faults>; set(partial: Partial<Faults>): void; clear(): void };
  log: unknown[];
}

const SHARED_ADMIN_PATHS = ['/__admin/faults', '/__admin/faults/clear', '/__admin/requests'];

/** An emulator's own admin routes: `handle` answers them (null for any other), `paths` lists them for 405. */
export interface OwnAdminRoutes {
  paths: string[];
  handle(request: AdminRequest): Answer | null;
}

/** Serves /__admin: the shared routes, then the emulator's own, then 405 / 404. */
export function serveAdmin<Faults>(ctx: AdminContext<Faults>, req: IncomingMessage, url: URL, body: Buffer, own: OwnAdminRoutes): Answer {
  const request = adminRequest(req, url, body);
  return handleSharedAdmin(ctx, request) ?? own.handle(request) ?? unmatchedAdmin(request, own.paths);
}

/** The fault-knob and request-log routes; null when `request` is for another route. */
function handleSharedAdmin<Faults>(ctx: AdminContext<Faults>, request: AdminRequest): Answer | null {
  switch (request.route) {
    case 'GET /__admin/faults':
      return json(200, ctx.faults.get());
    case 'POST /__admin/faults':
      return request.withJson((value) => {
        ctx.faults.set(ctx.faults.parse(value));
        return json(200, ctx.faults.get());
      });
    case 'POST /__admin/faults/clear':
      ctx.faults.clear();
      return json(200, ctx.faults.get()); // no faults, now
    case 'GET /__admin/requests':
      return json(200, ctx.log);
    case 'DELETE /__admin/requests':
      ctx.log.length = 0;
      return json(200, []);
  }
  return null;
}

/** The last word: 405 on a known path with another verb, 404 on an unknown one. */
function unmatchedAdmin(request: AdminRequest, ownPaths: string[]): Answer {
  const known = [...SHARED_ADMIN_PATHS, ...ownPaths];
  if (known.includes(request.path)) return adminMessage(405, `${request.method} is not supported on ${request.path}`);
  return adminMessage(404, `No admin endpoint at ${request.path}`);
}
