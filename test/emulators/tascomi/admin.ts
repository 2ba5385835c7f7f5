/**
 * /__admin: fault knobs, keys, assumed rules and records for tests that run the emulator in another process.
 * Not under /rest, no authentication, no faults, not in the request log.
 */
import type { IncomingMessage } from 'node:http';
import { adminMessage as message, serveAdmin, type AdminRequest } from '../common/admin';
import { parseAssumed } from './assumed';
import type { EmulatorContext } from './context';
import { json, type Answer } from './http';
import { parseKey } from './keys';
import { isTable } from './types';

function publicView(ctx: EmulatorContext) {
  return [...ctx.keys.values()].map((k) => ({ publicKey: k.publicKey, permissions: k.permissions ?? 'all' }));
}

export function handleAdmin(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer): Answer {
  return serveAdmin(ctx, req, url, body, { paths: ['/__admin/keys', '/__admin/demo', '/__admin/assumed'], handle: (request) => handleOwnAdmin(ctx, request) });
}

function handleOwnAdmin(ctx: EmulatorContext, { method, path, route, withJson }: AdminRequest): Answer | null {
  switch (route) {
    case 'GET /__admin/keys':
      return json(200, publicView(ctx));
    case 'POST /__admin/keys':
      return withJson((value) => {
        const key = parseKey(value);
        ctx.keys.set(key.publicKey, key);
        return json(200, { publicKey: key.publicKey, permissions: key.permissions });
      });
    case 'GET /__admin/demo':
      return json(200, ctx.demo);
    case 'GET /__admin/assumed':
      return json(200, ctx.assumed);
    case 'POST /__admin/assumed':
      return withJson((value) => {
        Object.assign(ctx.assumed, parseAssumed(value));
        return json(200, ctx.assumed);
      });
  }

  const records = /^\/__admin\/records\/([^/]+)$/.exec(path);
  if (records) {
    const table = decodeURIComponent(records[1]!);
    if (!isTable(table)) return message(404, `No table named ${table}`);
    if (method === 'GET') return json(200, ctx.store.all(table));
    if (method === 'POST') {
      return withJson((value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('The body must be a JSON object of field values');
        return json(201, ctx.store.insert(table, value as Record<string, unknown>, ctx.apiUserId));
      });
    }
    return message(405, `${method} is not supported on ${path}`, { Allow: 'GET, POST' });
  }
  return null;
}
