import { describe, expect, it } from 'vitest';
import { CaseSchema } from '../../../../../../shared/domain/case';
import type { EvaluationResult } from '../../../../../../shared/domain/template';
import { saveMessage } from '../../../../../../renderer/src/features/templates/designer/save-message';

const kase = CaseSchema.parse({ id: 'CRM-FT-1', type: 'Fly-tipping report' });
const clean: EvaluationResult = { payload: { description: 'x' }, skippedRows: [], problems: [], emptyRows: [] };

describe('what the designer says after a save', () => {
  it('a clean preview, or none: saved as the version, nothing more', () => {
    expect(saveMessage(3, { kase, result: clean })).toEqual({ title: null, text: 'Saved as version 3.', issues: [] });
    expect(saveMessage(1, null)).toEqual({ title: null, text: 'Saved as version 1.', issues: [] });
  });

  it('counts problems and rows that gave no value, in row order, template-wide problems last', () => {
    const result: EvaluationResult = {
      ...clean,
      problems: [
        { row: 4, rowId: 'd', target: 'request_code', message: 'Row 4 (Request Code): not in the list.' },
        { row: null, rowId: null, target: 'core_function', message: 'Core Function is required to create a record, and no row maps it.' },
      ],
      emptyRows: [
        {
          row: 2,
          rowId: 'b',
          target: 'ward',
          why: 'the case has no field "ward"',
          message: 'Row 2 (additional field "ward") gives no value for this case: the case has no field "ward".',
        },
      ],
    };
    expect(saveMessage(2, { kase, result })).toEqual({
      title: 'Saved with 3 problems',
      text: 'Saved as version 2. The preview of case CRM-FT-1 (Fly-tipping report) shows these problems; jobs may fail or send less until they are fixed:',
      issues: [
        'Row 2 (additional field "ward") gives no value for this case: the case has no field "ward".',
        'Row 4 (Request Code): not in the list.',
        'Core Function is required to create a record, and no row maps it.',
      ],
    });
  });

  it('one problem is singular', () => {
    const result = { ...clean, emptyRows: [{ row: 1, rowId: 'a', target: 'x', why: 'w', message: 'Row 1 (x) gives no value for this case: w.' }] };
    expect(saveMessage(5, { kase, result })).toMatchObject({
      title: 'Saved with 1 problem',
      text: expect.stringContaining('shows this problem; jobs may fail or send less until it is fixed'),
    });
  });
});
