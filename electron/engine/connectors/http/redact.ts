/**
 * What of an HTTP exchange may go in the integration log, in one shape for every connector: the
 * request line with its query described, the headers without credentials, the body described; the
 * answer's status, the headers worth showing and its body summarised (a list by its records' ids,
 * anything else as the connector says). Which headers are secret, how a value is shown and how a
 * record is named are the connector's rules, passed in (design.md section 7). Whatever the rules
 * leave, the work's personal values are marked wherever they still appear (a path, an error's words).
 */
import { markPersonalValues } from '../../log/personal-values';

/** Never shown for any connector. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
/** A list's summary names this many ids at most. */
const LISTED_IDS = 20;

export interface RequestRules<Body> {
  /** Request headers that carry credentials besides Authorization, Proxy-Authorization and cookies. */
  secretHeaders?: readonly string[];
  /** A secret header is shown by name with `[redacted]` (otherwise it is left out altogether). */
  maskSecretHeaders?: boolean;
  /** The URL's query pairs, as the log shows them. */
  describeQuery(pairs: [string, string][]): string;
  /** The request body, as the log shows it. */
  describeBody(body: Body): string;
}

export interface ResponseRules {
  /** Answer headers worth showing, in this order. */
  shownResponseHeaders: readonly string[];
  /** A record's id, for a list's summary. */
  idOf(record: unknown): string | undefined;
  /** A JSON object answer (an error, a record...), as the log shows it. */
  describeObject(record: Record<string, unknown>): string;
  /** Show the start of an answer that is not JSON (otherwise only its length). */
  showNonJson?: boolean;
}

export interface RequestForLog<Body> {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Body;
}

export interface ResponseForLog {
  status: number;
  headers?: { get(name: string): string | null };
  /** The body text as received. */
  body?: string;
}

function redactUrl(url: string, describeQuery: (pairs: [string, string][]) => string): string {
  try {
    const parsed = new URL(url);
    const query = [...parsed.searchParams.entries()];
    // The origin never carries a user name or password.
    const base = `${parsed.origin}${parsed.pathname}`;
    return query.length ? `${base}?${describeQuery(query)}` : base;
  } catch {
    return '[unreadable URL]';
  }
}

/** One line per part: the request line, the headers we may show, the body described. */
export function redactRequestWith<Body>(rules: RequestRules<Body>, request: RequestForLog<Body>): string {
  const lines = [`${request.method.toUpperCase()} ${redactUrl(request.url, rules.describeQuery)}`];
  const secret = new Set([...SECRET_HEADERS, ...(rules.secretHeaders ?? []).map((name) => name.toLowerCase())]);
  const headers = Object.entries(request.headers ?? {}).flatMap(([name, value]) =>
    !secret.has(name.toLowerCase()) ? [`${name}: ${value}`] : rules.maskSecretHeaders ? [`${name}: [redacted]`] : [],
  );
  if (headers.length) lines.push(headers.join('; '));
  if (request.body) lines.push(`body: ${rules.describeBody(request.body)}`);
  return markPersonalValues(lines.join('\n'));
}

/** The status, the headers worth showing, and a summary of the body. */
export function redactResponseWith(rules: ResponseRules, response: ResponseForLog): string {
  return markPersonalValues(describeResponse(rules, response));
}

function describeResponse(rules: ResponseRules, response: ResponseForLog): string {
  const lines = [`HTTP ${response.status}`];
  const shown = rules.shownResponseHeaders.flatMap((name) => {
    const value = response.headers?.get(name);
    return value ? [`${name}: ${value}`] : [];
  });
  if (shown.length) lines.push(shown.join('; '));
  const body = response.body ?? '';
  if (body.trim() === '') {
    lines.push('body: empty');
    return lines.join('\n');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    lines.push(`body: not JSON, ${body.length} chars${rules.showNonJson ? `: ${body.slice(0, 200)}` : ''}`);
    return lines.join('\n');
  }
  lines.push(`body: ${summarise(rules, parsed)}`);
  return lines.join('\n');
}

function summarise(rules: ResponseRules, value: unknown): string {
  if (Array.isArray(value)) {
    const ids = value.slice(0, LISTED_IDS).map((record) => rules.idOf(record) ?? '?');
    return `${value.length} record(s)${ids.length ? `, ids ${ids.join(', ')}${value.length > LISTED_IDS ? ', ...' : ''}` : ''}`;
  }
  if (value && typeof value === 'object') return rules.describeObject(value as Record<string, unknown>);
  return JSON.stringify(value).slice(0, 200);
}

/** An error answer's own words: its message and per-field reasons are what support staff need. */
export function errorWords(record: Record<string, unknown>): string {
  const errors = record.errors && typeof record.errors === 'object' ? ` errors: ${JSON.stringify(record.errors).slice(0, 2000)}` : '';
  return `message: ${JSON.stringify(String(record.message ?? '')).slice(0, 1000)}${errors}`;
}
