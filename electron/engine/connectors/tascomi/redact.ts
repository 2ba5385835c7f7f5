/**
 * What of a Tascomi exchange may go in the integration log. Never the authentication headers
 * (X-Hash, X-Public) or any other credential; never whole records (some carry megabytes of
 * base64 map images). Values are kept (truncated) because support staff need them to see why a
 * request failed, but personal values are marked (log/personal-data.ts) so the log viewer hides
 * them by default (design.md section 7): the attempt's personal values under whatever field name
 * (log/personal-values.ts), and, as a safety net for fields we never sent, those whose key names
 * a person or address detail.
 */
import { personalReason } from '../../../../shared/connectors/template-schemas';
import { TASCOMI_TARGET_FIELDS } from '../../../../shared/connectors/tascomi-schema';
import { isPersonalKey, markPersonal } from '../../log/personal-data';
import { isPersonalValue } from '../../log/personal-values';
import { errorWords, redactRequestWith, redactResponseWith, type RequestForLog, type ResponseForLog } from '../http/redact';

const SECRET_HEADERS = ['x-hash', 'x-public'];
const SHOWN_RESPONSE_HEADERS = ['date', 'retry-after', 'x-number-of-results', 'x-results-per-page', 'x-page-number', 'location'];
const SAFE_KEYS = /^(id|page|sort|ceased|.+_id|.+_date|last_updated)$/i;
const HUGE_KEYS = /(_base64|_image|_blob|_file)$/i;
const MAX_FIELDS = 60;
/** The safety net knows the Tascomi names of the schema's personal fields (a contact's locality and town...), for records read back. */
const PERSONAL_REMOTE_FIELDS: ReadonlySet<string> = new Set(
  TASCOMI_TARGET_FIELDS.filter((f) => personalReason('tascomi', { target: { kind: 'schema', key: f.key }, source: null }) === 'target').map((f) => f.remoteField),
);

export interface RedactOptions {
  /** Describe an answer's record field by field (values truncated, personal ones marked), not just its id and size. */
  showValues?: boolean;
  /** Longest value kept. */
  maxValueChars?: number;
}

function describeValue(key: string, value: string, options: RedactOptions): string {
  if (HUGE_KEYS.test(key) || value.length > 10_000) return `[omitted, ${value.length} chars]`;
  if (value === '') return '""';
  const max = options.maxValueChars ?? 200;
  const kept = value.length > max ? `${value.slice(0, max)}...[${value.length} chars]` : value;
  if (isPersonalValue(value)) return markPersonal(kept);
  if (SAFE_KEYS.test(key) && value.length <= 40) return value;
  return isPersonalKey(key) || PERSONAL_REMOTE_FIELDS.has(key) ? markPersonal(kept) : kept;
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

function idOf(record: unknown): string | undefined {
  return record && typeof record === 'object' && 'id' in record ? String((record as { id: unknown }).id) : undefined;
}

function describeObject(record: Record<string, unknown>, options: RedactOptions): string {
  if (typeof record.message === 'string' || (record.errors && typeof record.errors === 'object')) return errorWords(record);
  const keys = Object.keys(record);
  const id = idOf(record);
  if (options.showValues) {
    const pairs = keys.map((k) => [k, typeof record[k] === 'string' ? (record[k] as string) : (JSON.stringify(record[k]) ?? '')] as [string, string]);
    return `record${id !== undefined ? ` id ${id}` : ''}: ${describePairs(pairs, options)}`;
  }
  return `record${id !== undefined ? ` id ${id}` : ''} with ${keys.length} field(s)`;
}

/** The request line, the headers we may show (never X-Hash or X-Public), the form body's fields with masked values. */
export function redactRequest(request: RequestForLog<string>, options: RedactOptions = {}): string {
  return redactRequestWith(
    {
      secretHeaders: SECRET_HEADERS,
      describeQuery: (pairs) => describePairs(pairs, options).replace(/, /g, '&'),
      describeBody: (body) => describePairs(new URLSearchParams(body).entries(), options),
    },
    request,
  );
}

/** The status, useful headers, and a summary of the body: error messages in full, records only by id. */
export function redactResponse(response: ResponseForLog, options: RedactOptions = {}): string {
  return redactResponseWith(
    { shownResponseHeaders: SHOWN_RESPONSE_HEADERS, idOf, describeObject: (record) => describeObject(record, options), showNonJson: options.showValues },
    response,
  );
}
