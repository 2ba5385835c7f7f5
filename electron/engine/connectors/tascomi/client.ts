/**
 * The Tascomi REST client: one signed HTTP exchange per call, classified into ConnectorErrors.
 *
 * - Every request is signed fresh with the server-corrected time, after the boundary guard has
 *   moved it away from a minute boundary (server-clock.ts).
 * - A 401 is answered ONCE by re-signing (the 401's Date header has just corrected our estimate of
 *   the server's clock) and sending again; a second 401 is classified. It is marked as a minute
 *   boundary failure (retryable) when the minute we signed differs from the server's minute in
 *   that answer's Date header, or we signed within a second of a boundary; otherwise the keys (or
 *   the time zone setting) are wrong and it is not retryable.
 * - A read (GET) whose connection failed or dropped, or that got a 5xx or an unreadable answer
 *   (kinds `connection` and `remote`), is tried again here, up to `readTries` times with a short
 *   backoff on the injected clock: one job attempt makes several reads (code lists, contact and
 *   location look-ups, the look-up by case before a re-create), and one flaky read should not cost
 *   the whole attempt. A GET changes nothing, so this is always safe. Left to the queue: timeouts
 *   (the attempt has already waited the full timeout; more would eat the job's lease), 429 (the
 *   queue honours Retry-After), the minute-boundary 401 (already re-signed once above) and
 *   anything not retryable.
 * - Writes (PUT/POST) are never retried here: the job queue owns those retries, and a create is
 *   only resent after looking for the record it may already have made.
 * - Timeouts, the caller's abort and the exchange log are the shared sending's (../http/send.ts).
 * - A read given an AbortSignal (the sync's, aborted when the engine stops) ends at once, in its
 *   request, its boundary wait or its retry wait, and fails with the signal's reason, not as a
 *   timeout or a connection failure.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { classifyFetchError, classifyHttpStatus, ConnectorError, parseRetryAfter } from '../errors';
import { explainTascomiRedirect } from './redirect';
import { headerNumber, isSuccess, readJson, redirectFailure, unreadableFailure, type RemoteWords } from '../http/answer';
import { createReadRetries } from '../http/read-retries';
import { createHttpSender, type HttpAnswer, type HttpClientOptions } from '../http/send';
import { checkTascomiBaseUrl } from '../../../../shared/domain/tascomi';
import { encodeForm, type TascomiFields } from './form';
import { redactRequest, redactResponse, type RedactOptions } from './redact';
import { createServerClock, minutePosition, parseHttpDate, type ServerClock } from './server-clock';
import { tascomiAuthHeadersAt, tascomiTimestamp } from './signing';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_TASCOMI_TIME_ZONE = 'Europe/London';

/** `onExchange` hears `sending` 2 for the re-sign after a 401. */
export interface TascomiClientOptions extends HttpClientOptions {
  /** As the admin entered it, without /v1 (checked; a trailing slash is fine). */
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  /** The Tascomi instance's zone (a setting, default Europe/London); signing and dates use it. */
  timeZone?: string;
  clock: Clock;
  /** How many times one GET is tried before its failure is thrown (default 3; 1 = never retried). */
  readTries?: number;
  /** The wait (on `clock`) before a read's second try, doubled for each further one (default 250 ms). */
  readRetryDelayMs?: number;
  /** Keep signing this far from a minute boundary (default 1500 ms). */
  boundaryMarginMs?: number;
  /** Share one estimate of the server's clock between clients of the same instance. */
  serverClock?: ServerClock;
  log?: Pick<LogBus, 'write'>;
  redact?: RedactOptions;
}

/** A Tascomi record: `id` always as a string; other fields as the server sent them. */
export interface TascomiRecord {
  id: string;
  [field: string]: unknown;
}

export interface TascomiPage {
  items: TascomiRecord[];
  page: number;
  perPage: number;
  /** X-Number-Of-Results, or null when the server did not say. */
  total: number | null;
}

export interface TascomiListAll {
  items: TascomiRecord[];
  total: number | null;
  pages: number;
  /** maxPages was reached while the server had more. */
  truncated: boolean;
}

export interface TascomiClient {
  readonly baseUrl: string;
  readonly timeZone: string;
  list(table: string, filter?: TascomiFields, options?: { sort?: string; page?: number; signal?: AbortSignal }): Promise<TascomiPage>;
  listAll(table: string, filter?: TascomiFields, options?: { sort?: string; maxPages?: number; signal?: AbortSignal }): Promise<TascomiListAll>;
  get(table: string, id: string | number): Promise<TascomiRecord>;
  /** PUT to the collection; resolves to the new record's id. */
  create(table: string, fields: TascomiFields): Promise<string>;
  /** POST to the record; `{"id": 0}` is a validation-class failure. */
  update(table: string, id: string | number, fields: TascomiFields): Promise<string>;
  /** Can this key Create & Update `table`? POST /v1/<table>/0 with an empty body: 403 = no, 404/400 = yes. */
  probeWrite(table: string): Promise<boolean>;
  /** Best estimate of (server clock - our clock) in ms. */
  serverClockOffsetMs(): number;
  readonly serverClock: ServerClock;
  /** Closes idle keep-alive connections of the default transport. */
  close(): void;
}

const TABLE_NAME = /^[a-z][a-z0-9_]*$/;
const RECORD_ID = /^[A-Za-z0-9_-]+$/;

function localError(message: string, fields?: Record<string, string>): ConnectorError {
  return new ConnectorError({ kind: 'validation', connector: 'tascomi', message, fields });
}

function checkTable(table: string): string {
  if (!TABLE_NAME.test(table)) throw localError(`"${table}" is not a Tascomi table name.`, { table: 'not a table name' });
  return table;
}

function checkId(id: string | number): string {
  const text = String(id).trim();
  if (!RECORD_ID.test(text)) throw localError(`"${text}" is not a Tascomi record id.`, { id: 'not a record id' });
  return text;
}

function normaliseRecord(raw: unknown): TascomiRecord {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a record');
  const record = raw as Record<string, unknown>;
  return { ...record, id: record.id === undefined || record.id === null ? '' : String(record.id) };
}

/** Tascomi's error body: `{message, errors: {field: why}}`; `why` may be a string or a list. */
function parseErrorBody(text: string): { message?: string; fields?: Record<string, string> } {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
    const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
    let fields: Record<string, string> | undefined;
    if (body.errors && typeof body.errors === 'object') {
      fields = {};
      for (const [field, why] of Object.entries(body.errors as Record<string, unknown>)) {
        fields[field] = Array.isArray(why) ? why.map(String).join('; ') : typeof why === 'string' ? why : JSON.stringify(why);
      }
    }
    return { message, fields };
  } catch {
    // Not JSON: a proxy's or web server's page. Its title says enough; the markup does not belong in a message.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const plain =
      title ??
      text
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return plain ? { message: plain.slice(0, 200) } : {};
  }
}

const WORDS: RemoteWords = { remote: 'Tascomi', urlSetting: 'API base URL' };

export function createTascomiClient(options: TascomiClientOptions): TascomiClient {
  const checked = checkTascomiBaseUrl(options.baseUrl);
  if (!checked.ok) throw new ConnectorError({ kind: 'validation', connector: 'tascomi', message: checked.reason, fields: { baseUrl: checked.reason } });
  const baseUrl = checked.baseUrl;
  if (!options.publicKey?.trim() || !options.privateKey?.trim())
    throw new ConnectorError({ kind: 'validation', connector: 'tascomi', message: 'The Tascomi API public and private keys must both be set.', fields: { keys: 'missing' } });
  const { clock, publicKey, privateKey } = options;
  const zone = options.timeZone ?? DEFAULT_TASCOMI_TIME_ZONE;
  if (!DateTime.now().setZone(zone).isValid) throw localError(`"${zone}" is not a time zone name (for example Europe/London).`, { timeZone: 'unknown zone' });
  const serverClock = options.serverClock ?? createServerClock({ clock, boundaryMarginMs: options.boundaryMarginMs });
  const redactOptions = options.redact ?? {};
  const sender = createHttpSender({
    ...options,
    defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
    classifyFailure: (error, facts) => classifyFetchError(error, { connector: 'tascomi', ...facts }),
    redactResponse: (response) => redactResponse(response, redactOptions),
  });

  let lastGuardLogMinute = Number.NaN;
  const log = (level: 'debug' | 'info' | 'warn', message: string) => {
    try {
      options.log?.write({ level, source: 'tascomi', message });
    } catch {
      // A log failure must not fail the request.
    }
  };

  /** True when a 401 is better explained by the minute boundary (or clock) than by the keys. */
  const atMinuteBoundary = (ts: string, signedAtMs: number, dateHeader: string | null): boolean => {
    const dateMs = parseHttpDate(dateHeader);
    const serverMinute = tascomiTimestamp(dateMs !== undefined ? DateTime.fromMillis(dateMs) : serverClock.correctedNow(), zone);
    const { sincePreviousMs, untilNextMs } = minutePosition(signedAtMs);
    return serverMinute !== ts || Math.min(sincePreviousMs, untilNextMs) < 1000;
  };

  async function exchange(method: string, table: string, path: string, body: string | undefined, signal?: AbortSignal): Promise<HttpAnswer> {
    const url = `${baseUrl}/v1/${path}`;
    for (let signing = 1; ; signing++) {
      const waited = await serverClock.waitForSafeMoment(signal);
      signal?.throwIfAborted();
      // Once per minute at most: under load every request near a boundary waits, and the log is not a trace.
      const minute = Math.floor(clock.millis() / 60_000);
      if (waited > 0 && minute !== lastGuardLogMinute) {
        lastGuardLogMinute = minute;
        log('debug', `Waited ${waited} ms so the ${method} ${table} request is not signed at a minute boundary.`);
      }
      // Signed once its turn under the rate limit has come: a wait must not leave it signed for a past minute.
      let signedAtMs = 0;
      let ts = '';
      const answer = await sender.sendWhenDue(signal, () => {
        signedAtMs = serverClock.correctedMillis();
        const signed = tascomiAuthHeadersAt(publicKey, privateKey, signedAtMs, zone);
        ts = signed.ts;
        const headers: Record<string, string> = { Accept: 'application/json', ...signed.headers };
        if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
        const request = redactRequest({ method, url, headers, body }, redactOptions);
        return { method, url, headers, body, table, request, sending: signing, changesNothing: method === 'GET', signal };
      });
      const dateHeader = answer.headers.get('date');
      serverClock.observe(dateHeader, answer.sentAtMs, answer.receivedAtMs);
      if (answer.status === 401 && signing === 1) {
        log('info', `Tascomi refused the signature of ${method} ${table} (signed for ${ts}); re-signing once with the server clock (offset now ${serverClock.offsetMs()} ms).`);
        continue;
      }
      if (answer.status === 401) throw httpError(answer, table, method, atMinuteBoundary(ts, signedAtMs, dateHeader));
      return answer;
    }
  }

  function httpError(answer: HttpAnswer, table: string, method: string, boundary = false): ConnectorError {
    const redirected = redirectFailure(answer, WORDS);
    if (redirected) return new ConnectorError({ ...redirected, message: explainTascomiRedirect(answer.status, baseUrl, answer.headers.get('location')), connector: 'tascomi' });
    const { message, fields } = parseErrorBody(answer.text);
    const dateMs = parseHttpDate(answer.headers.get('date')) ?? serverClock.correctedNow().toMillis();
    const error = classifyHttpStatus({
      status: answer.status,
      connector: 'tascomi',
      detail: message,
      fields,
      table,
      retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), dateMs),
      atMinuteBoundary: boundary,
      request: answer.request,
      response: answer.response(),
    });
    // An answer means the remote decided; only a 5xx/408 on a write leaves the outcome open.
    if (method === 'GET') error.mayHaveApplied = false;
    return error;
  }

  function unreadable(answer: HttpAnswer, table: string, what: string): ConnectorError {
    return new ConnectorError({ ...unreadableFailure(answer, WORDS, what), connector: 'tascomi', table });
  }

  function parseJson(answer: HttpAnswer, table: string): unknown {
    const body = readJson(answer.text);
    if (!body.ok) throw unreadable(answer, table, body.what);
    if (body.value === null) throw unreadable(answer, table, 'a null body');
    return body.value;
  }

  /** Runs one read (a single GET and its parsing), trying it again on a failure worth retrying (../http/read-retries.ts). */
  const withReadRetries = createReadRetries({
    clock,
    tries: options.readTries,
    delayMs: options.readRetryDelayMs,
    onRetry: (table, error, delayMs, nextTry, tries) =>
      log(
        'debug',
        `Reading ${table} failed (${error.kind}${error.status ? ` HTTP ${error.status}` : error.code ? ` ${error.code}` : ''}); trying again in ${delayMs} ms (try ${nextTry} of ${tries}).`,
      ),
  });

  async function list(table: string, filter: TascomiFields = {}, opts: { sort?: string; page?: number; signal?: AbortSignal } = {}): Promise<TascomiPage> {
    checkTable(table);
    const page = Math.max(1, Math.floor(opts.page ?? 1));
    const query = new URLSearchParams(encodeForm(filter, zone));
    if (opts.sort) query.set('sort', opts.sort);
    query.set('page', String(page));
    return withReadRetries(table, () => listPage(table, page, query, opts.signal), opts.signal);
  }

  async function listPage(table: string, page: number, query: URLSearchParams, signal?: AbortSignal): Promise<TascomiPage> {
    const answer = await exchange('GET', table, `${table}?${query.toString()}`, undefined, signal);
    if (!isSuccess(answer.status)) throw httpError(answer, table, 'GET');
    const headerPage = headerNumber(answer.headers, 'x-page-number') ?? page;
    const perPageHeader = headerNumber(answer.headers, 'x-results-per-page');
    const total = headerNumber(answer.headers, 'x-number-of-results');
    // Tascomi answers an empty list with 202 and no body.
    if (answer.status === 202 || (answer.text.trim() === '' && answer.status === 204)) {
      return { items: [], page: headerPage, perPage: perPageHeader ?? 0, total: total ?? 0 };
    }
    const body = parseJson(answer, table);
    let raw: unknown[];
    if (Array.isArray(body)) raw = body;
    else if (body && typeof body === 'object' && 'id' in body) raw = [body];
    else throw unreadable(answer, table, 'something that is not a list');
    let items: TascomiRecord[];
    try {
      items = raw.map(normaliseRecord);
    } catch {
      throw unreadable(answer, table, 'a list that does not hold records');
    }
    return { items, page: headerPage, perPage: perPageHeader ?? items.length, total };
  }

  async function listAll(table: string, filter: TascomiFields = {}, opts: { sort?: string; maxPages?: number; signal?: AbortSignal } = {}): Promise<TascomiListAll> {
    const maxPages = Math.max(1, opts.maxPages ?? 50);
    const items: TascomiRecord[] = [];
    let total: number | null = null;
    for (let page = 1; page <= maxPages; page++) {
      const result = await list(table, filter, { sort: opts.sort, page, signal: opts.signal });
      items.push(...result.items);
      total = result.total ?? total;
      const done = result.items.length === 0 || (total !== null && items.length >= total) || (result.perPage > 0 && result.items.length < result.perPage);
      if (done) return { items, total, pages: page, truncated: false };
    }
    const truncated = total === null || items.length < total;
    if (truncated) log('warn', `Read only the first ${maxPages} pages of ${table} (${items.length} of ${total ?? 'an unknown number of'} records).`);
    return { items, total, pages: maxPages, truncated };
  }

  async function get(table: string, id: string | number): Promise<TascomiRecord> {
    checkTable(table);
    const recordId = checkId(id);
    return withReadRetries(table, () => getOnce(table, recordId));
  }

  async function getOnce(table: string, recordId: string): Promise<TascomiRecord> {
    const answer = await exchange('GET', table, `${table}/${encodeURIComponent(recordId)}`, undefined);
    if (!isSuccess(answer.status)) throw httpError(answer, table, 'GET');
    const notFound = () =>
      new ConnectorError({
        kind: 'not_found',
        connector: 'tascomi',
        status: answer.status,
        table,
        detail: `no record ${recordId}`,
        request: answer.request,
        response: answer.response(),
      });
    if (answer.status === 202 || answer.text.trim() === '') throw notFound();
    const body = parseJson(answer, table);
    const raw = Array.isArray(body) ? body[0] : body;
    if (raw === undefined) throw notFound();
    try {
      return normaliseRecord(raw);
    } catch {
      throw unreadable(answer, table, 'something that is not a record');
    }
  }

  function idFrom(answer: HttpAnswer, table: string): string {
    if (answer.status === 202 || answer.text.trim() === '') return '';
    const body = parseJson(answer, table) as { id?: unknown } | unknown[];
    const record = Array.isArray(body) ? body[0] : body;
    const id = record && typeof record === 'object' && 'id' in record ? (record as { id: unknown }).id : undefined;
    return id === undefined || id === null ? '' : String(id).trim();
  }

  async function create(table: string, fields: TascomiFields): Promise<string> {
    checkTable(table);
    const answer = await exchange('PUT', table, table, encodeForm(fields, zone));
    if (!isSuccess(answer.status)) throw httpError(answer, table, 'PUT');
    const id = idFrom(answer, table);
    if (!id || id === '0')
      throw new ConnectorError({
        kind: 'validation',
        connector: 'tascomi',
        status: answer.status,
        table,
        message: `Tascomi did not create the ${table} record (it answered without a record id). Check the mapped values; this will not be retried.`,
        request: answer.request,
        response: answer.response(),
      });
    return id;
  }

  async function update(table: string, id: string | number, fields: TascomiFields): Promise<string> {
    checkTable(table);
    const recordId = checkId(id);
    const answer = await exchange('POST', table, `${table}/${encodeURIComponent(recordId)}`, encodeForm(fields, zone));
    if (!isSuccess(answer.status)) throw httpError(answer, table, 'POST');
    const answered = idFrom(answer, table);
    if (!answered || answered === '0')
      throw new ConnectorError({
        kind: 'validation',
        connector: 'tascomi',
        status: answer.status,
        table,
        // {"id": 0} is all Tascomi says: a ceased record, an unknown id (as the FSA's test double answers) or a refused value.
        message: `Tascomi did not apply the update to ${table} record ${recordId} (it answered with id 0: the record may be ceased or no longer exist, or a value was refused). Check the record in Tascomi and the mapped values; this will not be retried.`,
        request: answer.request,
        response: answer.response(),
      });
    return answered;
  }

  async function probeWrite(table: string): Promise<boolean> {
    checkTable(table);
    const answer = await exchange('POST', table, `${table}/0`, '');
    if (answer.status === 403) return false;
    if (isSuccess(answer.status) || answer.status === 400 || answer.status === 404 || answer.status === 422) return true;
    throw httpError(answer, table, 'GET'); // a probe changes nothing, whatever the answer
  }

  return {
    baseUrl,
    timeZone: zone,
    list,
    listAll,
    get,
    create,
    update,
    probeWrite,
    serverClockOffsetMs: () => serverClock.offsetMs(),
    serverClock,
    close: () => sender.close(),
  };
}
