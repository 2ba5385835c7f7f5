/** Rows that gave nothing for the case: listed so the designer can say so, kept apart from problems so a job still goes. */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from '../../../../electron/engine/mapping/evaluate';
import { caseOf, draftOf, REQUIRED_ROWS, schemaOnly } from './helpers';

const field = (name: string) => ({ kind: 'field' as const, field: name });

describe('rows that give no value for the case', () => {
  it('are listed with the reason, by row, and are not problems', () => {
    const draft = draftOf('update', [
      { id: 'desc', to: 'description', from: field('description') },
      { id: 'ward', to: 'extra:ward', from: field('ward') },
      { id: 'rd', to: 'received_date', from: { kind: 'date', date: 'received' } },
    ]);
    const result = evaluateTemplate(caseOf({ fields: { description: 'Loud music' } }), draft, schemaOnly);
    expect(result.payload).toEqual({ description: 'Loud music' });
    expect(result.problems).toEqual([]);
    expect(result.emptyRows).toEqual([
      {
        row: 2,
        rowId: 'ward',
        target: 'ward',
        why: 'the case has no field "ward"',
        message: 'Row 2 (additional field "ward") gives no value for this case: the case has no field "ward".',
      },
      {
        row: 3,
        rowId: 'rd',
        target: 'received_date',
        why: 'the case has no date "received"',
        message: 'Row 3 (Received date) gives no value for this case: the case has no date "received".',
      },
    ]);
  });

  it('a blank case value counts as no value', () => {
    const result = evaluateTemplate(caseOf({ fields: { ward: '   ' } }), draftOf('update', [{ id: 'ward', to: 'extra:ward', from: field('ward') }]), schemaOnly);
    expect(result.emptyRows.map((r) => r.why)).toEqual(['the case field "ward" is empty']);
  });

  it('fixed text left empty is meant to be empty: not listed', () => {
    const result = evaluateTemplate(caseOf(), draftOf('update', [{ id: 'blank', to: 'extra:note', from: { kind: 'text', value: '' } }]), schemaOnly);
    expect(result).toEqual({ payload: {}, skippedRows: [], problems: [], emptyRows: [] });
  });

  it('a required target with no value is a problem only, not listed twice', () => {
    const draft = draftOf('create', [...REQUIRED_ROWS.slice(0, 2), { id: 'io', to: 'investigating_officer', from: field('officer') }]);
    const result = evaluateTemplate(caseOf(), draft, schemaOnly);
    expect(result.emptyRows).toEqual([]);
    expect(result.problems.map((p) => p.rowId)).toContain('io');
  });

  it('rows skipped by their Request Code condition, rows without a source and bad data are not listed', () => {
    const draft = draftOf('update', [
      { id: 'rc', to: 'request_code', from: { kind: 'text', value: 'NOISE' } },
      { id: 'odour', to: 'extra:smell', from: field('smell'), onlyFor: ['ODOUR'] },
      { id: 'none', to: 'description', from: null },
      { id: 'bad', to: 'received_date', from: { kind: 'date', date: 'reported', format: "''" } },
      { id: 'ward', to: 'extra:ward', from: field('ward') },
    ]);
    const result = evaluateTemplate(caseOf({ dates: { reported: '2026-03-01T10:00:00+00:00' } }), draft, schemaOnly);
    expect(result.skippedRows).toEqual([2]);
    expect(result.emptyRows.map((r) => r.rowId)).toEqual(['ward']);
    expect(result.problems.map((p) => p.rowId)).toEqual(['none', 'bad']);
  });
});
