/** Properties of evaluation over arbitrary schema-valid cases, templates, code lists and remote records. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TASCOMI_INCOMING_FIELDS, TASCOMI_SCHEMA, TASCOMI_TARGET_FIELDS } from '../../../../shared/connectors/tascomi-schema';
import { evaluateTemplate, type EvaluationContext } from '../../../../electron/engine/mapping/evaluate';
import { applyIncoming } from '../../../../electron/engine/mapping/incoming';
import type { EvaluationResult, MappingProblem, TemplateDraft } from '../../../../shared/domain/template';
import { caseArb, codeListsArb, incomingDraftArb, outgoingDraftArb, remoteArb } from './arbitraries';

const RUNS = { numRuns: 400 };
const SCHEMA_KEYS = new Set(TASCOMI_TARGET_FIELDS.map((f) => f.key));
const REQUIRED = TASCOMI_TARGET_FIELDS.filter((f) => f.requiredForCreate).map((f) => f.key);
const scenario = fc.record({ kase: caseArb, draft: outgoingDraftArb, codeLists: codeListsArb });
const contextOf = (codeLists: EvaluationContext['codeLists']): EvaluationContext => ({ schema: TASCOMI_SCHEMA, ...(codeLists ? { codeLists } : {}) });

type Outgoing = Extract<TemplateDraft, { type: 'create' | 'update' }>;

/** The payload key a row writes, or null when its target is not usable (independent of the code under test). */
function payloadKey(row: Outgoing['rows'][number]): string | null {
  if (row.target.kind === 'extra') return `extra.${row.target.name}`;
  return SCHEMA_KEYS.has(row.target.key) ? row.target.key : null;
}

/** Which rows apply, from the Request Code the payload carries (the Request Code rows always apply). */
function applies(draft: Outgoing, result: EvaluationResult): boolean[] {
  const code = result.payload.request_code?.toLowerCase() ?? null;
  return draft.rows.map((row) => {
    const conditions = (row.onlyForRequestCodes ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean);
    return payloadKey(row) === 'request_code' || conditions.length === 0 || (code !== null && conditions.includes(code));
  });
}

const withRow = (problems: MappingProblem[]) => problems.filter((p) => p.row !== null);

describe('evaluateTemplate, for any case and template the schemas accept', () => {
  it('never throws, and answers in the documented shape', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const result = evaluateTemplate(kase, draft, contextOf(codeLists));
        expect(Object.values(result.payload).every((v) => typeof v === 'string' && v !== '' && v === v.trim())).toBe(true);
        expect(result.problems.every((p) => typeof p.message === 'string' && p.message.length > 0)).toBe(true);
        expect([...result.skippedRows].sort((a, b) => a - b)).toEqual(result.skippedRows);
      }),
      RUNS,
    );
  });

  it('every problem with a row number names a row that exists, with its id', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        for (const p of withRow(evaluateTemplate(kase, draft, contextOf(codeLists)).problems)) {
          expect(Number.isInteger(p.row)).toBe(true);
          expect(p.row).toBeGreaterThanOrEqual(1);
          expect(p.row).toBeLessThanOrEqual(draft.rows.length);
          expect(p.rowId).toBe(draft.rows[p.row! - 1]!.id);
        }
      }),
      RUNS,
    );
  });

  it('payload keys are schema keys or extra.* of rows that applied; skipped rows are exactly those whose codes did not match', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const result = evaluateTemplate(kase, draft, contextOf(codeLists));
        const applied = applies(draft, result);
        expect(result.skippedRows).toEqual(applied.flatMap((a, i) => (a ? [] : [i + 1])));
        const written = new Set(draft.rows.filter((_, i) => applied[i]).map(payloadKey));
        for (const key of Object.keys(result.payload)) {
          expect(SCHEMA_KEYS.has(key) || /^extra\.[a-z][a-z0-9_]*$/.test(key)).toBe(true);
          expect(written.has(key)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('required-unmapped problems appear exactly for the required keys not in the payload (create only)', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const result = evaluateTemplate(kase, draft, contextOf(codeLists));
        const rowless = result.problems.filter((p) => p.row === null);
        expect(rowless.every((p) => p.rowId === null)).toBe(true);
        const expected = draft.type === 'create' ? REQUIRED.filter((k) => !(k in result.payload)) : [];
        expect(rowless.map((p) => p.target)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('location values in the payload are valid UPRNs / USRNs', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const { payload } = evaluateTemplate(kase, draft, contextOf(codeLists));
        if ('location.uprn' in payload) expect(payload['location.uprn']).toMatch(/^\d{1,12}$/);
        if ('location.usrn' in payload) expect(payload['location.usrn']).toMatch(/^\d{1,8}$/);
      }),
      RUNS,
    );
  });

  it('code lists only add problems: the payload and the other problems are the same without them', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const without = evaluateTemplate(kase, draft, contextOf(undefined));
        const withLists = evaluateTemplate(kase, draft, contextOf(codeLists));
        expect(withLists.payload).toEqual(without.payload);
        expect(withLists.skippedRows).toEqual(without.skippedRows);
        const remaining = [...withLists.problems];
        for (const p of without.problems) {
          const at = remaining.findIndex((q) => q.message === p.message && q.row === p.row);
          expect(at).toBeGreaterThanOrEqual(0);
          remaining.splice(at, 1);
        }
        for (const extra of remaining) expect(extra.message).toMatch(/code list|in \w+ is (ceased|disabled|not in use) in Tascomi/);
      }),
      RUNS,
    );
  });

  it('is pure: the same answer twice, and its inputs unchanged', () => {
    fc.assert(
      fc.property(scenario, ({ kase, draft, codeLists }) => {
        const before = structuredClone({ kase, draft, codeLists });
        const first = evaluateTemplate(kase, draft, contextOf(codeLists));
        expect(evaluateTemplate(kase, draft, contextOf(codeLists))).toEqual(first);
        expect({ kase, draft, codeLists }).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});

describe('applyIncoming, for any incoming template and remote record', () => {
  it('never throws; writes only the template case fields, as text a case field holds; problems name real rows', () => {
    fc.assert(
      fc.property(remoteArb, incomingDraftArb, (remote, draft) => {
        const result = applyIncoming(remote, draft, TASCOMI_INCOMING_FIELDS);
        const caseFields = new Set(draft.rows.map((r) => r.caseField));
        for (const [key, value] of Object.entries(result.fields)) {
          expect(caseFields.has(key)).toBe(true);
          expect(typeof value).toBe('string');
          expect(value.length).toBeLessThanOrEqual(10_000);
        }
        for (const p of result.problems) {
          expect(p.row).not.toBeNull();
          expect(p.rowId).toBe(draft.rows[p.row! - 1]!.id);
        }
        // Every row either writes its field or has a problem.
        draft.rows.forEach((row, i) => {
          const later = draft.rows.slice(i + 1).some((r) => r.caseField === row.caseField);
          if (!later) expect(Object.hasOwn(result.fields, row.caseField) || result.problems.some((p) => p.row === i + 1)).toBe(true);
        });
      }),
      RUNS,
    );
  });
});
