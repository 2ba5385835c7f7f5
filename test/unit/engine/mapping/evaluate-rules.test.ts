/** Template-wide rules: conditional rows, additional fields, code lists, duplicates, location, required targets. */
import { describe, expect, it } from 'vitest';
import { TASCOMI_SCHEMA } from '../../../../shared/connectors/tascomi-schema';
import { evaluateTemplate, type EvaluationContext } from '../../../../electron/engine/mapping/evaluate';
import { TemplateDraftSchema, type TemplateDraft } from '../../../../shared/domain/template';
import { caseOf, CODE_LISTS, draftOf, entry, one, REQUIRED_ROWS, schemaOnly, type RowSpec } from './helpers';

const withCodes: EvaluationContext = { schema: TASCOMI_SCHEMA, codeLists: CODE_LISTS };
const field = (name: string) => ({ kind: 'field' as const, field: name });
const text = (value: string) => ({ kind: 'text' as const, value });

describe('rows that apply only to some Request Codes', () => {
  const rows: RowSpec[] = [
    { id: 'noise-desc', to: 'description', from: text('Noise'), onlyFor: ['NOISE', 'NOISECOM'] },
    { id: 'odour-desc', to: 'description', from: text('Odour'), onlyFor: ['odour'] },
    { id: 'always', to: 'reporting_method', from: text('WEB') },
    { id: 'extra-noise', to: 'extra:noise_source', from: field('source'), onlyFor: ['NOISE'] },
    // The Request Code row comes last: it is still read first.
    { id: 'rc', to: 'request_code', from: field('code') },
  ];
  const evaluate = (code: string | undefined) =>
    evaluateTemplate(caseOf({ fields: { source: 'Party', ...(code === undefined ? {} : { code }) } }), draftOf('update', rows), schemaOnly);

  it('applies the rows for the evaluated code (ignoring case) and lists the others as skipped', () => {
    expect(evaluate('noise')).toEqual({
      payload: { description: 'Noise', reporting_method: 'WEB', 'extra.noise_source': 'Party', request_code: 'noise' },
      skippedRows: [2],
      problems: [],
      emptyRows: [],
    });
    expect(evaluate(' ODOUR ')).toEqual({ payload: { description: 'Odour', reporting_method: 'WEB', request_code: 'ODOUR' }, skippedRows: [1, 4], problems: [], emptyRows: [] });
    expect(evaluate('NOISECOM').skippedRows).toEqual([2, 4]);
  });

  it('without a Request Code no conditional row applies', () => {
    const result = evaluate(undefined);
    expect(result).toMatchObject({ payload: { reporting_method: 'WEB' }, skippedRows: [1, 2, 4], problems: [] });
    expect(result.emptyRows).toEqual([expect.objectContaining({ row: 5, rowId: 'rc', why: 'the case has no field "code"' })]);
  });

  it('an empty list of codes is no condition', () => {
    const draft = draftOf('update', [{ to: 'description', from: text('x'), onlyFor: [] }]);
    expect(evaluateTemplate(caseOf(), draft, schemaOnly)).toEqual({ payload: { description: 'x' }, skippedRows: [], problems: [], emptyRows: [] });
  });

  it('a condition on the Request Code row itself is a problem, and ignored', () => {
    const result = evaluateTemplate(caseOf(), draftOf('update', [{ id: 'rc', to: 'request_code', from: text('NOISE'), onlyFor: ['ODOUR'] }]), schemaOnly);
    expect(result.payload).toEqual({ request_code: 'NOISE' });
    expect(result.skippedRows).toEqual([]);
    expect(result.problems).toEqual([
      { row: 1, rowId: 'rc', target: 'request_code', message: 'Row 1 (Request Code): the Request Code cannot depend on the Request Code; the condition is ignored.' },
    ]);
  });

  it('a required target mapped only by rows for other codes: the row-less problem says so', () => {
    const draft = draftOf('create', [...REQUIRED_ROWS.slice(0, 2), { id: 'io', to: 'investigating_officer', from: text('pshah'), onlyFor: ['ODOUR'] }]);
    expect(evaluateTemplate(caseOf(), draft, schemaOnly).problems).toEqual([
      {
        row: null,
        rowId: null,
        target: 'investigating_officer',
        message: 'Investigating Officer is required to create a record, and row 3 mapping it applies only to Request Codes this case does not have.',
      },
    ]);
  });
});

describe('additional fields', () => {
  it('are sent as extra.<name>, after the value rules of any row', () => {
    const draft = draftOf('update', [
      { to: 'extra:ward', from: field('ward') },
      { to: 'extra:missing_one', from: field('nope') },
      { to: 'extra:fixed', from: text(' yes ') },
    ]);
    expect(evaluateTemplate(caseOf({ fields: { ward: 'Riverside' } }), draft, schemaOnly)).toEqual({
      payload: { 'extra.ward': 'Riverside', 'extra.fixed': 'yes' },
      skippedRows: [],
      problems: [],
      emptyRows: [expect.objectContaining({ row: 2, rowId: 'r2', target: 'missing_one' })],
    });
  });

  it('a name the schema would refuse (a draft not parsed) is a problem, never a payload key', () => {
    const draft = draftOf('update', [{ id: 'x', to: 'extra:ok', from: text('v') }]) as Extract<TemplateDraft, { type: 'update' }>;
    const bad = { ...draft, rows: [{ ...draft.rows[0]!, target: { kind: 'extra' as const, name: 'Bad Name' } }] };
    const result = evaluateTemplate(caseOf(), bad, schemaOnly);
    expect(result.payload).toEqual({});
    expect(result.problems).toEqual([
      {
        row: 1,
        rowId: 'x',
        target: 'Bad Name',
        message: 'Row 1 (additional field "Bad Name"): an additional field is named with lower-case letters, digits and _, starting with a letter.',
      },
    ]);
  });
});

describe('code lists', () => {
  const code = (key: string, value: string, context: EvaluationContext = withCodes) => one(caseOf(), text(value), key, context);

  it('match by code ignoring case, else by id, else by label ignoring case', () => {
    expect(code('request_code', 'noise').problems).toEqual([]);
    expect(code('request_code', '3').problems).toEqual([]);
    expect(code('request_code', 'domestic NOISE').problems).toEqual([]);
    expect(code('investigating_officer', 'Priya Shah').problems).toEqual([]);
    expect(code('requester.title', 'mrs').problems).toEqual([]);
  });

  it('an unknown code is a problem; the value stays in the payload for the preview', () => {
    const result = code('request_code', 'NOPE');
    expect(result.payload).toEqual({ request_code: 'NOPE' });
    expect(result.problems).toEqual([
      {
        row: 1,
        rowId: 'only',
        target: 'request_code',
        message: 'Row 1 (Request Code): "NOPE" is not in the complaint_codes code list (refresh the code list if it changed recently).',
      },
    ]);
  });

  it('a ceased code or a disabled officer is a problem', () => {
    expect(code('request_code', 'noiseold').problems[0]?.message).toBe(
      'Row 1 (Request Code): code "noiseold" in complaint_codes is ceased in Tascomi (ceased = \'t\'); choose another.',
    );
    expect(code('investigating_officer', 'rgreen').problems[0]?.message).toBe(
      'Row 1 (Investigating Officer): code "rgreen" in users is disabled in Tascomi (enabled = \'f\'); choose another.',
    );
    expect(code('investigating_officer', '9').problems[0]?.message).toMatch(/in users is disabled in Tascomi/);
    expect(code('requester.title', 'REVD').problems[0]?.message).toBe('Row 1 (Requester Title): code "REVD" in titles is disabled in Tascomi (enabled = \'f\'); choose another.');
  });

  it('an active entry among ceased ones with the same code is fine; a matching code wins over an id', () => {
    const lists = { complaint_codes: [entry('1', 'DUP', 'Old', 'ceased'), entry('2', 'DUP', 'New'), entry('7', '1', 'Code one, ceased', 'ceased')] };
    expect(code('request_code', 'dup', { schema: TASCOMI_SCHEMA, codeLists: lists }).problems).toEqual([]);
    expect(code('request_code', '1', { schema: TASCOMI_SCHEMA, codeLists: lists }).problems[0]?.message).toMatch(/is ceased in Tascomi/);
  });

  it('without code lists, or without that list, codes are not checked', () => {
    expect(code('request_code', 'NOPE', schemaOnly).problems).toEqual([]);
    expect(code('reporting_method', 'NOPE').problems).toEqual([]); // reporting_methods not given
    expect(code('description', 'NOPE').problems).toEqual([]); // not a code field
  });
});

describe('two rows on one target', () => {
  it('the later row decides, and a problem on it names both', () => {
    const draft = draftOf('update', [
      { id: 'first', to: 'description', from: text('one') },
      { id: 'mid', to: 'reporting_method', from: text('WEB') },
      { id: 'second', to: 'description', from: text('two') },
      { id: 'third', to: 'description', from: field('absent') },
    ]);
    const result = evaluateTemplate(caseOf(), draft, schemaOnly);
    expect(result.payload).toEqual({ reporting_method: 'WEB' }); // the last row gave nothing
    expect(result.problems).toEqual([
      { row: 3, rowId: 'second', target: 'description', message: 'Row 3 (Description (remarks)): row 1 also maps this target; row 3, the later, decides the value.' },
      { row: 4, rowId: 'third', target: 'description', message: 'Row 4 (Description (remarks)): rows 1, 3 also map this target; row 4, the later, decides the value.' },
    ]);
  });

  it('the same additional field twice is a duplicate too; rows skipped for their code never are', () => {
    const draft = draftOf('update', [
      { to: 'request_code', from: text('NOISE') },
      { to: 'extra:x', from: text('a') },
      { to: 'extra:x', from: text('b') },
      { to: 'description', from: text('for noise'), onlyFor: ['NOISE'] },
      { to: 'description', from: text('for odour'), onlyFor: ['ODOUR'] },
    ]);
    const result = evaluateTemplate(caseOf(), draft, schemaOnly);
    expect(result.payload).toEqual({ request_code: 'NOISE', 'extra.x': 'b', description: 'for noise' });
    expect(result.problems.map((p) => [p.row, p.target])).toEqual([[3, 'x']]);
  });
});

describe('location', () => {
  const kase = caseOf({
    fields: { uprn: ' 1000 2333 6956 ', long: '1234567890123', usrn: '20002', badUsrn: '123456789' },
    addresses: [{ role: 'Incident', uprn: '10001', usrn: '20002' }],
  });
  const evaluate = (rows: RowSpec[]) => evaluateTemplate(kase, draftOf('update', rows), schemaOnly);

  it('a valid UPRN or USRN is sent without spaces', () => {
    expect(evaluate([{ to: 'location.uprn', from: field('uprn') }])).toEqual({ payload: { 'location.uprn': '100023336956' }, skippedRows: [], problems: [], emptyRows: [] });
    expect(evaluate([{ to: 'location.usrn', from: { kind: 'address', role: 'Incident', detail: 'usrn' } }]).payload).toEqual({ 'location.usrn': '20002' });
  });

  it('one valid value is enough: an invalid UPRN is not sent when the USRN is valid', () => {
    expect(
      evaluate([
        { to: 'location.uprn', from: field('long') },
        { to: 'location.usrn', from: field('usrn') },
      ]),
    ).toEqual({ payload: { 'location.usrn': '20002' }, skippedRows: [], problems: [], emptyRows: [] });
  });

  it('location rows that give no valid UPRN or USRN: one problem, on the first location row', () => {
    const result = evaluate([
      { to: 'description', from: text('x') },
      { id: 'u', to: 'location.uprn', from: field('long') },
      { id: 's', to: 'location.usrn', from: field('badUsrn') },
    ]);
    expect(result.payload).toEqual({ description: 'x' });
    expect(result.problems).toEqual([
      {
        row: 2,
        rowId: 'u',
        target: 'location.uprn',
        message:
          'Row 2 (Location UPRN (property)): no valid UPRN or USRN, so no location can be set (the UPRN "1234567890123" is not up to 12 digits; the USRN "123456789" is not up to 8 digits).',
      },
    ]);
    expect(evaluate([{ to: 'location.usrn', from: field('nothing') }]).problems[0]?.message).toMatch(/no valid UPRN or USRN, so no location can be set \(the case gave no USRN\)/);
  });

  it('no location rows, or only skipped ones: no location problem', () => {
    expect(evaluate([{ to: 'description', from: text('x') }]).problems).toEqual([]);
    expect(evaluate([{ to: 'location.uprn', from: field('nothing'), onlyFor: ['NOISE'] }])).toEqual({ payload: {}, skippedRows: [1], problems: [], emptyRows: [] });
  });
});

describe('required targets and template mistakes', () => {
  it('a create with nothing mapped: one row-less problem per required target, in schema order', () => {
    const result = evaluateTemplate(caseOf(), draftOf('create', []), schemaOnly);
    expect(result.problems).toEqual([
      { row: null, rowId: null, target: 'core_function', message: 'Core Function is required to create a record, and no row maps it.' },
      { row: null, rowId: null, target: 'request_code', message: 'Request Code is required to create a record, and no row maps it.' },
      { row: null, rowId: null, target: 'investigating_officer', message: 'Investigating Officer is required to create a record, and no row maps it.' },
    ]);
  });

  it('an update requires nothing', () => {
    expect(evaluateTemplate(caseOf(), draftOf('update', []), schemaOnly)).toEqual({ payload: {}, skippedRows: [], problems: [], emptyRows: [] });
    expect(evaluateTemplate(caseOf(), draftOf('update', [{ to: 'request_code', from: field('absent') }]), schemaOnly).problems).toEqual([]);
  });

  it('a complete create has no problems', () => {
    expect(evaluateTemplate(caseOf(), draftOf('create', REQUIRED_ROWS), withCodes)).toEqual({
      payload: { core_function: 'EH', request_code: 'NOISE', investigating_officer: 'pshah' },
      skippedRows: [],
      problems: [],
      emptyRows: [],
    });
  });

  it('an unknown target and a row with no source are problems, reported even when the row is skipped', () => {
    const draft = draftOf('update', [
      { id: 'a', to: 'colour', from: text('red') },
      { id: 'b', to: 'description', from: null },
      { id: 'c', to: 'constructor', from: text('x'), onlyFor: ['NOISE'] },
    ]);
    const result = evaluateTemplate(caseOf(), draft, schemaOnly);
    expect(result.payload).toEqual({});
    expect(result.skippedRows).toEqual([3]);
    expect(result.problems).toEqual([
      { row: 1, rowId: 'a', target: 'colour', message: `Row 1 ("colour"): "colour" is not a field of the connector's schema.` },
      { row: 2, rowId: 'b', target: 'description', message: 'Row 2 (Description (remarks)): nothing is mapped onto it yet.' },
      { row: 3, rowId: 'c', target: 'constructor', message: `Row 3 ("constructor"): "constructor" is not a field of the connector's schema.` },
    ]);
  });

  it('a required target with an empty row gives the row problem first and the row-less one last', () => {
    const result = evaluateTemplate(caseOf(), draftOf('create', [{ id: 'cf', to: 'core_function', from: null }, ...REQUIRED_ROWS.slice(1)]), schemaOnly);
    expect(result.problems.map((p) => [p.row, p.rowId, p.target])).toEqual([
      [1, 'cf', 'core_function'],
      [null, null, 'core_function'],
    ]);
  });

  it('an incoming template is not evaluated against a case', () => {
    const incoming = TemplateDraftSchema.parse({
      name: 'In',
      connector: 'tascomi',
      type: 'incoming',
      reference: 'SR number',
      rows: [{ id: 'n', remoteField: 'id', caseField: 'sr' }],
    });
    expect(evaluateTemplate(caseOf(), incoming, schemaOnly)).toEqual({
      payload: {},
      skippedRows: [],
      problems: [{ row: null, rowId: null, target: null, message: 'An incoming template is applied to a remote record (applyIncoming); it is not evaluated against a case.' }],
      emptyRows: [],
    });
  });

  it('does not change its inputs', () => {
    const kase = caseOf({ fields: { code: 'NOISE' }, people: [{ role: 'Requester', forename: 'A' }] });
    const draft = draftOf('create', [...REQUIRED_ROWS, { to: 'description', from: text('x'), onlyFor: ['NOISE'] }]);
    const before = structuredClone({ kase, draft, CODE_LISTS });
    evaluateTemplate(kase, draft, withCodes);
    expect({ kase, draft, CODE_LISTS }).toEqual(before);
  });
});
