/**
 * What of a Civica Cx exchange may go in the integration log: never the password, the token or
 * the Authorization header; personal values marked (log/personal-data.ts) so the log viewer hides
 * them by default (the attempt's personal values under whatever field name, log/personal-values.ts,
 * and as a safety net the fields whose key names a person or address detail); records summarised
 * by their ids.
 */
import { isPersonalKey, markPersonal } from '../../log/personal-data';
import { isPersonalValue } from '../../log/personal-values';
import { errorWords, redactRequestWith, redactResponseWith, type RequestForLog, type ResponseForLog } from '../http/redact';
import { ID_FIELDS, PERSONAL_FIELDS, SECRET_FIELDS } from './dialect';

const SHOWN_RESPONSE_HEADERS = ['date', 'retry-after', 'x-total-count', 'location', 'www-authenticate'];
const MAX_VALUE = 200;

const personal = (key: string) => isPersonalKey(key) || PERSONAL_FIELDS.test(key);

function describeValue(key: string, value: unknown): string {
  if (SECRET_FIELDS.has(key)) return '[secret]';
  if (value && typeof value === 'object') {
    if (Array.isArray(value)) return `[${value.length} item(s)]`;
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${describeValue(k, v)}`)
      .join(', ')}}`;
  }
  const text = value === null || value === undefined ? String(value) : String(value);
  const kept = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}...[${text.length} chars]` : text;
  return (personal(key) || isPersonalValue(text)) && text !== '' && value !== null ? markPersonal(kept) : kept;
}

function idOf(record: unknown): string | undefined {
  if (!record || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const key = ID_FIELDS.find((k) => r[k] !== undefined && r[k] !== null);
  return key ? String(r[key]) : undefined;
}

function describeObject(record: Record<string, unknown>): string {
  if (typeof record.code === 'string' || typeof record.message === 'string') return `code ${String(record.code ?? '')}, ${errorWords(record)}`;
  if ('token' in record) return `token [secret]${typeof record.expiresAt === 'string' ? `, expiresAt ${record.expiresAt}` : ''}`;
  const id = idOf(record);
  return `record${id ? ` ${id}` : ''} with ${Object.keys(record).length} field(s)`;
}

export function redactCxRequest(request: RequestForLog<Record<string, unknown>>): string {
  return redactRequestWith(
    {
      maskSecretHeaders: true,
      describeQuery: (pairs) => pairs.map(([k, v]) => `${k}=${describeValue(k, v)}`).join('&'),
      describeBody: (body) =>
        Object.entries(body)
          .map(([k, v]) => `${k}=${describeValue(k, v)}`)
          .join(', '),
    },
    request,
  );
}

export function redactCxResponse(response: ResponseForLog): string {
  return redactResponseWith({ shownResponseHeaders: SHOWN_RESPONSE_HEADERS, idOf, describeObject }, response);
}
