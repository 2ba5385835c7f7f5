/**
 * The answers every Civica Cx API route gives alike: 404 and 405, offset/limit paging with its query
 * checks, a forced validation failure (the fault knob), and 400/422 for a body that fails its
 * checks. The routes of api.ts and the works-order routes (works-orders.ts) share them.
 */
import { MAX_PAGE_SIZE, type EmulatorContext } from './context';
import { json, problem, type Answer } from './http';
import type { WriteOperation } from './types';
import { validationMessage } from './validation';

export function methodNotAllowed(method: string, path: string, allow: string): Answer {
  return problem(405, 'METHOD_NOT_ALLOWED', `${method} is not supported on ${path}`, {}, { Allow: allow });
}

export function notFound(text: string): Answer {
  return problem(404, 'NOT_FOUND', text);
}

/** offset/limit paging: the page, with X-Total-Count (all matches). Unknown query names are refused. */
export function page(url: URL, ctx: EmulatorContext, rows: unknown[], filters: string[]): Answer {
  const errors: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) {
    if (name !== 'offset' && name !== 'limit' && !filters.includes(name))
      errors[name] = `is not a query parameter here${filters.length ? ` (use ${filters.join(', ')}, offset, limit)` : ' (use offset, limit)'}`;
  }
  const offsetText = url.searchParams.get('offset') ?? '0';
  const limitText = url.searchParams.get('limit') ?? String(ctx.pageSize);
  if (!/^\d{1,9}$/.test(offsetText)) errors.offset = 'must be a whole number from 0';
  if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_PAGE_SIZE) errors.limit = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
  if (Object.keys(errors).length) return problem(400, 'BAD_REQUEST', validationMessage(errors), { errors });
  const offset = Number(offsetText);
  const limit = Number(limitText);
  return json(200, rows.slice(offset, offset + limit), { 'X-Total-Count': String(rows.length) });
}

export function queryErrors(url: URL, filters: string[]): Answer | null {
  // Checked here too so a bad filter is refused before any search (page() repeats it harmlessly).
  const errors: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) {
    if (name !== 'offset' && name !== 'limit' && !filters.includes(name)) errors[name] = `is not a query parameter here (use ${filters.join(', ')}, offset, limit)`;
  }
  return Object.keys(errors).length ? problem(400, 'BAD_REQUEST', validationMessage(errors), { errors }) : null;
}

export function forcedFailure(ctx: EmulatorContext, operation: WriteOperation): Answer | null {
  const forced = ctx.faults.takeValidationFailure(operation);
  if (!forced) return null;
  const errors = { [forced.field]: forced.message };
  return problem(422, 'VALIDATION_FAILED', validationMessage(errors), { errors });
}

export function invalid(errors: Record<string, string>): Answer {
  return errors.body ? problem(400, 'BAD_REQUEST', `The body ${errors.body}`) : problem(422, 'VALIDATION_FAILED', validationMessage(errors), { errors });
}
