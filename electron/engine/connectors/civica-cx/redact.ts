/**
 * What of a Civica Cx exchange may go in the integration log: never the password, the token or
 * the Authorization header; person and address values marked (log/personal-data.ts) so the log
 * viewer hides them by default; records summarised by their ids.
 */
import { isPersonalKey, markPersonal } from '../../log/personal-data';
import { ID_FIELDS, PERSONAL_FIELDS, SECRET_FIELDS } from './dialect';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SHOWN_RESPONSE_HEADERS = ['date', 'retry-after', 'x-total-count', 'location', 'www-authenticate'];
const MAX_VALUE = 200;

const personal = (key: string) => isPersonalKey(key) || PERSONAL_FIELDS.test(key);

function describeValue(key: string, value: unknown): string {
  if (SECRET_FIELDS.has(key)) return '[secret]';
  if (value && typeof value === 'object') {
    if (Array.isArray(value)) return `[${value.length} item(s)]`;
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${describeValue(k, v)}`).join(', ')}}`;
  }
  const text = value === null || value === undefined ? String(value) : String(value);
  const kept = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}...[${text.length} chars]` : text;
  return personal(key) && text !== '' && value !== null ? markPersonal(kept) : kept;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const pairs = [...parsed.searchParams.entries()].map(([k, v]) => `${k}=${describeValue(k, v)}`);
    return `${parsed.origin}${parsed.pathname}${pairs.length ? `?${pairs.join('&')}` : ''}`;
  } catch {
    return '[unreadable URL]';
  }
}

export function redactCxRequest(request: { method: string; url: string; headers?: Record<string, string>; body?: Record<string, unknown> }): string {
  const lines = [`${request.method} ${redactUrl(request.url)}`];
  const headers = Object.entries(request.headers ?? {}).map(([n, v]) => (SECRET_HEADERS.has(n.toLowerCase()) ? `${n}: [redacted]` : `${n}: ${v}`));
  if (headers.length) lines.push(headers.join('; '));
  if (request.body) lines.push(`body: ${Object.entries(request.body).map(([k, v]) => `${k}=${describeValue(k, v)}`).join(', ')}`);
  return lines.join('\n');
}

function idOf(record: unknown): string | undefined {
  if (!record || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const key = ID_FIELDS.find((k) => r[k] !== undefined && r[k] !== null);
  return key ? String(r[key]) : undefined;
}

export function redactCxResponse(response: { status: number; headers?: { get(name: string): string | null }; body?: string }): string {
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
    lines.push(`body: not JSON, ${body.length} chars`);
    return lines.join('\n');
  }
  if (Array.isArray(parsed)) {
    const ids = parsed.slice(0, 20).map((r) => idOf(r) ?? '?');
    lines.push(`body: ${parsed.length} record(s)${ids.length ? `, ids ${ids.join(', ')}${parsed.length > 20 ? ', ...' : ''}` : ''}`);
  } else if (parsed && typeof parsed === 'object') {
    const record = parsed as Record<string, unknown>;
    if (typeof record.code === 'string' || typeof record.message === 'string') {
      const errors = record.errors && typeof record.errors === 'object' ? ` errors: ${JSON.stringify(record.errors).slice(0, 2000)}` : '';
      lines.push(`body: code ${String(record.code ?? '')}, message: ${JSON.stringify(String(record.message ?? '')).slice(0, 1000)}${errors}`);
    } else if ('token' in record) {
      lines.push(`body: token [secret]${typeof record.expiresAt === 'string' ? `, expiresAt ${record.expiresAt}` : ''}`);
    } else {
      const id = idOf(record);
      lines.push(`body: record${id ? ` ${id}` : ''} with ${Object.keys(record).length} field(s)`);
    }
  } else lines.push(`body: ${JSON.stringify(parsed)?.slice(0, 200)}`);
  return lines.join('\n');
}
