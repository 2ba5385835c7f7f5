/**
 * Evaluates an outgoing mapping template (create / update) against a case: the exact values a job
 * will send, and everything wrong with them. Pure and total: problems are returned, never thrown,
 * so the designer's preview and a job's pre-flight give one answer.
 *
 * Rules the seed leaves open, decided here:
 * - Rows are read in order. A payload key is the schema key, or `extra.<name>` for an additional
 *   field. Values are trimmed; numbers as String() writes them; booleans as 'true' / 'false'
 *   (formatting them, e.g. Tascomi's t/f, is the connector's job).
 * - A source that yields nothing (no such field, date, person, address or detail; a blank value)
 *   is left out of the payload. That is a problem only for a target required for a create, in a
 *   create template; otherwise the row is listed in `emptyRows`, so the preview never hides it,
 *   unless it is fixed text left empty (meant to be empty). Bad data (a date that does not parse, an unusable zone or format) is always
 *   a problem.
 * - `onlyForRequestCodes`: the Request Code is read first, from its own rows (the last decides); a
 *   conditional row applies when that code is in its list, ignoring case and outer spaces. An
 *   empty list means no condition. A condition on a Request Code row is a problem, and ignored.
 * - Two applicable rows on one target: a problem on the later row naming both; the later row
 *   decides the value (even when it gives none). Rows that were skipped never conflict, so one
 *   target can be mapped differently per Request Code.
 * - Code lists given: a code target's value that matches no entry, or only ceased / disabled ones,
 *   is a problem; the value stays in the payload so the preview shows it. A list not given is
 *   not checked (the connector checks again when it submits).
 * - Location: see location.ts; the problem is put on the first applicable location row.
 * - Create templates: every required target missing from the payload is a problem with
 *   `row: null`, besides any problem of a row that gave it no value.
 * - Structural problems (an unknown target, no source, a condition on a Request Code row) are
 *   reported even on skipped rows: the template is wrong whatever the case.
 */
import { DateTime } from 'luxon';
import type { Case } from '../../../shared/domain/case';
import type { CodeEntryView } from '../../../shared/domain/tascomi';
import { DEFAULT_DATE_FORMAT, type EmptyRow, type EvaluationResult, type MappingProblem, type OutgoingRow, type TemplateDraft } from '../../../shared/domain/template';
import { codeProblem } from './code-check';
import { isLocationKey, settleLocation } from './location';
import { quote, resolveSource, type SourceOutcome } from './sources';

/** What evaluation needs of a connector's target schema (TASCOMI_SCHEMA fits). */
export interface SchemaFieldInfo {
  key: string;
  label: string;
  type: string;
  requiredForCreate: boolean;
  codeList?: string;
}

export interface EvaluationContext {
  schema: { fields: readonly SchemaFieldInfo[] };
  /** Cached code lists by name. Absent: code checks are skipped (e.g. a preview before they load). */
  codeLists?: Partial<Record<string, readonly CodeEntryView[]>>;
}

export const REQUEST_CODE_KEY = 'request_code';
const EXTRA_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** One row once its target is understood. */
interface Planned {
  /** 1-based. */
  row: number;
  id: string;
  /** The payload key; null when the target cannot be used. */
  key: string | null;
  /** For problems: the schema key or the additional field's name. */
  target: string | null;
  label: string;
  field?: SchemaFieldInfo;
  source: OutgoingRow['source'];
  /** Request codes in lower case; empty = no condition. */
  conditions: string[];
}

type Report = (p: Planned, detail: string) => void;

function plan(row: OutgoingRow, index: number, fields: ReadonlyMap<string, SchemaFieldInfo>, report: Report): Planned {
  const conditions = (Array.isArray(row.onlyForRequestCodes) ? row.onlyForRequestCodes : []).map((c) => String(c).trim().toLowerCase()).filter(Boolean);
  const p: Planned = { row: index + 1, id: String(row.id), key: null, target: null, label: 'no target', source: row.source ?? null, conditions };
  const target = row.target;
  if (target?.kind === 'schema') {
    p.field = fields.get(target.key);
    p.target = String(target.key);
    p.label = p.field?.label ?? quote(target.key);
    if (p.field) p.key = target.key;
    else report(p, `${quote(target.key)} is not a field of the connector's schema`);
  } else if (target?.kind === 'extra') {
    p.target = String(target.name);
    p.label = `additional field ${quote(target.name)}`;
    if (EXTRA_NAME.test(p.target)) p.key = `extra.${p.target}`;
    else report(p, 'an additional field is named with lower-case letters, digits and _, starting with a letter');
  } else {
    report(p, 'the row has no target');
  }
  if (!p.source) report(p, 'nothing is mapped onto it yet');
  if (p.key === REQUEST_CODE_KEY && p.conditions.length > 0) {
    report(p, 'the Request Code cannot depend on the Request Code; the condition is ignored');
    p.conditions = [];
  }
  return p;
}

const rowList = (ps: readonly Planned[]) => (ps.length === 1 ? `row ${ps[0]!.row}` : `rows ${ps.map((p) => p.row).join(', ')}`);

export function evaluateTemplate(kase: Case, draft: TemplateDraft, context: EvaluationContext): EvaluationResult {
  const problems: MappingProblem[] = [];
  if (draft.type !== 'create' && draft.type !== 'update') {
    problems.push({ row: null, rowId: null, target: null, message: 'An incoming template is applied to a remote record (applyIncoming); it is not evaluated against a case.' });
    return { payload: {}, skippedRows: [], problems, emptyRows: [] };
  }
  const report: Report = (p, detail) => problems.push({ row: p.row, rowId: p.id, target: p.target, message: `Row ${p.row} (${p.label}): ${detail}.` });

  const fields = new Map<string, SchemaFieldInfo>();
  for (const f of context?.schema?.fields ?? []) if (typeof f?.key === 'string' && !fields.has(f.key)) fields.set(f.key, f);
  const planned = (Array.isArray(draft.rows) ? draft.rows : []).map((row, i) => plan(row, i, fields, report));

  const outcomes = new Map<number, SourceOutcome>();
  const outcome = (p: Planned & { source: NonNullable<Planned['source']> }): SourceOutcome => {
    let out = outcomes.get(p.row);
    if (!out) {
      try {
        out = resolveSource(kase, p.source);
      } catch {
        out = { kind: 'invalid', why: 'the case could not be read for this source' }; // defensive: never throw
      }
      outcomes.set(p.row, out);
    }
    return out;
  };

  // The Request Code decides which conditional rows apply, so it is read first.
  const codeRow = planned.filter((p) => p.key === REQUEST_CODE_KEY).at(-1);
  const codeOutcome = codeRow?.source ? outcome({ ...codeRow, source: codeRow.source }) : undefined;
  const requestCode = codeOutcome?.kind === 'value' ? codeOutcome.value.toLowerCase() : null;

  const skippedRows: number[] = [];
  const applicable = planned.filter((p) => {
    const applies = p.conditions.length === 0 || (requestCode !== null && p.conditions.includes(requestCode));
    if (!applies) skippedRows.push(p.row);
    return applies;
  });

  const emptyRows: EmptyRow[] = [];
  const values = new Map<string, string>();
  const writers = new Map<string, Planned[]>();
  const required = (p: Planned) => draft.type === 'create' && p.field?.requiredForCreate === true;
  for (const p of applicable) {
    if (p.key === null) continue;
    const earlier = writers.get(p.key) ?? [];
    if (earlier.length > 0) report(p, `${rowList(earlier)} also ${earlier.length === 1 ? 'maps' : 'map'} this target; row ${p.row}, the later, decides the value`);
    writers.set(p.key, [...earlier, p]);
    values.delete(p.key); // the later row decides, even when it gives nothing
    if (!p.source) continue;
    const out = outcome({ ...p, source: p.source });
    if (out.kind === 'invalid') report(p, out.why);
    else if (out.kind === 'empty') {
      if (required(p)) report(p, `${out.why}, and a create needs this value`);
      else if (p.source.kind !== 'text')
        emptyRows.push({ row: p.row, rowId: p.id, target: p.target, why: out.why, message: `Row ${p.row} (${p.label}) gives no value for this case: ${out.why}.` });
    } else {
      values.set(p.key, out.value);
      const why = checkCode(p, out.value, context?.codeLists) ?? checkDateTarget(p, out.value);
      if (why) report(p, why);
    }
  }

  const locationRows = applicable.filter((p) => isLocationKey(p.key));
  const noLocation = settleLocation(values, new Set(locationRows.map((p) => p.key!)));
  if (noLocation && locationRows[0]) report(locationRows[0], noLocation);

  if (draft.type === 'create') {
    for (const f of fields.values()) {
      if (!f.requiredForCreate || values.has(f.key)) continue;
      const mapped = planned.filter((p) => p.key === f.key);
      const applied = writers.get(f.key) ?? [];
      const why =
        mapped.length === 0
          ? 'no row maps it'
          : applied.length === 0
            ? `${rowList(mapped)} mapping it ${mapped.length === 1 ? 'applies' : 'apply'} only to Request Codes this case does not have`
            : `${rowList(applied)} gave it no value`;
      problems.push({ row: null, rowId: null, target: f.key, message: `${f.label} is required to create a record, and ${why}.` });
    }
  }

  // Row order first, then the template-wide ones (sort is stable).
  problems.sort((a, b) => (a.row === b.row ? 0 : a.row === null ? 1 : b.row === null ? -1 : a.row - b.row));
  return { payload: Object.fromEntries(values), skippedRows, problems, emptyRows };
}

function checkCode(p: Planned, value: string, codeLists: EvaluationContext['codeLists']): string | null {
  const listName = p.field?.type === 'code' ? p.field.codeList : undefined;
  if (!listName || !codeLists || !Object.hasOwn(codeLists, listName)) return null;
  const entries = codeLists[listName];
  return entries ? codeProblem(entries, value, listName) : null;
}

/**
 * A date target must reach the connector as a date it can read: ISO 8601, or Tascomi's own
 * `yyyy-MM-dd HH:mm:ss`. A row formatted for people (29/03/2026) would fail at submit, so say it here.
 */
function checkDateTarget(p: Planned, value: string): string | null {
  if (p.field?.type !== 'date') return null;
  if (DateTime.fromISO(value, { setZone: true }).isValid || DateTime.fromFormat(value, DEFAULT_DATE_FORMAT).isValid) return null;
  return `it must be a date the connector can read: use the format ${DEFAULT_DATE_FORMAT} (this row gives "${value.slice(0, 60)}")`;
}
