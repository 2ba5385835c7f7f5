/**
 * A store the size of a busy council's for the subject access bench: 100,000 cases (a resident
 * each, with an address, free-text fields and a job), and 1,000,000 log entries of which seven in
 * ten are attempts carrying their case's person values in the request (marked as the connectors
 * mark them), and the rest are entries without a case, some of them Civica Cx contact searches.
 * One resident, the subject, is planted in a handful of cases (by different identifiers in each)
 * and two entries without a case, beside near misses that must not be found (the same family
 * name, an email at another domain, a phone or UPRN one digit off).
 *
 * Written straight into the tables with prepared statements, in commits of 1,000 rows; the log's
 * search index is built once at the end (as migration 0005 does): this bench measures finding and
 * exporting, not the log's write (log.bench.ts measures that).
 */
import Database from 'better-sqlite3';
import { markPersonal } from '../../electron/engine/log/personal-data';
import { prng } from './log-fill';

export const SUBJECT = {
  given: 'Olamide',
  family: 'Featherstonehaugh',
  email: 'o.featherstonehaugh@example.net',
  phone: '07911 123456',
  reference: 'PER-778899',
  uprn: '100023336956',
} as const;

const FORENAMES = ['John', 'Mary', 'Amir', 'Siobhan', 'Wei', 'Gareth', 'Priya', 'Tomasz', 'Aisha', 'David', 'Olamide', 'Tunde', 'Rhian', 'Callum', 'Fatima', 'Sean'];
const SURNAMES = ['Smith', 'Jones', 'Khan', 'Murphy', 'Chen', 'Evans', 'Patel', 'Nowak', 'Begum', 'Taylor', 'Okafor', 'Williams', 'Davies', 'Brown', 'Ali', 'Walsh'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Victoria Street', 'Park Avenue', 'Queens Road', 'The Crescent'];
const TYPES = ['Noise', 'Fly-tipping', 'Pest control', 'Abandoned vehicle', 'Dog fouling', 'Housing repair'];
const COMPLAINTS = [
  'Loud music from the flat above late at night, most weekends.',
  'Bags of rubbish and a mattress left by the garages behind the shops.',
  'Mice in the kitchen and the loft; neighbours have them too.',
  'A car without plates parked for three weeks, tyres flat.',
  'The path by the school is fouled every morning.',
  'Damp and black mould in the back bedroom; the window does not close.',
];

export const caseIdOf = (n: number) => `SAR-${String(n).padStart(6, '0')}`;

interface Person {
  role: string;
  reference?: string;
  title?: string;
  forename?: string;
  surname?: string;
  email?: string;
  phone?: string;
  address?: { uprn?: string; lines: string[]; postcode: string };
}
interface Address {
  role: string;
  uprn?: string;
  lines: string[];
  postcode: string;
}
interface BenchCase {
  id: string;
  type: string;
  status: string;
  fields: Record<string, string | number | boolean | null>;
  dates: Record<string, string>;
  people: Person[];
  addresses: Address[];
  references: Record<string, string>;
  summary?: string;
}

/** The resident of an ordinary case n: names from short lists (so names repeat, as they do), the rest from n. */
function residentOf(n: number): Person {
  const forename = FORENAMES[n % FORENAMES.length]!;
  // Never the subject's whole name: Featherstonehaugh is in no list.
  const surname = SURNAMES[Math.floor(n / FORENAMES.length) % SURNAMES.length]!;
  return {
    role: 'complainant',
    reference: `PER-${100_000 + n}`,
    title: n % 2 ? 'Ms' : 'Mr',
    forename,
    surname,
    email: `${forename}.${surname}${n}@example.org`.toLowerCase(),
    phone: `07700 ${String(900_000 + (n % 100_000)).padStart(6, '0')}`,
    address: { uprn: String(200_000_000_000 + n), lines: [`${1 + (n % 200)} ${STREETS[n % STREETS.length]}`, 'Exampleton'], postcode: `EX${1 + (n % 9)} ${n % 10}AB` },
  };
}

function ordinaryCase(n: number, random: () => number): BenchCase {
  const resident = residentOf(n);
  const type = TYPES[n % TYPES.length]!;
  return {
    id: caseIdOf(n),
    type,
    status: random() < 0.7 ? 'closed' : 'open',
    fields: { description: COMPLAINTS[n % COMPLAINTS.length]!, priority: random() < 0.2 ? 'high' : 'normal', ward: `Ward ${1 + (n % 24)}`, anonymous: false },
    dates: { reported: new Date(Date.parse('2025-01-01T09:00:00Z') + n * 300_000).toISOString() },
    people: [resident],
    addresses: [
      { role: 'location', uprn: String(300_000_000_000 + n), lines: [`Land behind ${STREETS[(n + 3) % STREETS.length]}`, 'Exampleton'], postcode: `EX${1 + (n % 9)} 9ZZ` },
    ],
    references: random() < 0.8 ? { 'SR number': String(500_000 + n) } : {},
    summary: `${type} reported by the resident.`,
  };
}

/**
 * The subject's cases, each naming them another way, and the near misses, each one step from the
 * subject (found by none of the subject's identifiers). Case numbers spread through the store.
 */
const SUBJECT_CASES: Record<number, (base: BenchCase) => BenchCase> = {
  1_234: (c) => ({ ...c, people: [{ role: 'complainant', forename: SUBJECT.given, surname: SUBJECT.family, email: SUBJECT.email, phone: SUBJECT.phone }] }),
  23_456: (c) => ({ ...c, people: [{ role: 'caller', title: 'Mx', forename: 'OLAMIDE', surname: 'featherstonehaugh', email: 'O.Featherstonehaugh@Example.NET ' }] }),
  45_678: (c) => ({ ...c, people: [c.people[0]!], addresses: [{ role: 'location', uprn: SUBJECT.uprn, lines: ['4 Mill Road', 'Exampleton'], postcode: 'EX4 1AB' }] }),
  67_890: (c) => ({ ...c, people: [{ role: 'tenant', reference: SUBJECT.reference, phone: '+44 (0)7911 123 456' }] }),
  98_765: (c) => ({ ...c, fields: { ...c.fields, description: `Reported on behalf of Olamide Featherstonehaugh, who lives at the address.` } }),
};
const NEAR_MISSES: Record<number, (base: BenchCase) => BenchCase> = {
  2_345: (c) => ({ ...c, people: [{ role: 'complainant', forename: 'Tunde', surname: SUBJECT.family, email: 'o.featherstonehaugh@example.com' }] }),
  34_567: (c) => ({ ...c, people: [{ role: 'complainant', forename: SUBJECT.given, surname: 'Feathers', phone: '07911 123457' }] }),
  56_789: (c) => ({ ...c, addresses: [{ role: 'location', uprn: '100023336957', lines: ['6 Mill Road', 'Exampleton'], postcode: 'EX4 1AB' }] }),
  78_901: (c) => ({ ...c, people: [{ role: 'tenant', reference: 'PER-7788990' }], fields: { ...c.fields, description: 'Olamide Featherstonehaughs are a family of four.' } }),
};

export const SUBJECT_CASE_IDS = Object.keys(SUBJECT_CASES).map((n) => caseIdOf(Number(n)));
/** How many entries without a case name the subject (Civica Cx contact searches, planted). */
export const SUBJECT_CASELESS_ENTRIES = 2;

const TASCOMI = 'https://tascomi.example.gov.uk/rest/v1';
const CX = 'https://cx.example.gov.uk/api/v1/ACME';

/** An attempt's request as the Tascomi connector logs it: the person's values marked. */
function attemptRequest(kase: BenchCase): string {
  const p = kase.people[0] ?? {};
  const a = kase.addresses[0];
  const pairs: [string, string | undefined, boolean][] = [
    ['service_request_type_id', String(12 + (kase.id.length % 5)), false],
    ['forename', p.forename, true],
    ['surname', p.surname, true],
    ['email_address', p.email, true],
    ['telephone', p.phone, true],
    ['house_name_or_number', a?.lines[0], true],
    ['postcode', a?.postcode, true],
    ['uprn', a?.uprn, true],
    ['description', String(kase.fields.description ?? ''), true],
    ['received_date', kase.dates.reported?.slice(0, 10), false],
  ];
  const body = pairs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v, personal]) => `${k}=${personal ? markPersonal(v!) : v}`)
    .join(', ');
  return `POST ${TASCOMI}/service_requests\nContent-Type: application/x-www-form-urlencoded; Accept: application/json\nbody: ${body}`;
}

const contactSearch = (query: string) => `GET ${CX}/contacts?${query}&offset=0&limit=100\nAccept: application/json; Authorization: [redacted]`;

export interface FilledStore {
  fillMs: number;
  /** Log entries stored for the subject's cases (attempts picked at random). */
  subjectCaseEntries: number;
}

/**
 * Fills a casebridge database (its schema made by the engine, one template saved: `templateId`
 * version 1) with `cases` cases, one job each, and `entries` log entries from 1 January 2026.
 */
export function fillSubjectAccessStore(path: string, options: { cases: number; entries: number; templateId: number }): FilledStore {
  const started = performance.now();
  const db = new Database(path);
  // Filling only, written once (no WAL to checkpoint after): the engine reopens with its own settings.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const random = prng(14);
  const insertCase = db.prepare('insert into cases (id, type, status, body, revision, received_at, updated_at, crm_updated_at) values (?, ?, ?, ?, ?, ?, ?, null)');
  const insertJob = db.prepare(
    `insert into jobs (connector, kind, case_id, template_id, template_version, reference_name, state, attempts, max_attempts, next_run_at, result, created_at, updated_at)
     values ('tascomi', 'create', ?, ?, 1, 'SR number', ?, ?, 10, ?, ?, ?, ?)`,
  );
  const startMs = Date.parse('2025-06-01T00:00:00Z');
  const bodies: string[] = [];
  const writeCases = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const plain = ordinaryCase(n, random);
      const kase = (SUBJECT_CASES[n] ?? NEAR_MISSES[n] ?? ((c: BenchCase) => c))(plain);
      const body = JSON.stringify(kase);
      bodies[n] = attemptRequest(kase);
      const at = startMs + n * 60_000;
      insertCase.run(kase.id, kase.type, kase.status, body, `rev-${n}`, at, at);
      const succeeded = random() < 0.9;
      insertJob.run(kase.id, options.templateId, succeeded ? 'succeeded' : 'dead', succeeded ? 1 : 10, at, succeeded ? String(500_000 + n) : null, at, at + 5_000);
    }
  });
  for (let from = 0; from < options.cases; from += 1_000) writeCases(from, Math.min(from + 1_000, options.cases));

  const insertEntry = db.prepare(
    `insert into log_entries (time, time_ms, level, source, message, case_id, job_id, attempt, outcome, duration_ms, request, response)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const subjectCases = new Set(SUBJECT_CASE_IDS);
  let subjectCaseEntries = 0;
  // The subject's two caseless entries and the near misses, at fixed places in the log.
  const planted = new Map<number, [string, string]>([
    [111_111, ['Civica Cx contacts searched from the Tenants page.', contactSearch(`reference=${markPersonal(SUBJECT.reference)}`)]],
    [555_555, ['Tascomi contacts looked up.', `GET ${TASCOMI}/contacts?email_address=${markPersonal(SUBJECT.email)}\nAccept: application/json`]],
    [333_333, ['Civica Cx contacts searched from the Tenants page.', contactSearch(`surname=${markPersonal(SUBJECT.family)}&postcode=${markPersonal('EX4 1AB')}`)]],
    [777_777, ['Tascomi contacts looked up.', `GET ${TASCOMI}/contacts?email_address=${markPersonal('o.featherstonehaugh@example.com')}\nAccept: application/json`]],
  ]);
  const logStart = Date.parse('2026-01-01T00:00:00Z');
  const writeLog = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ms = logStart + i * 2_000;
      const time = new Date(ms).toISOString();
      const plant = planted.get(i);
      if (plant) {
        insertEntry.run(time, ms, 'info', 'civica-cx', plant[0], null, null, null, null, 180, plant[1], 'HTTP 200\nx-total-count: 1\nbody: 1 record(s), ids 4711');
        continue;
      }
      if (random() < 0.7) {
        const n = Math.floor(random() * options.cases);
        const caseId = caseIdOf(n);
        if (subjectCases.has(caseId)) subjectCaseEntries++;
        const ok = random() < 0.8;
        insertEntry.run(
          time,
          ms,
          ok ? 'info' : 'warn',
          'tascomi',
          ok ? `Job ${n + 1} (create, attempt 1): sent; remote record ${500_000 + n}.` : `Job ${n + 1} (create, attempt 1) failed [remote]: Tascomi answered 503. Will retry.`,
          caseId,
          n + 1,
          1,
          ok ? 'succeeded' : 'will_retry',
          100 + random() * 800,
          bodies[n]!,
          ok
            ? `HTTP 201\ndate: ${time}; location: ${TASCOMI}/service_requests/${500_000 + n}\nbody: record id ${500_000 + n} with 42 field(s)`
            : 'HTTP 503\nretry-after: 30\nbody: empty',
        );
      } else if (random() < 0.01) {
        const n = Math.floor(random() * options.cases);
        const r = residentOf(n);
        insertEntry.run(
          time,
          ms,
          'info',
          'civica-cx',
          'Civica Cx contacts searched from the Tenants page.',
          null,
          null,
          null,
          null,
          150,
          contactSearch(`surname=${markPersonal(r.surname!)}&postcode=${markPersonal(r.address!.postcode)}`),
          `HTTP 200\nx-total-count: 3\nbody: 3 record(s), ids ${n}, ${n + 1}, ${n + 2}`,
        );
      } else {
        insertEntry.run(time, ms, 'info', 'engine', `The tascomi queue can send again; ${Math.floor(random() * 50)} job(s) waiting.`, null, null, null, null, null, null, null);
      }
    }
  });
  // The log's indexes and its search index are built once the rows are in (sorted, not entry by
  // entry): a few times faster, and the same tables as the log bus leaves them.
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'log_entries' and sql is not null").all() as { name: string; sql: string }[];
  const trigger = db.prepare("select sql from sqlite_master where type = 'trigger' and name = 'log_search_insert'").pluck().get() as string;
  for (const { name } of indexes) db.exec(`drop index ${name}`);
  db.exec('drop trigger log_search_insert');
  for (let from = 0; from < options.entries; from += 1_000) writeLog(from, Math.min(from + 1_000, options.entries));
  db.exec("insert into log_search(log_search) values ('rebuild')");
  for (const { sql } of indexes) db.exec(sql);
  db.exec(trigger);
  db.close();
  return { fillMs: performance.now() - started, subjectCaseEntries };
}
