/**
 * Connector-neutral error classification. Every failure a connector reports is a ConnectorError
 * with one `kind`; whether the job queue may retry it is decided in ONE place (RETRY_RULES) so the
 * queue, the log and the console all agree. Messages are written for a council IT person: what
 * happened and what to check.
 */

export const CONNECTOR_ERROR_KINDS = ['connection', 'timeout', 'authentication', 'remote', 'rate_limit', 'validation', 'permission', 'not_found'] as const;
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

/**
 * The one retry table (design.md section 5).
 * - 408 Request Timeout is classified as kind `timeout`, so it is retryable through that row.
 * - `authentication` is retryable only when the connector marked the failure as happening at a
 *   minute boundary (`atMinuteBoundary: true`): Tascomi signs with a minute-resolution timestamp,
 *   so a request signed at hh:mm:59.9 that arrives at hh:mm+1:00 is refused although the keys are
 *   right. A 401 away from a boundary, after the client has already re-signed once, means the keys
 *   (or the time zone setting) are wrong, and retrying would only spend attempts.
 */
export type RetryRule = 'always' | 'never' | 'at_minute_boundary';
export const RETRY_RULES: Readonly<Record<ConnectorErrorKind, RetryRule>> = {
  connection: 'always',
  timeout: 'always',
  remote: 'always',
  rate_limit: 'always',
  authentication: 'at_minute_boundary',
  validation: 'never',
  permission: 'never',
  not_found: 'never',
};

export function isRetryable(kind: ConnectorErrorKind, atMinuteBoundary = false): boolean {
  const rule = RETRY_RULES[kind];
  return rule === 'always' || (rule === 'at_minute_boundary' && atMinuteBoundary);
}

export interface ConnectorErrorInit {
  kind: ConnectorErrorKind;
  /** Plain-English message; when omitted one is written from the kind and the details. */
  message?: string;
  connector?: string;
  /** HTTP status, when the remote answered. */
  status?: number;
  /** System error code (ECONNREFUSED, ENOTFOUND...), when the request never got an answer. */
  code?: string;
  /** What the remote itself said (its message), kept apart from our plain-English message. */
  detail?: string;
  /** rate_limit: how long the remote asked us to wait. */
  retryAfterMs?: number;
  /** validation: field -> why (from the remote's answer or a local check). */
  fields?: Record<string, string>;
  /** permission / not_found: the table (resource) concerned. */
  table?: string;
  /** authentication: the failure happened at a minute boundary (see RETRY_RULES). */
  atMinuteBoundary?: boolean;
  /**
   * The request may have reached the remote and been applied although we got no answer (a timeout
   * or a reset after sending, a 5xx). A create with this flag must not be blindly resent: look for
   * the record first.
   */
  mayHaveApplied?: boolean;
  /** Already-redacted request and response, for the integration log. */
  request?: string;
  response?: string;
  cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly kind: ConnectorErrorKind;
  readonly retryable: boolean;
  readonly connector?: string;
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly retryAfterMs?: number;
  readonly fields?: Readonly<Record<string, string>>;
  readonly table?: string;
  readonly atMinuteBoundary: boolean;
  /** Not readonly: a caller that knows the request changes nothing (a GET) clears it. */
  mayHaveApplied: boolean;
  request?: string;
  response?: string;

  constructor(init: ConnectorErrorInit) {
    super(init.message ?? plainMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.connector = init.connector;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
    this.fields = init.fields;
    this.table = init.table;
    this.atMinuteBoundary = init.atMinuteBoundary ?? false;
    this.mayHaveApplied = init.mayHaveApplied ?? false;
    this.request = init.request;
    this.response = init.response;
    this.retryable = isRetryable(this.kind, this.atMinuteBoundary);
  }

  /** A plain object for logs and the contract (no cause chain, no stack). */
  toJSON(): Record<string, unknown> {
    const { kind, retryable, message, connector, status, code, detail, retryAfterMs, fields, table, atMinuteBoundary, mayHaveApplied } = this;
    return { kind, retryable, message, connector, status, code, detail, retryAfterMs, fields, table, atMinuteBoundary, mayHaveApplied };
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

function remoteName(init: ConnectorErrorInit): string {
  if (!init.connector) return 'The remote system';
  return init.connector === 'tascomi' ? 'Tascomi' : init.connector;
}

function said(init: ConnectorErrorInit): string {
  return init.detail ? ` (it said: "${truncate(init.detail, 300)}")` : '';
}

/** The default plain-English message for each kind: what happened, then what to check. */
export function plainMessage(init: ConnectorErrorInit): string {
  const remote = remoteName(init);
  switch (init.kind) {
    case 'connection':
      return connectionMessage(remote, init.code, init.detail);
    case 'timeout':
      return init.status === 408
        ? `${remote} gave up waiting for the request (HTTP 408). It will be retried; if this keeps happening, check the network and any proxy between this computer and ${remote}.`
        : `${remote} did not answer in time. It will be retried; if this keeps happening, check the network, the proxy settings and whether ${remote} is slow or down.`;
    case 'authentication':
      if (init.status === 407)
        return `The proxy server refused the request because it needs credentials (HTTP 407). Put the proxy user and password in the proxy address (http://user:password@proxy:port) or ask your network team to allow this computer.`;
      return init.atMinuteBoundary
        ? `${remote} refused the request's timestamp at a minute boundary${said(init)}. This is expected now and then because ${remote} checks the time to the minute; it will be retried automatically.`
        : `${remote} refused the API keys${said(init)}. Check that the public and private keys in the settings are the ones ${remote} issued, that the key is enabled, that the time zone setting matches the ${remote} instance, and that this computer's clock is right.`;
    case 'remote':
      return `${remote} had a problem answering${init.status ? ` (HTTP ${init.status})` : ''}${said(init)}. It will be retried; if it lasts, contact ${remote} support.`;
    case 'rate_limit': {
      const wait = init.retryAfterMs !== undefined ? ` and asked us to wait ${Math.ceil(init.retryAfterMs / 1000)} s` : '';
      return `${remote} is receiving too many requests (HTTP 429)${wait}. It will be retried after the wait; if it lasts, ask ${remote} about the key's request limit.`;
    }
    case 'validation': {
      const fields =
        init.fields && Object.keys(init.fields).length > 0
          ? `: ${Object.entries(init.fields)
              .map(([f, why]) => `${f} - ${why}`)
              .join('; ')}`
          : '';
      return `${remote} did not accept the data${fields}${said(init)}. Check the mapping template and the case's values; this will not be retried.`;
    }
    case 'permission':
      return `The API key is not allowed to do this${init.table ? ` on the "${init.table}" table` : ''}${said(init)}. Ask the ${remote} administrator to give the key the access listed in the API access check.`;
    case 'not_found':
      return `${remote} has no such record${init.table ? ` in "${init.table}"` : ''}${said(init)}. It may have been deleted, or the stored reference is wrong.`;
  }
}

function connectionMessage(remote: string, code: string | undefined, detail: string | undefined): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The server name could not be found (DNS${code === 'EAI_AGAIN' ? ', temporary failure' : ''}). Check the API base URL for typos, and that this computer can resolve names on the internet or through the proxy.`;
    case 'ECONNREFUSED':
      return `The connection was refused: nothing is listening at that address and port. Check the API base URL (https, host, port) and the proxy settings.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'socket hang up':
      return `The connection was cut off before ${remote} answered. A firewall, proxy or ${remote} itself closed it; it will be retried. If it keeps happening, ask your network team whether this computer may reach ${remote}.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `The network has no route to ${remote}. Check this computer's network connection and firewall.`;
    case 'TLS':
      return `The secure (TLS) connection to ${remote} failed${detail ? ` (${truncate(detail, 200)})` : ''}. If your network inspects HTTPS traffic, its certificate must be trusted by this computer; check the base URL uses the right host name.`;
    default:
      return `Could not connect to ${remote}${code ? ` (${code})` : ''}${detail ? `: ${truncate(detail, 200)}` : ''}. Check the network, the API base URL and the proxy settings; it will be retried.`;
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

const CONNECTION_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Failures that happen before a byte of the request can have reached the remote. */
const NEVER_SENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'TLS',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  type?: unknown;
  cause?: unknown;
}

/** Walks the cause chain (undici wraps the system error as `cause`; node-fetch copies `code`). */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && out.length < 6) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

function systemCode(links: ErrorLike[]): string | undefined {
  for (const link of links) {
    if (typeof link.code === 'string' && link.code) return link.code;
    if (typeof link.errno === 'string' && link.errno) return link.errno;
  }
  for (const link of links) {
    const message = typeof link.message === 'string' ? link.message : '';
    if (/socket hang up/i.test(message)) return 'ECONNRESET';
    const m = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(message);
    if (m) return m[1];
  }
  return undefined;
}

export interface ClassifyOptions {
  connector?: string;
  /** Set by the caller when the fetch was aborted because its own timeout fired. */
  timedOut?: boolean;
  timeoutMs?: number;
  request?: string;
}

/**
 * Classifies an error thrown by fetch (node-fetch FetchError / AbortError, undici TypeError with a
 * cause, a plain system error) as connection or timeout. Anything unrecognised is a connection
 * failure: it is retryable, which is the safe side for "we never got an answer".
 */
export function classifyFetchError(error: unknown, options: ClassifyOptions = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const links = chain(error);
  const first = links[0] ?? {};
  const message = typeof first.message === 'string' ? first.message : String(error);
  const aborted = links.some((l) => l.name === 'AbortError' || l.name === 'TimeoutError' || l.code === 'ABORT_ERR');
  const code = systemCode(links);
  const base = { connector: options.connector, request: options.request, cause: error };

  if (options.timedOut || (aborted && !code) || (code !== undefined && TIMEOUT_CODES.has(code)) || links.some((l) => l.name === 'TimeoutError')) {
    return new ConnectorError({
      ...base,
      kind: 'timeout',
      code: code ?? 'TIMEOUT',
      detail: options.timeoutMs ? `no answer within ${options.timeoutMs} ms` : message,
      // The request may have been written before the wait ran out, except for a connect timeout.
      mayHaveApplied: code !== 'UND_ERR_CONNECT_TIMEOUT',
    });
  }
  const tls = code !== undefined && /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS|ERR_SSL|EPROTO$|HOSTNAME_MISMATCH|ERR_TLS_CERT)/.test(code);
  const effective = tls ? 'TLS' : code;
  return new ConnectorError({
    ...base,
    kind: 'connection',
    code: code ?? undefined,
    detail: tls ? `${code}: ${message}` : message,
    message: connectionMessage(
      options.connector === 'tascomi' ? 'Tascomi' : (options.connector ?? 'the remote system'),
      effective,
      effective && CONNECTION_CODES.has(effective) ? undefined : message,
    ),
    mayHaveApplied: !(effective !== undefined && NEVER_SENT_CODES.has(effective)),
  });
}

/**
 * Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `nowMs`; pass the
 * answer's own Date header as `nowMs` when there is one, so our clock's error does not matter.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface HttpAnswerInfo {
  status: number;
  connector?: string;
  /** The remote's own message, if its body had one. */
  detail?: string;
  fields?: Record<string, string>;
  table?: string;
  retryAfterMs?: number;
  atMinuteBoundary?: boolean;
  request?: string;
  response?: string;
}

/** Classifies a non-success HTTP answer by status (connector-specific bodies are parsed by the caller). */
export function classifyHttpStatus(info: HttpAnswerInfo): ConnectorError {
  const { status } = info;
  const common = {
    connector: info.connector,
    status,
    detail: info.detail,
    table: info.table,
    request: info.request,
    response: info.response,
  };
  if (status === 401 || status === 407) return new ConnectorError({ ...common, kind: 'authentication', atMinuteBoundary: status === 401 && info.atMinuteBoundary });
  if (status === 403) return new ConnectorError({ ...common, kind: 'permission' });
  if (status === 404 || status === 410) return new ConnectorError({ ...common, kind: 'not_found' });
  if (status === 408) return new ConnectorError({ ...common, kind: 'timeout', mayHaveApplied: true });
  if (status === 429) return new ConnectorError({ ...common, kind: 'rate_limit', retryAfterMs: info.retryAfterMs });
  if (status >= 500) return new ConnectorError({ ...common, kind: 'remote', mayHaveApplied: true });
  if (status >= 400) return new ConnectorError({ ...common, kind: 'validation', fields: info.fields });
  // 1xx/3xx/unexpected 2xx: the remote answered, but not as the API does (a redirect, a proxy page).
  return new ConnectorError({ ...common, kind: 'remote' });
}
