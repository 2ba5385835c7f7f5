/**
 * The Civica Cx REST client: signs in with the Cx user's username and password, keeps the token
 * in memory only (never stored, never logged), and sends every other call with it. A 401 on a
 * call is answered ONCE by signing in again and resending; a second 401 is classified. Lists are
 * read page by page (offset/limit, total in a header). Failures are ConnectorErrors classified as
 * for Tascomi (errors.ts), with Cx's own words: a 403 IP_NOT_ALLOWED is a `permission` failure
 * that points to the Network page, whose addresses the Cx administrators must allow.
 *
 * Decisions on an outcome in the body (Cx may refuse "quietly", with a 2xx status: dialect.ts):
 * - Every 2xx answer's body is read for an outcome before it counts as success, reads and
 *   sign-in included, so an operation added later is covered without a line of its own.
 * - A refusal there is a `validation` failure (never retried) in Cx's words, bounded and made
 *   printable; a refused sign-in is an `authentication` failure. A refusal is taken to mean
 *   nothing was applied (`mayHaveApplied` false): Cx said it did not do it, and looking for a
 *   record after a plain "no" would hide the refusal.
 * - An outcome we do not know is a `remote` failure naming what was received; on a write it
 *   may have applied (`mayHaveApplied`), so a retried raise looks for the repair first.
 *
 * Paths, bodies and answer shapes come from dialect.ts only.
 */
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { classifyFetchError, classifyHttpStatus, ConnectorError, parseRetryAfter, plainMessage, type ConnectorErrorInit } from '../errors';
import { headerNumber, isSuccess, quoteUntrusted, readJson, redirectFailure, unreadableFailure, type RemoteWords } from '../http/answer';
import { createReadRetries } from '../http/read-retries';
import { createHttpSender, type HttpAnswer, type HttpClientOptions } from '../http/send';
import { checkCxBaseUrl, CX_BLOCKED_CALLER, isCxBlockPage } from '../../../../shared/domain/civica-cx';
import {
  answers,
  ERROR_CODES,
  PAGE_LIMIT,
  parseError,
  readBodyOutcome,
  requests,
  ShapeError,
  TOTAL_HEADER,
  withPage,
  raiseStepAnswers,
  raiseStepRequests,
  type CxNewTask,
  type CxNewWorksOrder,
  type CxRepairStep,
  type CxStepRepair,
  type CxRaisedTask,
  type CxRaisedWorksOrder,
  WORKS_ORDER_LISTS,
  worksOrderAnswers,
  worksOrderRequests,
  type CxAppointment,
  type CxCode,
  type CxWorksOrder,
  type CxWorksOrderCancel,
  type CxCompanyRecord,
  type CxContact,
  type CxRepair,
  type CxRequestSpec,
} from './dialect';
import { redactCxRequest, redactCxResponse } from './redact';

export const CX_CONNECTOR = 'civica-cx';
export const CX_LABEL = 'Civica Cx';
export const DEFAULT_CX_TIMEOUT_MS = 30_000;
/** The most of Cx's words a refusal's message quotes. */
const MAX_QUOTED_CHARS = 300;
/** Sign in again this long before the token's stated expiry, rather than spend a 401 on it. */
const EXPIRY_MARGIN_MS = 60_000;

export const ALLOWLIST_MESSAGE =
  'Civica Cx refused this workstation’s address (its IP allowlist). Ask the Cx administrators to allow the addresses the Network page lists (it can copy them for an email), then try again.';

/** Our code (not Cx's) for a web page where the API answers JSON: most likely a firewall's block page. */
export const BLOCK_PAGE_CODE = 'WEB_PAGE';

/** `onExchange` hears `sending` 2 for the resend after signing in again. */
export interface CivicaCxClientOptions extends HttpClientOptions {
  /** The instance's base URL ("API URL"), without /api/v1. */
  baseUrl: string;
  username: string;
  password: string;
  clock: Clock;
  log?: Pick<LogBus, 'write'>;
  /** Most pages a list reads (default 50). */
  maxPages?: number;
  /** How many times one GET is tried within a call (default 3), and the first wait between tries (250 ms, doubling). */
  readTries?: number;
  readRetryDelayMs?: number;
}

export interface CivicaCxClient {
  readonly baseUrl: string;
  /** Signs in now (dropping any token held); resolves when a token is held. */
  signIn(): Promise<void>;
  /** Whether a token is held in memory. */
  hasToken(): boolean;
  /** Forgets the token (the next call signs in). */
  forgetToken(): void;
  companies(): Promise<CxCompanyRecord[]>;
  findContacts(company: string, criteria: { reference?: string; surname?: string; postcode?: string }): Promise<CxContact[]>;
  contact(company: string, contactId: number): Promise<CxContact>;
  /** Repairs of a contact created on or after `createdFrom` (yyyy-MM-dd), newest first. */
  repairsOfContact(company: string, contactId: number, createdFrom?: string): Promise<CxRepair[]>;
  repair(company: string, repairReference: string): Promise<CxRepair>;
  appointmentsOfRepair(company: string, repairReference: string): Promise<CxAppointment[]>;
  /** The three steps of a raise (dialect.ts), each answered with the record Cx created. */
  raiseRepairStep(company: string, repair: CxRepairStep): Promise<CxStepRepair>;
  addTask(company: string, repairReference: string, task: CxNewTask): Promise<CxRaisedTask>;
  raiseWorksOrder(company: string, repairReference: string, order: CxNewWorksOrder): Promise<CxRaisedWorksOrder>;
  /** Look-ups by the caller's client reference, oldest first: what a step whose answer was lost made. */
  repairsWithClientReference(company: string, clientReference: string): Promise<CxStepRepair[]>;
  tasksWithClientReference(company: string, repairReference: string, clientReference: string): Promise<CxRaisedTask[]>;
  worksOrdersWithClientReference(company: string, repairReference: string, clientReference: string): Promise<CxRaisedWorksOrder[]>;
  cancelAppointment(company: string, appointmentId: number, reason: string): Promise<CxAppointment>;
  // Works orders and their cancellation.
  /** A repair's works orders, with their tasks (and invoice state) and appointments. */
  worksOrdersOfRepair(company: string, repairReference: string): Promise<CxWorksOrder[]>;
  /** The cancel statuses or reasons a works-order cancellation takes. */
  worksOrderList(company: string, list: keyof typeof WORKS_ORDER_LISTS): Promise<CxCode[]>;
  /** Cancels a works order (and its Booked appointments); resolves to the order as Cx now has it. */
  cancelWorksOrder(company: string, worksOrderReference: string, cancel: CxWorksOrderCancel): Promise<CxWorksOrder>;
  close(): void;
}

const WORDS: RemoteWords = { remote: CX_LABEL, urlSetting: 'API URL' };

/** A ConnectorError worded for Civica Cx (errors.ts words the default messages for a named remote). */
export function cxError(init: Omit<ConnectorErrorInit, 'connector'>): ConnectorError {
  return new ConnectorError({ ...init, connector: CX_CONNECTOR, message: init.message ?? plainMessage({ ...init, connector: CX_LABEL }) });
}

function relabel(error: ConnectorError, message?: string): ConnectorError {
  const copy = cxError({
    kind: error.kind,
    message: message ?? (error.connector === CX_CONNECTOR ? error.message : error.message.replaceAll('the remote system', CX_LABEL)),
    status: error.status,
    code: error.code,
    detail: error.detail,
    retryAfterMs: error.retryAfterMs,
    fields: error.fields ? { ...error.fields } : undefined,
    table: error.table,
    mayHaveApplied: error.mayHaveApplied,
    request: error.request,
    response: error.response,
    cause: error.cause ?? error,
  });
  return copy;
}

export function createCivicaCxClient(options: CivicaCxClientOptions): CivicaCxClient {
  const checked = checkCxBaseUrl(options.baseUrl);
  if (!checked.ok) throw cxError({ kind: 'validation', message: checked.reason, fields: { baseUrl: checked.reason } });
  const baseUrl = checked.baseUrl;
  if (!options.username?.trim() || !options.password)
    throw cxError({ kind: 'validation', message: 'The Civica Cx username and password must both be set.', fields: { username: 'missing' } });
  const { clock } = options;
  const sender = createHttpSender({
    ...options,
    defaultTimeoutMs: DEFAULT_CX_TIMEOUT_MS,
    classifyFailure: (error, facts) => relabel(classifyFetchError(error, { connector: CX_LABEL, ...facts })),
    redactResponse: redactCxResponse,
  });
  const maxPages = Math.max(1, options.maxPages ?? 50);
  // A failed read is tried again within the call, as for Tascomi (../http/read-retries.ts); writes never are.
  const readAgain = createReadRetries({
    clock,
    tries: options.readTries,
    delayMs: options.readRetryDelayMs,
    onRetry: (what, error, delayMs, nextTry, tries) =>
      log(
        'debug',
        `Reading ${what} from Civica Cx failed (${error.kind}${error.status ? ` HTTP ${error.status}` : ''}); trying again in ${delayMs} ms (try ${nextTry} of ${tries}).`,
      ),
  });

  let token: { value: string; expiresAtMs?: number } | undefined;
  let signingIn: Promise<string> | undefined;

  const log = (level: 'debug' | 'info' | 'warn', message: string) => {
    try {
      options.log?.write({ level, source: CX_CONNECTOR, message });
    } catch {
      // A log failure must not fail the request.
    }
  };

  async function send(spec: CxRequestSpec, bearer: string | undefined, sending: number): Promise<HttpAnswer> {
    const url = `${baseUrl}${spec.path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    const body = spec.body ? JSON.stringify(spec.body) : undefined;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const request = redactCxRequest({ method: spec.method, url, headers, body: spec.body });
    // Signing in creates nothing on the remote either.
    return sender.send({ method: spec.method, url, headers, body, table: spec.resource, request, sending, changesNothing: spec.method === 'GET' || spec.resource === 'token' });
  }

  function httpError(answer: HttpAnswer, spec: CxRequestSpec): ConnectorError {
    const { code, message, fields } = parseError(answer.text);
    const common = { status: answer.status, code, detail: message, table: spec.resource, request: answer.request, response: answer.response() };
    const redirected = redirectFailure(answer, WORDS);
    if (redirected) return cxError({ ...common, ...redirected });
    if (answer.status === 403 && code === ERROR_CODES.ipNotAllowed) return cxError({ ...common, kind: 'permission', message: ALLOWLIST_MESSAGE });
    if (answer.status === 403 && code === ERROR_CODES.apiPermissionRequired)
      return cxError({
        ...common,
        kind: 'permission',
        message: `The Cx user "${options.username}" does not have API permission. Ask the Cx administrators to give this user API permissions (the seed's "Civica Cx user with API permissions").`,
      });
    if (answer.status === 403 && code === ERROR_CODES.companyNotPermitted)
      return cxError({
        ...common,
        kind: 'permission',
        message: `The Cx user "${options.username}" may not see this company${message ? ` (Cx said: "${message}")` : ''}. Choose another company, or ask the Cx administrators to add it to the user's roles.`,
      });
    if (answer.status === 401 && spec.resource === 'token')
      return cxError({ ...common, kind: 'authentication', message: 'Civica Cx refused the username or password. Check them on the Connections page (both are case-sensitive).' });
    if (answer.status === 401)
      return cxError({
        ...common,
        kind: 'authentication',
        message: `Civica Cx refused the sign-in token even after signing in again${message ? ` (it said: "${message}")` : ''}. Check the user's password and API permission, and this computer's clock.`,
      });
    const dateMs = Date.parse(answer.headers.get('date') ?? '') || clock.millis();
    const classified = classifyHttpStatus({
      status: answer.status,
      connector: CX_LABEL,
      detail: message,
      fields,
      table: spec.resource,
      retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), dateMs),
    });
    const error = cxError({
      kind: classified.kind,
      status: answer.status,
      code,
      ...blockPage(answer),
      detail: message,
      fields,
      table: spec.resource,
      retryAfterMs: classified.retryAfterMs,
      mayHaveApplied: classified.mayHaveApplied,
      request: answer.request,
      response: answer.response(),
    });
    if (spec.method === 'GET') error.mayHaveApplied = false;
    return error;
  }

  function unreadable(answer: HttpAnswer, spec: CxRequestSpec, what: string): ConnectorError {
    return cxError({ ...unreadableFailure(answer, WORDS, what), ...blockPage(answer), table: spec.resource });
  }

  /** A firewall's page instead of the API's answer: named so, whatever its status. */
  function blockPage(answer: HttpAnswer): { code: string; message: string } | undefined {
    if (!isCxBlockPage(answer.status, answer.headers.get('content-type'))) return undefined;
    return { code: BLOCK_PAGE_CODE, message: `Civica Cx answered HTTP ${answer.status} with a web page, not the API’s JSON. ${CX_BLOCKED_CALLER.html}` };
  }

  /** A refusal or an unknown outcome in a 2xx answer's body (see Decisions above). */
  function outcomeFailure(answer: HttpAnswer, spec: CxRequestSpec, body: unknown): ConnectorError | undefined {
    const outcome = readBodyOutcome(body);
    if (outcome.outcome === 'none') return undefined;
    const common = { status: answer.status, table: spec.resource, request: answer.request, response: answer.response() };
    if (outcome.outcome === 'unknown')
      return cxError({
        ...unreadableFailure(answer, WORDS, `an outcome casebridge does not know (${quoteUntrusted(outcome.received, 100)}) instead of success or a refusal`),
        table: spec.resource,
        mayHaveApplied: spec.method !== 'GET' && spec.resource !== 'token',
      });
    const words = quoteUntrusted(outcome.messages.join(' '), MAX_QUOTED_CHARS);
    const said = words ? ` (it said: "${words}")` : ' without saying why';
    const detail = words || undefined;
    if (spec.resource === 'token')
      return cxError({
        ...common,
        kind: 'authentication',
        code: ERROR_CODES.refusedInBody,
        detail,
        message: `Civica Cx refused to sign in${said}. Check the username and password on the Connections page (both are case-sensitive).`,
      });
    return cxError({
      ...common,
      kind: 'validation',
      code: ERROR_CODES.refusedInBody,
      detail,
      message: `Civica Cx refused to ${spec.action}${said}. Nothing was changed; this will not be retried.`,
    });
  }

  function parse<T>(answer: HttpAnswer, spec: CxRequestSpec, parser: (body: unknown) => T): T {
    const body = readJson(answer.text);
    if (!body.ok) throw unreadable(answer, spec, body.what);
    const failed = outcomeFailure(answer, spec, body.value);
    if (failed) throw failed;
    try {
      return parser(body.value);
    } catch (error) {
      if (error instanceof ShapeError) throw unreadable(answer, spec, `an answer of an unexpected shape (${error.message})`);
      throw error;
    }
  }

  async function doSignIn(): Promise<string> {
    const spec = requests.signIn(options.username, options.password);
    const answer = await send(spec, undefined, 1);
    if (!isSuccess(answer.status)) throw httpError(answer, spec);
    const parsed = parse(answer, spec, answers.signIn);
    token = { value: parsed.token, expiresAtMs: parsed.expiresAtMs };
    log('debug', `Signed in to Civica Cx as ${options.username}.`);
    return parsed.token;
  }

  /** One sign-in at a time: concurrent calls wait for the same one. */
  function signIn(): Promise<string> {
    signingIn ??= doSignIn().finally(() => {
      signingIn = undefined;
    });
    return signingIn;
  }

  async function currentToken(): Promise<string> {
    if (token && (token.expiresAtMs === undefined || clock.millis() < token.expiresAtMs - EXPIRY_MARGIN_MS)) return token.value;
    token = undefined;
    return signIn();
  }

  /** Sends with the token; a 401 drops it, signs in again and resends once. */
  async function call(spec: CxRequestSpec): Promise<HttpAnswer> {
    const first = await currentToken();
    const answer = await send(spec, first, 1);
    if (answer.status !== 401) return answer;
    log('info', `Civica Cx refused the token for ${spec.method} ${spec.resource} (${parseError(answer.text).code ?? 'HTTP 401'}); signing in again once.`);
    if (token?.value === first) token = undefined;
    const second = token?.value ?? (await signIn());
    return send(spec, second, 2);
  }

  async function one<T>(spec: CxRequestSpec, parser: (body: unknown) => T): Promise<T> {
    const attempt = async () => {
      const answer = await call(spec);
      if (!isSuccess(answer.status)) throw httpError(answer, spec);
      return parse(answer, spec, parser);
    };
    return spec.method === 'GET' ? readAgain(spec.resource, attempt) : attempt();
  }

  async function all<T>(spec: CxRequestSpec, parser: (body: unknown) => T[]): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < maxPages; page++) {
      const paged = { ...spec, path: withPage(spec.path, items.length, PAGE_LIMIT) };
      const { answer, batch } = await readAgain(spec.resource, async () => {
        const got = await call(paged);
        if (!isSuccess(got.status)) throw httpError(got, paged);
        return { answer: got, batch: parse(got, paged, parser) };
      });
      items.push(...batch);
      const total = headerNumber(answer.headers, TOTAL_HEADER);
      if (batch.length === 0 || batch.length < PAGE_LIMIT || (total !== null && items.length >= total)) return items;
    }
    log('warn', `Read only the first ${maxPages} pages of ${spec.resource} (${items.length} records).`);
    return items;
  }

  const checkText = (value: string, field: string) => {
    if (!value || !value.trim()) throw cxError({ kind: 'validation', message: `The ${field} is empty.`, fields: { [field]: 'empty' } });
    return value.trim();
  };

  return {
    baseUrl,
    async signIn() {
      token = undefined;
      await signIn();
    },
    hasToken: () => token !== undefined,
    forgetToken: () => {
      token = undefined;
    },
    companies: () => all(requests.companies(), answers.companies),
    findContacts: (company, criteria) => all(requests.findContacts(checkText(company, 'company'), criteria), answers.contacts),
    contact: (company, contactId) => one(requests.contact(checkText(company, 'company'), contactId), answers.contact),
    repairsOfContact: (company, contactId, createdFrom) => all(requests.repairsOfContact(checkText(company, 'company'), contactId, createdFrom || undefined), answers.repairs),
    repair: (company, ref) => one(requests.repair(checkText(company, 'company'), checkText(ref, 'repairReference')), answers.repair),
    appointmentsOfRepair: (company, ref) => all(requests.appointmentsOfRepair(checkText(company, 'company'), checkText(ref, 'repairReference')), answers.appointments),
    raiseRepairStep: (company, repair) => one(raiseStepRequests.raiseRepair(checkText(company, 'company'), repair), raiseStepAnswers.repair),
    addTask: (company, ref, task) => one(raiseStepRequests.addTask(checkText(company, 'company'), checkText(ref, 'repairReference'), task), raiseStepAnswers.task),
    raiseWorksOrder: (company, ref, order) =>
      one(raiseStepRequests.raiseWorksOrder(checkText(company, 'company'), checkText(ref, 'repairReference'), order), raiseStepAnswers.worksOrder),
    repairsWithClientReference: (company, clientRef) =>
      all(raiseStepRequests.repairsWithClientReference(checkText(company, 'company'), checkText(clientRef, 'clientReference')), raiseStepAnswers.repairs),
    tasksWithClientReference: (company, ref, clientRef) =>
      all(
        raiseStepRequests.tasksWithClientReference(checkText(company, 'company'), checkText(ref, 'repairReference'), checkText(clientRef, 'clientReference')),
        raiseStepAnswers.tasks,
      ),
    worksOrdersWithClientReference: (company, ref, clientRef) =>
      all(
        raiseStepRequests.worksOrdersWithClientReference(checkText(company, 'company'), checkText(ref, 'repairReference'), checkText(clientRef, 'clientReference')),
        raiseStepAnswers.worksOrders,
      ),
    cancelAppointment: (company, id, reason) => one(requests.cancelAppointment(checkText(company, 'company'), id, reason), answers.appointment),
    worksOrdersOfRepair: (company, ref) =>
      all(worksOrderRequests.worksOrdersOfRepair(checkText(company, 'company'), checkText(ref, 'repairReference')), worksOrderAnswers.worksOrders),
    worksOrderList: (company, list) => all(worksOrderRequests.list(checkText(company, 'company'), WORKS_ORDER_LISTS[list]), worksOrderAnswers.codes),
    cancelWorksOrder: (company, ref, cancel) =>
      one(worksOrderRequests.cancelWorksOrder(checkText(company, 'company'), checkText(ref, 'worksOrderReference'), cancel), worksOrderAnswers.worksOrder),
    close: () => {
      token = undefined;
      sender.close();
    },
  };
}
