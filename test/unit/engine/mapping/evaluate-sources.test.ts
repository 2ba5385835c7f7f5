/** Each source kind, read from a case: values, absences and bad data. */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from '../../../../electron/engine/mapping/evaluate';
import type { Case } from '../../../../shared/domain/case';
import { caseOf, draftOf, one, REQUIRED_ROWS, schemaOnly } from './helpers';

describe('case field values', () => {
  const kase = caseOf({ fields: { text: '  Loud music  ', count: 42, ratio: 0.5, big: 1e21, yes: true, no: false, nothing: null, blank: '   ', constructor: 'own field' } });

  it('text is trimmed; numbers as written; booleans as true/false text', () => {
    expect(one(kase, { kind: 'field', field: 'text' }).payload).toEqual({ description: 'Loud music' });
    expect(one(kase, { kind: 'field', field: 'count' }).payload).toEqual({ description: '42' });
    expect(one(kase, { kind: 'field', field: 'ratio' }).payload).toEqual({ description: '0.5' });
    expect(one(kase, { kind: 'field', field: 'big' }).payload).toEqual({ description: '1e+21' });
    expect(one(kase, { kind: 'field', field: 'yes' }).payload).toEqual({ description: 'true' });
    expect(one(kase, { kind: 'field', field: 'no' }).payload).toEqual({ description: 'false' });
  });

  it('a missing, null or blank field on an optional target is left out, with no problem, and listed as giving no value', () => {
    for (const field of ['absent', 'nothing', 'blank']) {
      const result = one(kase, { kind: 'field', field });
      expect(result).toMatchObject({ payload: {}, skippedRows: [], problems: [] });
      expect(result.emptyRows.map((r) => r.rowId)).toEqual(['only']);
    }
  });

  it('reads own fields only: "toString" is not a field, "constructor" is when the case has it', () => {
    expect(one(kase, { kind: 'field', field: 'toString' }).payload).toEqual({});
    expect(one(kase, { kind: 'field', field: 'constructor' }).payload).toEqual({ description: 'own field' });
    expect(one(caseOf(), { kind: 'field', field: 'hasOwnProperty' }).payload).toEqual({});
  });

  it('a missing value on a target a create needs is a problem naming the row and the field', () => {
    const rows = REQUIRED_ROWS.map((r) => (r.id === 'rc' ? { ...r, from: { kind: 'field' as const, field: 'code' } } : r));
    const result = evaluateTemplate(kase, draftOf('create', rows), schemaOnly);
    expect(result.payload).toEqual({ core_function: 'EH', investigating_officer: 'pshah' });
    expect(result.problems).toEqual([
      { row: 2, rowId: 'rc', target: 'request_code', message: 'Row 2 (Request Code): the case has no field "code", and a create needs this value.' },
      { row: null, rowId: null, target: 'request_code', message: 'Request Code is required to create a record, and row 2 gave it no value.' },
    ]);
  });

  it('a non-finite number (a case not parsed by the schema) is a problem, not a throw', () => {
    const raw = { ...caseOf(), fields: { n: Number.POSITIVE_INFINITY } } as unknown as Case;
    expect(one(raw, { kind: 'field', field: 'n' }).problems[0]?.message).toMatch(/not a finite number/);
  });
});

describe('case dates', () => {
  const date = (iso: string, format?: string, zone?: string) =>
    one(caseOf({ dates: { received: iso } }), { kind: 'date', date: 'received', ...(format ? { format } : {}), ...(zone ? { zone } : {}) }, 'received_date');

  it('the spring change (29 March 2026): 01:00 GMT becomes 02:00 BST', () => {
    expect(date('2026-03-29T00:30:00Z').payload.received_date).toBe('2026-03-29 00:30:00');
    expect(date('2026-03-29T00:59:59Z').payload.received_date).toBe('2026-03-29 00:59:59');
    expect(date('2026-03-29T01:00:00Z').payload.received_date).toBe('2026-03-29 02:00:00');
    expect(date('2026-03-29T01:30:00Z').payload.received_date).toBe('2026-03-29 02:30:00');
  });

  it('the autumn change (25 October 2026): 01:00-02:00 local happens twice', () => {
    expect(date('2026-10-25T00:30:00Z').payload.received_date).toBe('2026-10-25 01:30:00'); // BST
    expect(date('2026-10-25T01:30:00Z').payload.received_date).toBe('2026-10-25 01:30:00'); // GMT, the same wall clock
    expect(date('2026-10-25T02:30:00Z').payload.received_date).toBe('2026-10-25 02:30:00');
    // With the offset in the format the two are told apart.
    expect(date('2026-10-25T00:30:00Z', "yyyy-MM-dd'T'HH:mm:ssZZ").payload.received_date).toBe('2026-10-25T01:30:00+01:00');
    expect(date('2026-10-25T01:30:00Z', "yyyy-MM-dd'T'HH:mm:ssZZ").payload.received_date).toBe('2026-10-25T01:30:00+00:00');
  });

  it('the case offset is honoured, whatever it is', () => {
    expect(date('2026-03-29T09:15:00+01:00').payload.received_date).toBe('2026-03-29 09:15:00');
    expect(date('2026-06-15T04:05:00-05:00').payload.received_date).toBe('2026-06-15 10:05:00');
    expect(date('2026-01-01T00:00:00.999+05:30').payload.received_date).toBe('2025-12-31 18:30:00');
  });

  it('formats: dd/MM/yyyy, ISO, month names in English whatever the computer', () => {
    expect(date('2026-03-29T01:30:00Z', 'dd/MM/yyyy').payload.received_date).toBe('29/03/2026');
    expect(date('2026-03-29T23:30:00Z', 'dd/MM/yyyy').payload.received_date).toBe('30/03/2026'); // the London date, not UTC's
    expect(date('2026-03-29T01:30:00Z', "yyyy-MM-dd'T'HH:mm:ssZZ").payload.received_date).toBe('2026-03-29T02:30:00+01:00');
    expect(date('2026-03-29T01:30:00Z', 'd MMMM yyyy').payload.received_date).toBe('29 March 2026');
  });

  it('a date target formatted for people is a problem at its row; the connector reads only ISO or yyyy-MM-dd HH:mm:ss', () => {
    const people = date('2026-03-29T01:30:00Z', 'dd/MM/yyyy');
    expect(people.problems).toEqual([
      {
        row: 1,
        rowId: 'only',
        target: 'received_date',
        message: expect.stringMatching(/^Row 1 \(Received date\): it must be a date the connector can read: use the format yyyy-MM-dd HH:mm:ss \(this row gives "29\/03\/2026"\)/),
      },
    ]);
    expect(date('2026-03-29T01:30:00Z').problems).toEqual([]);
    expect(date('2026-03-29T01:30:00Z', "yyyy-MM-dd'T'HH:mm:ssZZ").problems).toEqual([]);
    // The same format onto a text target is the admin's choice.
    const text = one(caseOf({ dates: { received: '2026-03-29T01:30:00Z' } }), { kind: 'date', date: 'received', format: 'dd/MM/yyyy' }, 'description');
    expect(text).toMatchObject({ payload: { description: '29/03/2026' }, problems: [] });
  });

  it('zones: the row converts to its own zone', () => {
    expect(date('2026-03-29T01:30:00Z', undefined, 'UTC').payload.received_date).toBe('2026-03-29 01:30:00');
    expect(date('2026-03-29T01:30:00Z', undefined, 'America/New_York').payload.received_date).toBe('2026-03-28 21:30:00');
    expect(date('2026-03-29T01:30:00Z', undefined, 'Asia/Kolkata').payload.received_date).toBe('2026-03-29 07:00:00');
    expect(date('2026-03-08T07:30:00Z', undefined, 'America/New_York').payload.received_date).toBe('2026-03-08 03:30:00'); // US spring change
  });

  it('a missing date on an optional target is left out; on a required one it is a problem', () => {
    expect(one(caseOf(), { kind: 'date', date: 'received' }, 'received_date')).toMatchObject({ payload: {}, skippedRows: [], problems: [], emptyRows: [{ rowId: 'only' }] });
    const rows = [...REQUIRED_ROWS.filter((r) => r.id !== 'rc'), { id: 'rc', to: 'request_code', from: { kind: 'date' as const, date: 'received' } }];
    const result = evaluateTemplate(caseOf(), draftOf('create', rows), schemaOnly);
    expect(result.problems.map((p) => [p.row, p.message])).toEqual([
      [3, 'Row 3 (Request Code): the case has no date "received", and a create needs this value.'],
      [null, 'Request Code is required to create a record, and row 3 gave it no value.'],
    ]);
  });

  it('a date that does not parse, or has no offset, is a problem even on an optional target', () => {
    const raw = (iso: string) => ({ ...caseOf(), dates: { received: iso } }) as Case;
    const bad = one(raw('2026-02-30T10:00:00Z'), { kind: 'date', date: 'received' }, 'received_date');
    expect(bad.payload).toEqual({});
    expect(bad.problems).toEqual([
      { row: 1, rowId: 'only', target: 'received_date', message: 'Row 1 (Received date): the case date "received" ("2026-02-30T10:00:00Z") is not an ISO 8601 date and time.' },
    ]);
    expect(one(raw('last Tuesday'), { kind: 'date', date: 'received' }, 'received_date').problems[0]?.message).toMatch(/has no offset/);
    expect(one(raw('2026-03-29T10:00:00'), { kind: 'date', date: 'received' }, 'received_date').problems[0]?.message).toMatch(/has no offset, so its time is ambiguous/);
  });

  it('a format that gives nothing is a problem', () => {
    const result = date('2026-03-29T01:30:00Z', "' '");
    expect(result.payload).toEqual({});
    expect(date('2026-03-29T01:30:00Z', "' '").problems[0]?.message).toMatch(/gives an empty value/);
  });
});

describe('linked people', () => {
  const kase = caseOf({
    people: [
      { role: 'Witness', forename: 'Wendy', surname: 'Ward' },
      {
        role: 'Requester',
        reference: 'P-100',
        title: 'Ms',
        forename: ' Ana ',
        surname: 'Silva',
        email: 'ana@example.org',
        phone: '01632 960001',
        address: { uprn: '100023336956', lines: ['Flat 2', '10 High Street', 'Northbridge'], postcode: 'NB1 2AB' },
      },
      { role: 'requester', forename: 'Second', surname: 'Requester' },
      { role: 'Owner', surname: 'Only' },
    ],
  });
  const person = (role: string, detail: string) => one(kase, { kind: 'person', role, detail } as never).payload.description;

  it('takes the first person with the role, ignoring case', () => {
    expect(person('Requester', 'forename')).toBe('Ana');
    expect(person('REQUESTER', 'surname')).toBe('Silva');
  });

  it('every detail', () => {
    expect(person('Requester', 'reference')).toBe('P-100');
    expect(person('Requester', 'title')).toBe('Ms');
    expect(person('Requester', 'full_name')).toBe('Ana Silva');
    expect(person('Owner', 'full_name')).toBe('Only');
    expect(person('Requester', 'email')).toBe('ana@example.org');
    expect(person('Requester', 'phone')).toBe('01632 960001');
    expect(person('Requester', 'address_line_1')).toBe('Flat 2');
    expect(person('Requester', 'address_line_2')).toBe('10 High Street');
    expect(person('Requester', 'address_line_3')).toBe('Northbridge');
    expect(person('Requester', 'postcode')).toBe('NB1 2AB');
    expect(person('Requester', 'uprn')).toBe('100023336956');
  });

  it('a missing person or detail gives nothing (left out on an optional target)', () => {
    expect(person('Landlord', 'surname')).toBeUndefined();
    expect(person('Witness', 'email')).toBeUndefined();
    expect(person('Witness', 'address_line_1')).toBeUndefined();
    expect(person('Owner', 'uprn')).toBeUndefined();
    const rows = [...REQUIRED_ROWS.slice(0, 2), { id: 'io', to: 'investigating_officer', from: { kind: 'person' as const, role: 'Landlord', detail: 'reference' as const } }];
    expect(evaluateTemplate(kase, draftOf('create', rows), schemaOnly).problems[0]?.message).toBe(
      'Row 3 (Investigating Officer): the case has no person with the role "Landlord", and a create needs this value.',
    );
  });
});

describe('linked addresses', () => {
  const kase = caseOf({
    addresses: [
      { role: 'Incident', uprn: '10001', usrn: '20002', lines: ['Unit 4', ' ', 'Mill Lane', 'Northbridge'], postcode: 'NB2 9ZZ' },
      { role: 'incident', lines: ['ignored'] },
      { role: 'Bare' },
    ],
  });
  const address = (role: string, detail: string) => one(kase, { kind: 'address', role, detail } as never).payload.description;

  it('lines, codes, postcode and the single line (blank lines dropped)', () => {
    expect(address('Incident', 'line_1')).toBe('Unit 4');
    expect(address('Incident', 'line_2')).toBeUndefined();
    expect(address('Incident', 'line_3')).toBe('Mill Lane');
    expect(address('Incident', 'line_4')).toBe('Northbridge');
    expect(address('Incident', 'uprn')).toBe('10001');
    expect(address('incident', 'usrn')).toBe('20002');
    expect(address('Incident', 'postcode')).toBe('NB2 9ZZ');
    expect(address('Incident', 'single_line')).toBe('Unit 4, Mill Lane, Northbridge, NB2 9ZZ');
  });

  it('a missing address or detail gives nothing', () => {
    expect(address('Elsewhere', 'line_1')).toBeUndefined();
    expect(address('Bare', 'single_line')).toBeUndefined();
    expect(address('Bare', 'uprn')).toBeUndefined();
  });
});

describe('fixed text', () => {
  it('is sent trimmed; blank text gives nothing', () => {
    expect(one(caseOf(), { kind: 'text', value: ' ANON ' }, 'requester.reference').payload).toEqual({ 'requester.reference': 'ANON' });
    expect(one(caseOf(), { kind: 'text', value: '   ' }).payload).toEqual({});
    const unicode = 'Bruit nocturne — 夜間の騒音 😴';
    expect(one(caseOf(), { kind: 'text', value: unicode }).payload).toEqual({ description: unicode });
    const huge = 'x'.repeat(10_000);
    expect(one(caseOf(), { kind: 'text', value: huge }).payload.description).toHaveLength(10_000);
  });
});
