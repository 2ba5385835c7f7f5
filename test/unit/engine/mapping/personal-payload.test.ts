/**
 * Which values a job must treat as personal: every detail of the case's people and addresses, and
 * the value of every row that is personal by its target, its source or an admin's mark, as the
 * case gives it and as the payload carries it; a plain case field onto a plain target is not.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from '../../../../electron/engine/mapping/evaluate';
import { caseDetails, personalValuesOf } from '../../../../electron/engine/mapping/personal-payload';
import { TemplateDraftSchema } from '../../../../shared/domain/template';
import { caseOf, draftOf, schemaOnly } from './helpers';

const kase = caseOf({
  fields: { caller_town: 'Little Snoring', waste: 'Sofa', plate: 'NB19 KXP', uprn_field: '1000 9041 2301' },
  people: [{ role: 'Reporter', forename: 'Margaret', surname: 'Ellison', email: 'me@example.org', address: { lines: ['21 Victoria Road'], postcode: 'NB3 4RW' } }],
  addresses: [{ role: 'Incident', uprn: '100090412301', lines: ['Garages rear of 24 Victoria Road'] }],
});

describe('the personal values of a job', () => {
  it("are every detail of the case's people and addresses, a person's full name included", () => {
    expect(caseDetails(kase).sort()).toEqual(
      ['Margaret', 'Ellison', 'Margaret Ellison', 'me@example.org', '21 Victoria Road', 'NB3 4RW', '100090412301', 'Garages rear of 24 Victoria Road'].sort(),
    );
  });

  it('add the rows personal by target, by source and by mark, as given and as sent; a plain field onto a plain target stays out', () => {
    const draft = draftOf('update', [
      { id: 'tw', to: 'requester.town', from: { kind: 'field', field: 'caller_town' } },
      { id: 'lu', to: 'location.uprn', from: { kind: 'field', field: 'uprn_field' } },
      { id: 'ad', to: 'extra:where', from: { kind: 'address', role: 'Incident', detail: 'single_line' } },
      { id: 'vr', to: 'extra:vehicle', from: { kind: 'field', field: 'plate' } },
      { id: 'ws', to: 'extra:waste', from: { kind: 'field', field: 'waste' } },
    ]);
    const marked = TemplateDraftSchema.parse({ ...draft, rows: draft.rows.map((r) => (r.id === 'vr' ? { ...r, personal: true } : r)) });
    const { payload } = evaluateTemplate(kase, marked, schemaOnly);
    const values = personalValuesOf(kase, marked, payload);
    expect(values).toEqual(expect.arrayContaining(['Little Snoring', '1000 9041 2301', '100090412301', 'Garages rear of 24 Victoria Road', 'NB19 KXP']));
    expect(values).not.toContain('Sofa');
    // Unmarked, the plate is an ordinary case field.
    expect(personalValuesOf(kase, draft, payload)).not.toContain('NB19 KXP');
  });
});
