/** Incoming templates: remote Service Request fields onto case fields. */
import { describe, expect, it } from 'vitest';
import { TASCOMI_INCOMING_FIELDS } from '../../../../shared/connectors/tascomi-schema';
import { applyIncoming } from '../../../../electron/engine/mapping/incoming';
import { TemplateDraftSchema, type TemplateDraft } from '../../../../shared/domain/template';
import { draftOf } from './helpers';

type Incoming = Extract<TemplateDraft, { type: 'incoming' }>;
const incoming = (rows: [remoteField: string, caseField: string][]): Incoming =>
  TemplateDraftSchema.parse({
    name: 'In',
    connector: 'tascomi',
    type: 'incoming',
    reference: 'SR number',
    rows: rows.map(([remoteField, caseField], i) => ({ id: `i${i + 1}`, remoteField, caseField })),
  }) as Incoming;

const serviceRequest = { id: '5012', remarks: 'Loud music', received_date: '2026-03-29 02:30:00', investigating_officer_id: 7, ceased: 'f', last_updated: null };

describe('applyIncoming', () => {
  it('maps remote fields (by the connector key) onto case fields', () => {
    const draft = incoming([
      ['id', 'sr_number'],
      ['description', 'sr_remarks'],
      ['received_date', 'sr_received'],
      ['investigating_officer', 'officer'],
      ['ceased', 'closed'],
    ]);
    expect(applyIncoming(serviceRequest, draft, TASCOMI_INCOMING_FIELDS)).toEqual({
      fields: { sr_number: '5012', sr_remarks: 'Loud music', sr_received: '2026-03-29 02:30:00', officer: '7', closed: 'f' },
      problems: [],
    });
  });

  it('a remote record without the field is a problem, and writes nothing; null writes an empty value', () => {
    const result = applyIncoming(
      { id: '1', last_updated: null },
      incoming([
        ['submit_date', 'submitted'],
        ['last_updated', 'updated'],
      ]),
      TASCOMI_INCOMING_FIELDS,
    );
    expect(result).toEqual({
      fields: { updated: '' },
      problems: [{ row: 1, rowId: 'i1', target: 'submitted', message: 'Row 1 ("submit_date" to case field "submitted"): the remote record has no "submit_date" field.' }],
    });
  });

  it('an unknown key, a value that is not a single value, or one too long for a case field is a problem', () => {
    const remote = { id: { nested: true }, remarks: 'x'.repeat(10_001), received_date: ['a'] };
    const result = applyIncoming(
      remote,
      incoming([
        ['colour', 'a'],
        ['id', 'b'],
        ['description', 'c'],
        ['received_date', 'd'],
      ]),
      TASCOMI_INCOMING_FIELDS,
    );
    expect(result.fields).toEqual({});
    expect(result.problems.map((p) => p.message)).toEqual([
      'Row 1 ("colour" to case field "a"): "colour" is not a field the connector reads back.',
      'Row 2 ("id" to case field "b"): the value is of type object, not a single value.',
      'Row 3 ("description" to case field "c"): the value is longer than a case field holds (10000 characters).',
      'Row 4 ("received_date" to case field "d"): the value is a list, not a single value.',
    ]);
  });

  it('two rows on one case field: the later decides, with a problem naming both', () => {
    const result = applyIncoming(
      serviceRequest,
      incoming([
        ['id', 'sr'],
        ['description', 'sr'],
      ]),
      TASCOMI_INCOMING_FIELDS,
    );
    expect(result.fields).toEqual({ sr: 'Loud music' });
    expect(result.problems).toEqual([
      { row: 2, rowId: 'i2', target: 'sr', message: 'Row 2 ("description" to case field "sr"): row 1 also writes this case field; row 2, the later, wins.' },
    ]);
  });

  it('reads own fields only, and keeps a case field called __proto__', () => {
    const remote = Object.create({ remarks: 'inherited' }) as Record<string, unknown>;
    remote.id = '9';
    const result = applyIncoming(
      remote,
      incoming([
        ['id', '__proto__'],
        ['description', 'remarks'],
      ]),
      TASCOMI_INCOMING_FIELDS,
    );
    expect(Object.hasOwn(result.fields, '__proto__')).toBe(true);
    expect(Object.entries(result.fields)).toEqual([['__proto__', '9']]);
    expect(result.problems.map((p) => p.row)).toEqual([2]);
  });

  it('an outgoing template is refused with a problem, not a throw', () => {
    const result = applyIncoming(serviceRequest, draftOf('update', []) as unknown as Incoming, TASCOMI_INCOMING_FIELDS);
    expect(result).toEqual({ fields: {}, problems: [{ row: null, rowId: null, target: null, message: 'Only an incoming template is applied to a remote record.' }] });
  });
});
