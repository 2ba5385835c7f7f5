/** Small builders for mapping tests: every case and template goes through its schema, as in the app. */
import { TASCOMI_SCHEMA } from '../../../../shared/connectors/tascomi-schema';
import { evaluateTemplate, type EvaluationContext } from '../../../../electron/engine/mapping/evaluate';
import { CaseSchema, type Case, type CaseInput } from '../../../../shared/domain/case';
import type { CodeEntryView } from '../../../../shared/domain/tascomi';
import { TemplateDraftSchema, type SourceInput, type TemplateDraft } from '../../../../shared/domain/template';

export const schemaOnly: EvaluationContext = { schema: TASCOMI_SCHEMA };

export function caseOf(input: Partial<CaseInput> = {}): Case {
  return CaseSchema.parse({ id: 'CRM-1', type: 'noise', ...input });
}

export interface RowSpec {
  id?: string;
  /** A schema key, or `extra:<name>` for an additional field. */
  to: string;
  from: SourceInput | null;
  onlyFor?: string[];
}

export function draftOf(type: 'create' | 'update', rows: RowSpec[]): TemplateDraft {
  return TemplateDraftSchema.parse({
    name: 'Test template',
    connector: 'tascomi',
    type,
    reference: 'SR number',
    rows: rows.map((r, i) => ({
      id: r.id ?? `r${i + 1}`,
      target: r.to.startsWith('extra:') ? { kind: 'extra', name: r.to.slice(6) } : { kind: 'schema', key: r.to },
      source: r.from,
      ...(r.onlyFor ? { onlyForRequestCodes: r.onlyFor } : {}),
    })),
  });
}

/** The three rows every create needs, from fixed text. */
export const REQUIRED_ROWS: RowSpec[] = [
  { id: 'cf', to: 'core_function', from: { kind: 'text', value: 'EH' } },
  { id: 'rc', to: 'request_code', from: { kind: 'text', value: 'NOISE' } },
  { id: 'io', to: 'investigating_officer', from: { kind: 'text', value: 'pshah' } },
];

/** Evaluates one row onto `to` in an update template (so nothing is required). */
export function one(kase: Case, from: SourceInput | null, to = 'description', context: EvaluationContext = schemaOnly) {
  return evaluateTemplate(kase, draftOf('update', [{ id: 'only', to, from }]), context);
}

export const entry = (id: string, code: string | undefined, label: string, inactive?: 'ceased' | 'disabled'): CodeEntryView => ({
  id,
  ...(code === undefined ? {} : { code }),
  label,
  active: inactive === undefined,
  ...(inactive ? { inactive } : {}),
});

/** Code lists shaped like the emulator's demo data. */
export const CODE_LISTS: Record<string, CodeEntryView[]> = {
  core_functions: [entry('1', 'EH', 'Environmental Health'), entry('2', 'TS', 'Trading Standards')],
  complaint_codes: [entry('1', 'NOISE', 'Domestic noise'), entry('3', 'ODOUR', 'Odour nuisance'), entry('23', 'NOISEOLD', 'Noise (old code, use NOISE)', 'ceased')],
  users: [entry('1', 'pshah', 'Priya Shah'), entry('9', 'rgreen', 'Robert Green', 'disabled')],
  titles: [entry('1', 'MR', 'Mr'), entry('2', 'MRS', 'Mrs'), entry('7', 'REVD', 'Reverend (disabled)', 'disabled')],
};
