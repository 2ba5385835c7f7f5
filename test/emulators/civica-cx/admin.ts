/**
 * /__admin: fault knobs, the allowlist, users, tokens and records for tests that run the emulator
 * in another process. Not under /api, no authentication, no allowlist, no faults, not logged.
 */
import type { IncomingMessage } from 'node:http';
import { adminMessage as message, serveAdmin, type AdminRequest } from '../common/admin';
import { parseUser, publicUser } from './auth';
import { codeLists } from './codes';
import type { EmulatorContext } from './context';
import { json, type Answer } from './http';
import { parseRefusalStyle } from './refusal-style';
import { invoiceRepair } from './seed';
import { isRefusal } from './store';
import { appointmentView, contactView, repairView } from './views';
import { invoiceTask, tasksOf } from './works-order-rules';
import { taskView, worksOrderView } from './works-orders';

export const RECORD_KINDS = ['companies', 'assets', 'contacts', 'repairs', 'appointments', 'tasks', 'works-orders'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Records as the API would show them, with the company each belongs to. */
export function recordsOf(ctx: EmulatorContext, kind: RecordKind): Record<string, unknown>[] {
  const { store } = ctx;
  switch (kind) {
    case 'companies':
      return [...store.companies.values()].map((c) => ({ ...c }));
    case 'assets':
      return [...store.assets.values()].map((a) => structuredClone(a) as unknown as Record<string, unknown>);
    case 'contacts':
      return [...store.contacts.values()].map((c) => ({ companyCode: c.companyCode, ...contactView(c) }));
    case 'repairs':
      return [...store.repairs.values()].map((r) => ({ companyCode: r.companyCode, ...repairView(r), clientReference: r.clientReference }));
    case 'appointments':
      return [...store.appointments.values()].map((a) => ({ companyCode: a.companyCode, ...appointmentView(a) }));
    case 'tasks':
      return [...store.repairs.values()].flatMap((r) =>
        tasksOf(r).map(({ task, order }) => ({ companyCode: r.companyCode, repairReference: r.repairReference, ...taskView(task, order) })),
      );
    case 'works-orders':
      return [...store.repairs.values()].flatMap((r) => r.workOrders.map((order) => ({ companyCode: r.companyCode, ...worksOrderView(ctx, r, order) })));
  }
}

export function handleAdmin(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer): Answer {
  return serveAdmin(ctx, req, url, body, {
    paths: ['/__admin/allowlist', '/__admin/allowlist/answer', '/__admin/users', '/__admin/tokens/expire', '/__admin/demo', '/__admin/refusal-style'],
    handle: (request) => handleOwnAdmin(ctx, request),
  });
}

function handleOwnAdmin(ctx: EmulatorContext, { method, path, route, withJson }: AdminRequest): Answer | null {
  switch (route) {
    case 'GET /__admin/allowlist':
      return json(200, ctx.allowlist.get());
    case 'POST /__admin/allowlist':
      return withJson((value) => {
        const entries = Array.isArray(value) ? value : (value as { addresses?: unknown } | null)?.addresses;
        if (!Array.isArray(entries)) throw new Error('Invalid allowlist: send a JSON array of addresses / CIDR blocks, or { "addresses": [...] }');
        ctx.allowlist.replace(entries);
        return json(200, ctx.allowlist.get());
      });
    case 'GET /__admin/allowlist/answer':
      return json(200, { answer: ctx.allowlist.answer });
    case 'POST /__admin/allowlist/answer':
      return withJson((value) => {
        ctx.allowlist.setAnswer((value as { answer?: unknown } | null)?.answer);
        return json(200, { answer: ctx.allowlist.answer });
      });
    case 'GET /__admin/users':
      return json(200, [...ctx.users.values()].map(publicUser));
    case 'POST /__admin/users':
      return withJson((value) => {
        const user = parseUser(value);
        ctx.users.set(user.username, user);
        return json(200, publicUser(user));
      });
    case 'POST /__admin/tokens/expire':
      return json(200, { expired: ctx.tokens.expireAll(ctx.serverNow()) });
    case 'GET /__admin/refusal-style':
      return json(200, { style: ctx.refusalStyle });
    case 'POST /__admin/refusal-style':
      return withJson((value) => {
        ctx.refusalStyle = parseRefusalStyle((value as { style?: unknown } | null)?.style, 'Invalid refusal style: send { "style": ... }; style');
        return json(200, { style: ctx.refusalStyle });
      });
    case 'GET /__admin/demo':
      return json(200, { facts: ctx.demo, codeLists: codeLists() });
  }

  const user = /^\/__admin\/users\/([^/]+)$/.exec(path);
  if (user) {
    const username = decodeURIComponent(user[1]!);
    if (method !== 'DELETE') return message(405, `${method} is not supported on ${path}`, { Allow: 'DELETE' });
    if (!ctx.users.delete(username)) return message(404, `No user ${username}`);
    return json(200, [...ctx.users.values()].map(publicUser));
  }
  const invoice = /^\/__admin\/repairs\/([^/]+)\/invoice$/.exec(path);
  if (invoice) {
    if (method !== 'POST') return message(405, `${method} is not supported on ${path}`, { Allow: 'POST' });
    const repair = ctx.store.repairs.get(decodeURIComponent(invoice[1]!));
    if (!repair) return message(404, `No repair ${decodeURIComponent(invoice[1]!)}`);
    try {
      invoiceRepair(repair);
    } catch (error) {
      return message(409, (error as Error).message);
    }
    return json(200, repairView(repair));
  }
  const taskInvoice = /^\/__admin\/tasks\/(\d{1,15})\/invoice$/.exec(path);
  if (taskInvoice) {
    if (method !== 'POST') return message(405, `${method} is not supported on ${path}`, { Allow: 'POST' });
    return withJson((value) => {
      const extent = (value as { extent?: unknown } | null)?.extent;
      if (extent !== 'part' && extent !== 'full') throw new Error('Invalid invoice: send { "extent": "part" } or { "extent": "full" }');
      const result = invoiceTask(ctx.store, Number(taskInvoice[1]), extent);
      return isRefusal(result) ? message(result.status, result.message) : json(200, taskView(result.task, result.order));
    });
  }
  const records = /^\/__admin\/records\/([^/]+)$/.exec(path);
  if (records) {
    const kind = decodeURIComponent(records[1]!);
    if (!(RECORD_KINDS as readonly string[]).includes(kind)) return message(404, `No records named ${kind}; kinds: ${RECORD_KINDS.join(', ')}`);
    if (method !== 'GET') return message(405, `${method} is not supported on ${path}`, { Allow: 'GET' });
    return json(200, recordsOf(ctx, kind as RecordKind));
  }
  return null;
}
