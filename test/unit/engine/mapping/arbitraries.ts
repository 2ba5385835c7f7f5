/**
 * fast-check arbitraries for mapping property tests: cases and templates shaped by their schemas,
 * drawing names from small shared pools (so rows often find what they name) mixed with odd ones
 * (unicode, prototype names, huge values). Everything is parsed by its schema before use: the
 * properties are about inputs the app would accept.
 */
import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { TASCOMI_CODE_LIST_NAMES, TASCOMI_INCOMING_FIELDS, TASCOMI_TARGET_FIELDS } from '../../../../shared/connectors/tascomi-schema';
import { ADDRESS_DETAILS, CaseSchema, PERSON_DETAILS, type Case } from '../../../../shared/domain/case';
import type { CodeEntryView } from '../../../../shared/domain/tascomi';
import { DEFAULT_DATE_FORMAT, TemplateDraftSchema, type TemplateDraft } from '../../../../shared/domain/template';

const ODD_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'ünïcødé', '名前', '😀 emoji', 'a b', 'x'.repeat(100)];
const name = (pool: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }) },
  );

const FIELD_NAMES = ['code', 'ward', 'priority', 'count', 'flag', 'uprn'];
const DATE_NAMES = ['received', 'reported', 'closed'];
const ROLES = ['Requester', 'requester', 'Witness', 'Incident', 'Owner'];
export const CODES = ['NOISE', 'noise', 'ODOUR', 'EH', 'pshah', '1', '2', 'Domestic noise', 'NOISEOLD', 'rgreen', ' NOISE '];

const text = (max: number) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 2, arbitrary: fc.constantFrom(...CODES, '', '   ', '100023336956', '1234567890123', ' 20002 ', 'NB1 2AB') },
      { weight: 2, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(max), 'é'.repeat(max), '\u0000\uD800 lone surrogate', 'line\nbreak\ttab') },
    )
    .map((s) => s.slice(0, max));

const digits = (max: number) => fc.stringMatching(new RegExp(`^\\d{1,${max}}$`));

const fieldValue = fc.oneof(text(10_000), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

/** ISO 8601 with an offset, including the UK clock changes and odd offsets. */
const isoDate = fc.oneof(
  fc
    .record({
      at: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
      offset: fc.constantFrom(0, 60, -300, 330, 345, 765, -720, 840, -59),
      ms: fc.boolean(),
    })
    .map(({ at, offset, ms }) => DateTime.fromJSDate(at).setZone(FixedOffsetZone.instance(offset)).toISO({ suppressMilliseconds: !ms })!),
  fc.constantFrom(
    '2026-03-29T00:30:00Z',
    '2026-03-29T01:30:00Z',
    '2026-10-25T00:30:00Z',
    '2026-10-25T01:30:00Z',
    '2024-02-29T23:59:59.123456789+14:00',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59-12:00',
  ),
);

const address = {
  uprn: digits(12),
  usrn: digits(8),
  lines: fc.array(text(200), { maxLength: 6 }),
  postcode: text(10),
};
const addressArb = (withRole: boolean) => fc.record({ ...(withRole ? { role: name(ROLES) } : {}), ...address }, { requiredKeys: withRole ? ['role'] : [] });

const person = fc.record(
  {
    role: name(ROLES),
    reference: text(100),
    title: text(30),
    forename: text(100),
    surname: text(100),
    email: text(254),
    phone: text(40),
    address: addressArb(false),
  },
  { requiredKeys: ['role'] },
);

export const caseArb: fc.Arbitrary<Case> = fc
  .record({
    id: fc.constantFrom('CRM-1', 'case/ü', 'x'.repeat(100)),
    type: name(['noise', 'odour']),
    // `code` and `uprn` are often present and plausible, so Request Code conditions and locations get exercised.
    fields: fc
      .tuple(fc.dictionary(name(FIELD_NAMES), fieldValue, { maxKeys: 8 }), fc.option(fc.constantFrom(...CODES)), fc.option(fc.oneof(digits(12), text(20))))
      .map(([fields, code, uprn]) => ({ ...fields, ...(code === null ? {} : { code }), ...(uprn === null ? {} : { uprn }) })),
    dates: fc.dictionary(name(DATE_NAMES), isoDate, { maxKeys: 4 }),
    people: fc.array(person, { maxLength: 5 }),
    addresses: fc.array(addressArb(true), { maxLength: 4 }),
  })
  .map((input) => CaseSchema.safeParse(input))
  .filter((r) => r.success)
  .map((r) => r.data!);

const FORMATS = [DEFAULT_DATE_FORMAT, 'dd/MM/yyyy', "yyyy-MM-dd'T'HH:mm:ssZZ", 'd MMMM yyyy', "' '", "'unterminated", 'x', 'TTTT', 'SSSSSS', 'q'];
const ZONES = ['Europe/London', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Etc/GMT+12', 'America/St_Johns'];

const source = fc.oneof(
  fc.record({ kind: fc.constant('field'), field: name(FIELD_NAMES) }),
  fc.record(
    {
      kind: fc.constant('date'),
      date: name(DATE_NAMES),
      format: fc.oneof(fc.constantFrom(...FORMATS), fc.string({ minLength: 1, maxLength: 20 })),
      zone: fc.constantFrom(...ZONES),
    },
    { requiredKeys: ['kind', 'date'] },
  ),
  fc.record({ kind: fc.constant('person'), role: name(ROLES), detail: fc.constantFrom(...PERSON_DETAILS) }),
  fc.record({ kind: fc.constant('address'), role: name(ROLES), detail: fc.constantFrom(...ADDRESS_DETAILS) }),
  fc.record({ kind: fc.constant('text'), value: text(10_000) }),
);

const SCHEMA_KEYS = TASCOMI_TARGET_FIELDS.map((f) => f.key);
const target = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SCHEMA_KEYS).map((key) => ({ kind: 'schema', key })) },
  {
    weight: 4,
    arbitrary: fc.constantFrom('core_function', 'request_code', 'investigating_officer', 'received_date', 'location.uprn', 'location.usrn').map((key) => ({ kind: 'schema', key })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.constantFrom('colour', 'constructor', '__proto__', 'extra.x'), fc.string({ minLength: 1, maxLength: 20 })).map((key) => ({ kind: 'schema', key })),
  },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom('ward', 'priority', 'x'), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)).map((n) => ({ kind: 'extra', name: n })) },
);

const row = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'b', 'row-1', 'X_2'), fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/)),
    target,
    source: fc.option(source, { freq: 8, nil: null }),
    onlyForRequestCodes: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CODES) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) }), {
      maxLength: 4,
    }),
  },
  { requiredKeys: ['id', 'target', 'source'] },
);

/** Most templates read the Request Code from the case, somewhere among the rows. */
const requestCodeRow = fc.record({
  id: fc.constantFrom('rc', 'a'),
  target: fc.constant({ kind: 'schema', key: 'request_code' }),
  source: fc.oneof(fc.constant({ kind: 'field', field: 'code' }), fc.constantFrom(...CODES.map((value) => ({ kind: 'text', value })))),
});
/** Rows that usually give a value: the other required targets from text, a location from the case. */
const likelyRows = fc.subarray([
  { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'EH' } },
  { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
  { id: 'lu', target: { kind: 'schema', key: 'location.uprn' }, source: { kind: 'field', field: 'uprn' } },
  { id: 'ls', target: { kind: 'schema', key: 'location.usrn' }, source: { kind: 'address', role: 'Incident', detail: 'usrn' } },
]);
const insertAt = <T>(list: T[], item: T, at: number) => [...list.slice(0, at % (list.length + 1)), item, ...list.slice(at % (list.length + 1))];
const rows = fc
  .tuple(fc.array(row, { maxLength: 25 }), fc.option(requestCodeRow, { freq: 3 }), likelyRows, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }))
  .map(([list, rc, likely, at]) => [...(rc ? [rc] : []), ...likely].reduce<unknown[]>((acc, item, i) => insertAt(acc, item, at[i]!), list));

export const outgoingDraftArb: fc.Arbitrary<Extract<TemplateDraft, { type: 'create' | 'update' }>> = fc
  .record({ name: fc.constant('T'), connector: fc.constant('tascomi'), type: fc.constantFrom('create', 'update'), reference: fc.constant('SR number'), rows })
  .map((input) => TemplateDraftSchema.safeParse(input))
  .filter((r) => r.success && r.data.type !== 'incoming')
  .map((r) => r.data as Extract<TemplateDraft, { type: 'create' | 'update' }>);

const codeEntry: fc.Arbitrary<CodeEntryView> = fc.record(
  {
    id: fc.oneof(fc.constantFrom('1', '2', '3'), fc.string({ maxLength: 4 })),
    code: fc.oneof(fc.constantFrom(...CODES), fc.string({ maxLength: 6 })),
    label: fc.oneof(fc.constantFrom('Domestic noise', 'Priya Shah'), fc.string({ maxLength: 10 })),
    active: fc.boolean(),
  },
  { requiredKeys: ['id', 'label', 'active'] },
);

/** Absent (no checks), or some of the lists (those given are checked). */
export const codeListsArb = fc.option(fc.dictionary(fc.constantFrom(...TASCOMI_CODE_LIST_NAMES), fc.array(codeEntry, { maxLength: 6 })), { nil: undefined });

export const incomingDraftArb = fc
  .record({
    name: fc.constant('In'),
    connector: fc.constant('tascomi'),
    type: fc.constant('incoming'),
    reference: fc.constant('SR number'),
    rows: fc.array(
      fc.record({
        id: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
        remoteField: fc.oneof(fc.constantFrom(...TASCOMI_INCOMING_FIELDS.map((f) => f.key)), fc.string({ minLength: 1, maxLength: 10 })),
        caseField: name(['sr_number', 'sr', 'officer']),
      }),
      { maxLength: 12 },
    ),
  })
  .map((input) => TemplateDraftSchema.safeParse(input))
  .filter((r) => r.success && r.data.type === 'incoming')
  .map((r) => r.data as Extract<TemplateDraft, { type: 'incoming' }>);

/** A remote record: the real field names with any JSON-ish or odd value, plus strays. */
export const remoteArb = fc.dictionary(
  fc.oneof(fc.constantFrom(...TASCOMI_INCOMING_FIELDS.map((f) => f.remoteField), '__proto__', 'constructor'), fc.string({ maxLength: 10 })),
  fc.oneof(fc.anything(), text(10_001), fc.constant(null), fc.constant(undefined)),
  { maxKeys: 10 },
);
