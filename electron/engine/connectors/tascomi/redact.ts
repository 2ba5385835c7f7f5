/**
 * What of a Tascomi exchange may go in the integration log. Never the authentication headers
 * (X-Hash, X-Public) or any other credential; never whole records (some carry megabytes of
 * base64 map images). Values are kept (truncated) because support staff need them to see why a
 * request failed, but person and address values are marked (log/personal-data.ts) so the log
 * viewer hides them by default (design.md section 7).
 */
import { isPersonalKey, markPersonal } from '../../log/personal-data';

const SECRET_HEADERS = new Set(['x-hash', 'x-public', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SAFE_KEYS = /^(id|page|sort|ceased|.+_id|.+_date|last_updated)$/i;
const HUGE_KEYS = /(_base64|_image|_blob|_file)$/i;
const MAX_FIELDS = 60;

export interface RedactOptions {
  /** Describe an answer's record field by field (values truncated, personal ones marked), not just its id and size. */
  showValues?: boolean;
  /** Longest value kept. */
  maxValueChars?: number;
}

function describeValue(key: string, value: string, options: RedactOptions): string {
  if (HUGE_KEYS.test(key) || value.length > 10_000) return `[omitted, ${value.length} chars]`;
  if (value === '') return '""';
  if (SAFE_KEYS.test(key) && value.length <= 40) return value;
  const max = options.maxValueChars ?? 200;
  const kept = value.length > max ? `${value.slice(0, max)}...[${value.length} chars]` : value;
  return isPersonalKey(key) ? markPersonal(kept) : kept;
}

function describePairs(pairs: Iterable<[string, string]>, options: RedactOptions): string {
  const out: string[] = [];
  let skipped = 0;
  for (const [key, value] of pairs) {
    if (out.length >= MAX_FIELDS) {
      skipped++;
      continue;
    }
    out.push(`${key}=${describeValue(key, value, options)}`);
  }
  if (skipped) out.push(`...and ${skipped} more fields`);
  return out.join(', ');
}

function redactUrl(url: string, options: RedactOptions): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    const query = [...parsed.searchParams.entries()];
    const base = `${parsed.origin}${parsed.pathname}`;
    return query.length ? `${base}?${describePairs(query, options).replace(/, /g, '&')}` : base;
  } catch {
    return '[unreadable URL]';
  }
}

export interface RequestForLog {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** The form-urlencoded body as sent. */
  body?: string;
}

/** One line per part: the request line, the headers we may show, the body's fields with masked values. */
export function redactRequest(request: RequestForLog, options: RedactOptions = {}): string {
  const lines = [`${request.method.toUpperCase()} ${redactUrl(request.url, options)}`];
  const headers = Object.entries(request.headers ?? {}).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase()));
  if (headers.length) lines.push(headers.map(([n, v]) => `${n}: ${v}`).join('; '));
  if (request.body) lines.push(`body: ${describePairs(new URLSearchParams(request.body).entries(), options)}`);
  return lines.join('\n');
}

export interface ResponseForLog {
  status: number;
  headers?: { get(name: string): string | null };
  /** The body text as received. */
  body?: string;
}

const SHOWN_RESPONSE_HEADERS = ['date', 'retry-after', 'x-number-of-results', 'x-results-per-page', 'x-page-number', 'location'];

/** The status, useful headers, and a summary of the body: error messages in full, records only by id. */
export function redactResponse(response: ResponseForLog, options: RedactOptions = {}): string {
  const lines = [`HTTP ${response.status}`];
  const shown = SHOWN_RESPONSE_HEADERS.flatMap((name) => {
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
    lines.push(`body: not JSON, ${body.length} chars${options.showValues ? `: ${body.slice(0, 200)}` : ''}`);
    return lines.join('\n');
  }
  lines.push(`body: ${summariseJson(parsed, options)}`);
  return lines.join('\n');
}

function idOf(record: unknown): string | undefined {
  return record && typeof record === 'object' && 'id' in record ? String((record as { id: unknown }).id) : undefined;
}

function summariseJson(value: unknown, options: RedactOptions): string {
  if (Array.isArray(value)) {
    const ids = value.slice(0, 20).map((r) => idOf(r) ?? '?');
    return `${value.length} record(s)${ids.length ? `, ids ${ids.join(', ')}${value.length > 20 ? ', ...' : ''}` : ''}`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An error answer: its message and per-field reasons are what support staff need.
    if (typeof record.message === 'string' || (record.errors && typeof record.errors === 'object')) {
      const errors = record.errors && typeof record.errors === 'object' ? ` errors: ${JSON.stringify(record.errors).slice(0, 2000)}` : '';
      return `message: ${JSON.stringify(String(record.message ?? '')).slice(0, 1000)}${errors}`;
    }
    const keys = Object.keys(record);
    const id = idOf(record);
    if (options.showValues) {
      const pairs = keys.map((k) => [k, typeof record[k] === 'string' ? (record[k] as string) : JSON.stringify(record[k]) ?? ''] as [string, string]);
      return `record${id !== undefined ? ` id ${id}` : ''}: ${describePairs(pairs, options)}`;
    }
    return `record${id !== undefined ? ` id ${id}` : ''} with ${keys.length} field(s)`;
  }
  return JSON.stringify(value)?.slice(0, 200) ?? 'null';
}
