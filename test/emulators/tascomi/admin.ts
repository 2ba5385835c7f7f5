/**
 * /__admin: fault knobs, keys and records for tests that run the emulator in another process.
 * Not under /rest, no authentication, no faults, not in the request log.
 */
import type { IncomingMessage } from 'node:http';
import type { EmulatorContext } from './context';
import { NO_FAULTS, parseFaults } from './faults';
import { json, message, type Answer } from './http';
import { parseKey } from './keys';
import { isTable } from './types';

function parseJson(body: Buffer): { value: unknown } | Answer {
  const text = body.toString('utf8');
  if (text.trim() === '') return message(400, 'The body must be JSON, and it is empty');
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return message(400, `The body is not JSON: ${(error as Error).message}`);
  }
}

function publicView(ctx: EmulatorContext) {
  return [...ctx.keys.values()].map((k) => ({ publicKey: k.publicKey, permissions: k.permissions ?? 'all' }));
}

export function handleAdmin(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer): Answer {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  const route = `${method} ${path}`;
  const withJson = (use: (value: unknown) => Answer): Answer => {
    const parsed = parseJson(body);
    if (!('value' in parsed)) return parsed;
    try {
      return use(parsed.value);
    } catch (error) {
      return message(400, (error as Error).message);
    }
  };

  switch (route) {
    case 'GET /__admin/faults':
      return json(200, ctx.faults.get());
    case 'POST /__admin/faults':
      return withJson((value) => {
        ctx.faults.set(parseFaults(value));
        return json(200, ctx.faults.get());
      });
    case 'POST /__admin/faults/clear':
      ctx.faults.clear();
      return json(200, { ...NO_FAULTS });
    case 'GET /__admin/keys':
      return json(200, publicView(ctx));
    case 'POST /__admin/keys':
      return withJson((value) => {
        const key = parseKey(value);
        ctx.keys.set(key.publicKey, key);
        return json(200, { publicKey: key.publicKey, permissions: key.permissions });
      });
    case 'GET /__admin/requests':
      return json(200, ctx.log);
    case 'DELETE /__admin/requests':
      ctx.log.length = 0;
      return json(200, []);
    case 'GET /__admin/demo':
      return json(200, ctx.demo);
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
    return message(405, `${method} is not supported on ${path}`, {}, { Allow: 'GET, POST' });
  }
  const known = ['/__admin/faults', '/__admin/faults/clear', '/__admin/keys', '/__admin/requests', '/__admin/demo'];
  if (known.includes(path)) return message(405, `${method} is not supported on ${path}`);
  return message(404, `No admin endpoint at ${path}`);
}
