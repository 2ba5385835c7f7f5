/**
 * Applies an incoming template: fields of a remote record (e.g. the Service Request number) onto
 * case fields. Pure and total like evaluateTemplate: problems are returned, never thrown.
 *
 * Decided here:
 * - a row names a field by the connector's key (TASCOMI_INCOMING_FIELDS `key`), read from the
 *   record under its `remoteField`; an unknown key is a problem;
 * - a record without the field (absent or undefined) is a problem and the case field is left as
 *   it is; a null value writes '' (the case mirrors a remote field that is empty);
 * - text is kept exactly; numbers and booleans become text; anything else (an object, an array)
 *   is a problem, as is text longer than a case field holds (10,000 characters);
 * - two rows writing one case field: the later decides (even when it fails), with a problem
 *   naming both.
 */
import type { IncomingRow, MappingProblem, TemplateDraft } from '../../../shared/domain/template';
import { quote } from './sources';

export interface IncomingFieldInfo {
  key: string;
  remoteField: string;
  label?: string;
}

export interface IncomingResult {
  /** Case field -> value to write. */
  fields: Record<string, string>;
  problems: MappingProblem[];
}

type IncomingDraft = Extract<TemplateDraft, { type: 'incoming' }>;

/** Matches the case schema's limit on a field value. */
export const MAX_CASE_FIELD_LENGTH = 10_000;

function asText(value: unknown): { text: string } | { why: string } {
  if (value === null) return { text: '' };
  if (typeof value === 'string')
    return value.length <= MAX_CASE_FIELD_LENGTH ? { text: value } : { why: `the value is longer than a case field holds (${MAX_CASE_FIELD_LENGTH} characters)` };
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value) } : { why: 'the value is not a finite number' };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  return { why: `the value is ${Array.isArray(value) ? 'a list' : `of type ${typeof value}`}, not a single value` };
}

export function applyIncoming(remote: Readonly<Record<string, unknown>>, draft: IncomingDraft, incomingFields: readonly IncomingFieldInfo[]): IncomingResult {
  const problems: MappingProblem[] = [];
  if (draft?.type !== 'incoming') {
    problems.push({ row: null, rowId: null, target: null, message: 'Only an incoming template is applied to a remote record.' });
    return { fields: {}, problems };
  }
  const known = new Map<string, IncomingFieldInfo>();
  for (const f of Array.isArray(incomingFields) ? incomingFields : []) if (typeof f?.key === 'string' && !known.has(f.key)) known.set(f.key, f);
  const record: object = remote !== null && typeof remote === 'object' ? remote : {};

  const fields = new Map<string, string>(); // a Map, so a case field called "__proto__" is kept
  const writers = new Map<string, number>();
  const rows: readonly IncomingRow[] = Array.isArray(draft.rows) ? draft.rows : [];
  rows.forEach((row, index) => {
    const n = index + 1;
    const target = String(row.caseField);
    const report = (detail: string) =>
      problems.push({ row: n, rowId: String(row.id), target, message: `Row ${n} (${quote(row.remoteField)} to case field ${quote(target)}): ${detail}.` });
    const earlier = writers.get(target);
    if (earlier !== undefined) report(`row ${earlier} also writes this case field; row ${n}, the later, wins`);
    writers.set(target, n);
    fields.delete(target); // the later row decides, even when it fails

    const info = known.get(row.remoteField);
    if (!info) return report(`${quote(row.remoteField)} is not a field the connector reads back`);
    const value: unknown = Object.hasOwn(record, info.remoteField) ? (record as Record<string, unknown>)[info.remoteField] : undefined;
    if (value === undefined) return report(`the remote record has no ${quote(info.remoteField)} field`);
    const converted = asText(value);
    if ('why' in converted) return report(converted.why);
    fields.set(target, converted.text);
  });
  return { fields: Object.fromEntries(fields), problems };
}
