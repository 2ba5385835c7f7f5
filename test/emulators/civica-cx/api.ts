/**
 * The /api/v1 dialect (../shared/reference/civica-cx.md): token sign-in, companies, contacts,
 * repairs and their appointments, and appointment cancels. Raising a repair (three steps) and
 * cancelling a works order are the works-order level (works-orders.ts). Every call after sign-in
 * carries `Authorization: Bearer <token>`; lists page with offset/limit and X-Total-Count.
 */
import type { IncomingMessage } from 'node:http';
import { DateTime } from 'luxon';
import { BAD_CREDENTIALS_MESSAGE, passwordMatches } from './auth';
import { ZONE, type EmulatorContext } from './context';
import { header, json, parseJsonBody, problem, type Answer } from './http';
import { isRefusal } from './store';
import type { CxUser } from './types';
import { checkAppointmentCancel, validationMessage } from './validation';
import { appointmentView, contactView, isoTime, repairView } from './views';
import { forcedFailure, invalid, methodNotAllowed, notFound, page, queryErrors } from './answers';
import { routeWorksOrders } from './works-orders';

export interface ApiOutcome {
  answer: Answer;
  /** Who the request was made as (the token's user, or the username a sign-in tried). */
  username?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function unauthorised(code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED', text: string): Answer {
  return problem(401, code, text, {}, { 'WWW-Authenticate': `Bearer realm="Cx", error="invalid_token", error_description="${text}"` });
}

function noApiPermission(username: string): Answer {
  return problem(403, 'API_PERMISSION_REQUIRED', `User ${username} does not have API permission`);
}

export function handleApi(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer): ApiOutcome {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s)); // ['api', 'v1', ...]
  if (segments[1] !== 'v1') return { answer: notFound(`Nothing at ${url.pathname}; the API is under /api/v1`) };

  if (segments.length === 3 && segments[2] === 'token') {
    if (method !== 'POST') return { answer: methodNotAllowed(method, path, 'POST') };
    return signIn(ctx, req, body);
  }

  // Every other call needs a live bearer token of a user who still has API permission.
  const authorization = header(req, 'authorization') ?? '';
  const bearer = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
  if (!bearer) return { answer: unauthorised('INVALID_TOKEN', 'Send Authorization: Bearer <token> from POST /api/v1/token') };
  const checked = ctx.tokens.check(bearer[1]!, ctx.users, ctx.serverNow());
  if (checked === 'unknown') return { answer: unauthorised('INVALID_TOKEN', 'The access token is not valid') };
  if (checked === 'expired') return { answer: unauthorised('TOKEN_EXPIRED', 'The access token expired') };
  const { user } = checked;
  const as = (answer: Answer): ApiOutcome => ({ answer, username: user.username });
  if (!user.apiAccess) return as(noApiPermission(user.username));

  const rest = segments.slice(2);
  if (rest.length === 1 && rest[0] === 'companies') {
    if (method !== 'GET') return as(methodNotAllowed(method, path, 'GET'));
    const visible = [...ctx.store.companies.values()].filter((c) => canSeeCompany(user, c.companyCode));
    return as(
      page(
        url,
        ctx,
        visible.map((c) => ({ companyCode: c.companyCode, name: c.name })),
        [],
      ),
    );
  }
  if (rest.length < 2) return as(notFound(`Nothing at ${url.pathname}`));

  const company = rest[0]!;
  if (!ctx.store.companies.has(company)) return as(notFound(`No company ${company}`));
  if (!canSeeCompany(user, company)) return as(problem(403, 'COMPANY_NOT_PERMITTED', `User ${user.username} has no role in company ${company}`));
  return as(route(ctx, req, url, body, company, rest.slice(1), method, path));
}

function canSeeCompany(user: Required<CxUser>, company: string): boolean {
  return user.companies === 'all' || user.companies.includes(company);
}

function signIn(ctx: EmulatorContext, req: IncomingMessage, body: Buffer): ApiOutcome {
  const parsed = parseJsonBody(req, body);
  if (!('value' in parsed)) return { answer: parsed };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { answer: problem(400, 'BAD_REQUEST', 'The body must be a JSON object { username, password }') };
  const { username, password } = value as Record<string, unknown>;
  const errors: Record<string, string> = {};
  if (typeof username !== 'string' || username === '') errors.username = 'is required';
  if (typeof password !== 'string' || password === '') errors.password = 'is required';
  if (Object.keys(errors).length) return { answer: problem(400, 'BAD_REQUEST', validationMessage(errors), { errors }) };
  const user = ctx.users.get(username as string);
  const tried = { username: username as string };
  // Unknown user and wrong password answer alike, so usernames cannot be probed.
  if (!user || !passwordMatches(password as string, user.password)) return { ...tried, answer: problem(401, 'BAD_CREDENTIALS', BAD_CREDENTIALS_MESSAGE) };
  if (!user.apiAccess) return { ...tried, answer: noApiPermission(user.username) };
  const session = ctx.tokens.issue(user, ctx.serverNow(), ctx.tokenLifetimeMs);
  return { ...tried, answer: json(200, { token: session.token, expiresAt: isoTime(session.expiresAt) }, { 'Cache-Control': 'no-store' }) };
}

const compactPostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

function route(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer, company: string, rest: string[], method: string, path: string): Answer {
  const { store } = ctx;
  // The works-order level (works-orders.ts) answers first; what it does not claim is routed below.
  const worksOrderAnswer = routeWorksOrders(ctx, req, url, body, company, rest, method);
  if (worksOrderAnswer) return worksOrderAnswer;
  const [resource, id, action, more] = rest;
  if (more !== undefined) return notFound(`Nothing at ${url.pathname}`);

  if (resource === 'contacts') {
    if (id === undefined) {
      if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
      const filters = ['reference', 'surname', 'postcode'];
      const bad = queryErrors(url, filters);
      if (bad) return bad;
      const reference = url.searchParams.get('reference')?.trim().toUpperCase() || null;
      const surname = url.searchParams.get('surname')?.trim().toLowerCase() || null;
      const postcode = url.searchParams.get('postcode') ? compactPostcode(url.searchParams.get('postcode')!) : null;
      if (!reference && !surname && !postcode) {
        return problem(400, 'BAD_REQUEST', 'Give at least one of reference, surname, postcode', { errors: { query: 'needs reference, surname or postcode' } });
      }
      const found = [...store.contacts.values()]
        .filter(
          (c) =>
            c.companyCode === company &&
            (!reference || c.reference.toUpperCase() === reference) &&
            (!surname || c.surname.toLowerCase() === surname) &&
            (!postcode || (c.address !== null && compactPostcode(c.address.postcode) === postcode)),
        )
        .sort((a, b) => a.surname.localeCompare(b.surname) || (a.forename ?? '').localeCompare(b.forename ?? '') || a.contactId - b.contactId);
      return page(url, ctx, found.map(contactView), filters);
    }
    const contactId = /^[1-9]\d{0,14}$/.test(id) ? Number(id) : NaN;
    const contact = Number.isNaN(contactId) ? undefined : store.contact(company, contactId);
    if (action === undefined) {
      if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
      return contact ? json(200, contactView(contact)) : notFound(`No contact ${id} in company ${company}`);
    }
    if (action !== 'repairs') return notFound(`Nothing at ${url.pathname}`);
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    const bad = queryErrors(url, ['createdFrom']);
    if (bad) return bad;
    if (!contact) return notFound(`No contact ${id} in company ${company}`);
    let from = -Infinity;
    const createdFrom = url.searchParams.get('createdFrom');
    if (createdFrom !== null) {
      const day = DateTime.fromFormat(createdFrom, 'yyyy-MM-dd', { zone: ZONE });
      if (!DAY.test(createdFrom) || !day.isValid)
        return problem(400, 'BAD_REQUEST', 'Validation failed: createdFrom must be a date as yyyy-MM-dd', { errors: { createdFrom: 'must be a date as yyyy-MM-dd' } });
      from = day.toMillis();
    }
    const repairs = [...store.repairs.values()]
      .filter((r) => r.companyCode === company && r.contactId === contact.contactId && r.createdAt >= from)
      .sort((a, b) => b.createdAt - a.createdAt || b.repairReference.localeCompare(a.repairReference));
    return page(url, ctx, repairs.map(repairView), ['createdFrom']);
  }

  if (resource === 'repairs' && id !== undefined) {
    if (action === undefined) {
      if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
      const repair = store.repair(company, id);
      return repair ? json(200, repairView(repair)) : notFound(`No repair ${id} in company ${company}`);
    }
    if (action === 'appointments') {
      if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
      const bad = queryErrors(url, []);
      if (bad) return bad;
      if (!store.repair(company, id)) return notFound(`No repair ${id} in company ${company}`);
      const appointments = store.appointmentsOf(id).sort((a, b) => a.start - b.start || a.appointmentId - b.appointmentId);
      return page(url, ctx, appointments.map(appointmentView), []);
    }
    if (action === 'cancel') return notFound(`Nothing at ${url.pathname}: a repair is cancelled one works order at a time (POST works-orders/{reference}/cancel)`);
    return notFound(`Nothing at ${url.pathname}`);
  }

  if (resource === 'appointments' && id !== undefined && action === 'cancel') {
    if (method !== 'POST') return methodNotAllowed(method, path, 'POST');
    return cancelAppointment(ctx, req, body, company, id);
  }
  return notFound(`Nothing at ${url.pathname}`);
}

function cancelAppointment(ctx: EmulatorContext, req: IncomingMessage, body: Buffer, company: string, id: string): Answer {
  const parsed = parseJsonBody(req, body);
  if (!('value' in parsed)) return parsed;
  const appointmentId = /^[1-9]\d{0,14}$/.test(id) ? Number(id) : NaN;
  if (Number.isNaN(appointmentId) || !ctx.store.appointment(company, appointmentId)) return notFound(`No appointment ${id} in company ${company}`);
  const forced = forcedFailure(ctx, 'cancelAppointment');
  if (forced) return forced;
  const { errors, value } = checkAppointmentCancel(parsed.value);
  if (!value) return invalid(errors);
  const result = ctx.store.cancelAppointment(company, appointmentId, value.reason, ctx.serverNow());
  if (isRefusal(result)) return problem(result.status, result.code, result.message);
  return json(200, appointmentView(result));
}
