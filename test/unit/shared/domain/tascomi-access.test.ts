import { describe, expect, it } from 'vitest';
import { applyWriteConfirmation, summariseAccess } from '../../../../shared/domain/tascomi-access';
import type { ApiAccessRow, WriteAccessConfirmation } from '../../../../shared/domain/tascomi';

const listed = (table: string) => ({ known: 'confirmed' as const, how: `Tascomi listed page 1 of ${table}.` });
const probed = { known: 'inferred' as const, how: 'The write probe was not refused with 403.' };
const row = (table: string, patch: Partial<ApiAccessRow> = {}): ApiAccessRow => ({
  table,
  label: table,
  view: true,
  createUpdate: true,
  required: { view: true, createUpdate: true },
  lacking: false,
  viewBasis: listed(table),
  createUpdateBasis: probed,
  ...patch,
});
const checked = summariseAccess([
  row('complaints'),
  row('contacts'),
  row('titles', { createUpdate: null, required: { view: true, createUpdate: false }, createUpdateBasis: undefined }),
]);
const confirmation = (outcomes: Record<string, WriteAccessConfirmation['checks'][number]['outcome']>): WriteAccessConfirmation => ({
  ok: Object.values(outcomes).every((o) => o === 'confirmed'),
  marker: 'CASEBRIDGE-ACCESS-CHECK-20260615T100020Z',
  checks: Object.entries(outcomes).map(([table, outcome], i) => ({
    table,
    label: table,
    outcome,
    detail: `${table} ${outcome}`,
    ...(outcome === 'confirmed' ? { createdId: String(40 + i) } : {}),
  })),
  created: [],
});

describe('the access verdict', () => {
  it('an ok verdict on the write probe says it rests on inference, and how to confirm', () => {
    expect(checked.ok).toBe(true);
    expect(checked.reason).toBeUndefined();
    expect(checked.inference).toMatch(/^Create & Update on complaints, Create & Update on contacts are inferred .* Start "Confirm write access"/);
  });

  it('a confirmation that wrote both tables makes every result seen: no inference left', () => {
    const merged = applyWriteConfirmation(checked, confirmation({ complaints: 'confirmed', contacts: 'confirmed' }));
    expect(merged.ok).toBe(true);
    expect(merged.inference).toBeUndefined();
    expect(merged.rows[0]).toMatchObject({
      createUpdate: true,
      createUpdateBasis: { known: 'confirmed', how: 'complaints confirmed' },
      viewBasis: { known: 'confirmed', how: 'The confirmation read complaints record 40 back.' },
    });
    expect(merged.rows[2]).toEqual(checked.rows[2]); // not written: as the check found it
  });

  it('a refused write is seen lacking; one not confirmed stays inferred, and the verdict names it', () => {
    const merged = applyWriteConfirmation(checked, confirmation({ complaints: 'not_confirmed', contacts: 'refused' }));
    expect(merged.ok).toBe(false);
    expect(merged.rows[1]).toMatchObject({ createUpdate: false, lacking: true, createUpdateBasis: { known: 'confirmed', how: 'contacts refused' } });
    expect(merged.rows[0]).toEqual(checked.rows[0]);
    expect(merged.reason).toBe('The API key lacks access the integration needs: contacts (Create & Update). Ask the Tascomi administrator to grant it.');
    expect(merged.inference).toMatch(/^Create & Update on complaints is inferred/);

    const unsettled = applyWriteConfirmation(checked, confirmation({ complaints: 'not_confirmed', contacts: 'confirmed' }));
    expect(unsettled).toMatchObject({ ok: true, reason: 'complaints: complaints not_confirmed' });
  });

  it('a check that could not run is left as it was', () => {
    const failed = { ok: false, rows: [], reason: 'Tascomi refused the API keys' };
    expect(applyWriteConfirmation(failed, confirmation({ complaints: 'confirmed' }))).toBe(failed);
  });
});
