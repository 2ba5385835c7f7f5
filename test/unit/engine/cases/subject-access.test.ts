/**
 * A resident asks for the data casebridge holds about them: a person at the console searches by
 * what identifies them, checks what was found, and exports one JSON file, with a reason recorded in
 * the access audit. Through the contract's dispatcher, as the console calls it, on a real engine.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { CaseInput } from '../../../../shared/domain/case';
import type { SubjectAccessSearch } from '../../../../shared/domain/subject-access';
import { createCaseStore } from '../../../../electron/engine/cases/case-store';
import { createSubjectAccess, SEARCH_KEPT_MS } from '../../../../electron/engine/cases/subject-access';
import { createSubjectAccessFile } from '../../../../electron/engine/cases/subject-access-file';
import { createAccessAudit } from '../../../../electron/engine/log/access-audit';
import { markPersonal } from '../../../../electron/engine/log/personal-data';
import { createAuditRepo } from '../../../../electron/engine/store/audit-repo';
import { createCaseRepo } from '../../../../electron/engine/store/case-repo';
import { openStore } from '../../../../electron/engine/store/open-store';
import { createSubjectAccessQueries } from '../../../../electron/engine/store/subject-access-queries';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { fakeClock } from '../../../support/fake-clock';
import { makeDataDir, removeDataDir } from '../../../support/host-process';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const call = (name: CallName, input?: unknown) => dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

const REASON = 'SAR 2026/114 received by email on 2 March';
const ZOE = { givenName: 'Zoë', familyName: 'Okafor', email: 'zoe.okafor@example.org', phone: '07700 900123', personReference: 'CX-0042', uprn: '23336956' };

const kase = (id: string, more: Partial<CaseInput>): CaseInput => ({ id, type: 'Noise', status: 'open', ...more });

/** Zoë's cases, each naming her one way, and two neighbours one step from her. */
const CASES: CaseInput[] = [
  kase('C-NAME', { people: [{ role: 'complainant', forename: 'ZOE', surname: 'okafor' }] }),
  kase('C-EMAIL', { people: [{ role: 'caller', email: ' Zoe.Okafor@Example.org ' }] }),
  kase('C-PHONE', { people: [{ role: 'caller', phone: '+44 (0)7700 900123' }] }),
  kase('C-REF', { people: [{ role: 'tenant', reference: 'cx-0042' }] }),
  kase('C-UPRN', { addresses: [{ role: 'location', uprn: '0023336956', lines: ['4 Mill Road'] }] }),
  kase('C-TEXT', { fields: { description: 'Reported at the door by Okafor, Zoë; call back on 07700-900-123.' } }),
  kase('N-FAMILY', { people: [{ role: 'complainant', forename: 'Chidi', surname: 'Okafor', email: 'zoe.okafor@example.org.uk', phone: '07700 900124' }] }),
  kase('N-GIVEN', {
    people: [{ role: 'complainant', forename: 'Zoë', surname: 'Okaforth', reference: 'CX-00421' }],
    addresses: [{ role: 'location', uprn: '23336957', lines: [] }],
    fields: { note: 'The Zoë Okafors live next door', ref: 'xCX-0042', phone: '1 07700 900123 4' },
  }),
];

async function storeCases() {
  for (const c of CASES) await value('submitCase', { case: c });
}

async function template(): Promise<number> {
  await value('createReference', { name: 'SR number' });
  return (await value('saveTemplate', { draft: { name: 'Noise create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })).id;
}

type Found = Extract<SubjectAccessSearch, { state: 'found' }>;
const ids = (preview: Found) => preview.cases.map((c) => c.id).sort();
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Starts a search and follows it, as the console does, until it has found. */
async function find(subject: Record<string, string>, reason = REASON): Promise<Found> {
  let search: SubjectAccessSearch = await value('findSubjectAccess', { subject, reason });
  while (search.state === 'searching') {
    await nextTurn();
    search = await value('getSubjectAccess', { requestId: search.requestId });
  }
  if (search.state !== 'found') throw new Error(`the search failed: ${search.message}`);
  return search;
}

/** Every batch of an export, joined: the file the console saves. */
async function exportAll(requestId: string, maxChars?: number): Promise<{ text: string; batches: number; itemsDone: number }> {
  let offset = 0;
  let text = '';
  let batches = 0;
  for (;;) {
    const batch = await value('exportSubjectAccess', { requestId, offset, ...(maxChars ? { maxChars } : {}) });
    text += batch.text;
    batches++;
    offset = batch.nextOffset;
    if (batch.done) return { text, batches, itemsDone: batch.itemsDone };
  }
}

describe('subject access: finding the person', () => {
  it.each([
    ['name (given and family, any case and accents)', { givenName: 'Zoe', familyName: 'OKAFOR' }, ['C-NAME', 'C-TEXT']],
    ['email', { email: 'ZOE.okafor@example.org' }, ['C-EMAIL']],
    ['phone', { phone: '+447700900123' }, ['C-PHONE', 'C-TEXT']],
    ['person reference', { personReference: 'CX-0042' }, ['C-REF']],
    ['UPRN', { uprn: '23336956' }, ['C-UPRN']],
  ])('by %s: finds her cases and not the neighbours one step away', async (_, subject, expected) => {
    t = startTestEngine();
    await storeCases();
    const preview = await find(subject);
    expect(ids(preview)).toEqual(expected);
    expect(preview.counts.cases).toBe(expected.length);
  });

  it('by every identifier at once: each case says what it was found by, newest received first', async () => {
    t = startTestEngine();
    for (const c of CASES) {
      await value('submitCase', { case: c });
      t.clock.advance(60_000);
    }
    const preview = await find(ZOE);
    expect(preview.cases.map((c) => [c.id, c.matchedBy])).toEqual([
      ['C-TEXT', ['name', 'phone']],
      ['C-UPRN', ['uprn']],
      ['C-REF', ['personReference']],
      ['C-PHONE', ['phone']],
      ['C-EMAIL', ['email']],
      ['C-NAME', ['name']],
    ]);
    expect(preview.cases[0]).toMatchObject({ type: 'Noise', status: 'open', receivedAt: expect.stringMatching(/^2026-03-29T0\d:\d\d:00\.000\+0[01]:00$/) });
  });

  it('brings the jobs and log entries of her cases, and log entries without a case that name her', async () => {
    t = startTestEngine();
    await storeCases();
    const templateId = await template();
    const job = await value('applyTemplate', { caseId: 'C-EMAIL', templateId });
    const neighbourJob = await value('applyTemplate', { caseId: 'N-FAMILY', templateId });
    const log = t.engine.log;
    const attempt = log.write({
      level: 'info',
      source: 'tascomi',
      caseId: 'C-EMAIL',
      jobId: job.id,
      message: `Job ${job.id} (create, attempt 1): sent; remote record 5001.`,
      request: `POST https://tascomi.example/rest/v1/service_requests\nbody: email_address=${markPersonal('Zoe.Okafor@Example.org')}`,
      response: 'HTTP 201\nbody: record id 5001 with 40 field(s)',
    });
    const retried = log.write({ level: 'info', source: 'jobs', jobId: job.id, message: `Job ${job.id} retried by sam.` });
    log.write({ level: 'info', source: 'tascomi', caseId: 'N-FAMILY', jobId: neighbourJob.id, message: 'sent', request: `body: surname=${markPersonal('Okafor')}` });
    const search = (query: string) => ({
      level: 'info' as const,
      source: 'civica-cx',
      message: 'Civica Cx contacts searched.',
      request: `GET https://cx.example/api/v1/ACME/contacts?${query}`,
    });
    const byEmail = log.write(search(`email=${markPersonal('zoe.okafor@EXAMPLE.org')}`));
    const byName = log.write(search(`forename=${markPersonal('Zoe')}&surname=${markPersonal('Okafor')}`));
    log.write(search(`surname=${markPersonal('Okafor')}&postcode=${markPersonal('EX4 1AB')}`));
    log.write(search(`forename=${markPersonal('Zoe')}&surname=${markPersonal('Smith')}&forename2=${markPersonal('Chidi')}&surname2=${markPersonal('Okafor')}`));
    log.write(search(`email=${markPersonal('zoe.okafor@example.org.uk')}`));

    const preview = await find(ZOE);
    expect(preview.counts).toMatchObject({ cases: 6, jobs: 1, logEntriesWithoutCase: 2 });
    const { text } = await exportAll(preview.requestId);
    const file = JSON.parse(text);
    expect(file.jobs.map((j: { id: number; caseId: string }) => [j.id, j.caseId])).toEqual([[job.id, 'C-EMAIL']]);
    const entries = new Map(file.logEntries.map((e: { id: number }) => [e.id, e]));
    expect([...entries.keys()]).toEqual(expect.arrayContaining([attempt.id, retried.id, byEmail.id, byName.id]));
    // The queued-job entry intake wrote for her case comes along; the neighbour's entries and the near misses do not.
    expect(file.logEntries.every((e: { caseId?: string; foundBy?: string[]; jobId?: number }) => e.caseId?.startsWith('C-') || e.foundBy || e.jobId === job.id)).toBe(true);
    expect(file.logEntries).toHaveLength(preview.counts.logEntries);
    expect(entries.get(byEmail.id)).toMatchObject({ foundBy: ['email'], request: expect.stringContaining('email=zoe.okafor@EXAMPLE.org') });
    expect(entries.get(byName.id)).toMatchObject({ foundBy: ['name'] });
    // Her own values are shown: no markers, nothing hidden.
    expect(entries.get(attempt.id)).toMatchObject({ request: expect.stringContaining('email_address=Zoe.Okafor@Example.org'), response: expect.stringContaining('HTTP 201') });
    expect(text).not.toMatch(/⟦|\[personal: \d+ chars\]/);
  });
});

describe('subject access: the export', () => {
  it('is one valid JSON file with a summary, the same whatever the batch size, recorded in the audit with the reason', async () => {
    t = startTestEngine();
    await storeCases();
    for (let i = 0; i < 60; i++) {
      t.engine.log.write({
        level: 'info',
        source: 'tascomi',
        caseId: 'C-PHONE',
        message: `Attempt ${i}`,
        request: `body: telephone=${markPersonal('+44 (0)7700 900123')}, description=${markPersonal('x'.repeat(300))}`,
      });
    }
    t.clock.set('2026-06-01T10:00:00Z');
    const preview = await find(ZOE);
    t.clock.advance(5 * 60_000);
    const small = await exportAll(preview.requestId, 10_000);
    const whole = await exportAll(preview.requestId);
    expect(small.batches).toBeGreaterThan(2);
    expect(whole.batches).toBe(1);
    // generatedAt is the time of each export's first batch; nothing else may differ.
    expect(small.text).toBe(whole.text);
    expect(small.itemsDone).toBe(preview.items);

    const file = JSON.parse(whole.text);
    expect(Object.keys(file)).toEqual(['summary', 'cases', 'jobs', 'logEntries']);
    expect(file.summary).toMatchObject({
      request: { identifiers: ZOE, reason: REASON },
      searchedAt: '2026-06-01T11:00:00.000+01:00',
      generatedAt: '2026-06-01T11:05:00.000+01:00',
      generatedBy: expect.stringContaining('headless host'),
      // Each case's "entered in the console" entry, and the sixty attempts.
      counts: { cases: 6, jobs: 0, logEntries: 66, logEntriesWithoutCase: 0 },
    });
    expect(file.summary.notIncluded.join(' ')).toMatch(/Tascomi.*Civica Cx/);
    expect(file.summary.otherPeople).toMatch(/redact/);
    expect(file.summary.howFound).toHaveLength(7); // the scope, a rule per identifier given, the values shown
    expect(file.cases).toHaveLength(6);
    expect(file.cases.find((c: { id: string }) => c.id === 'C-PHONE')).toMatchObject({
      foundBy: ['phone'],
      receivedAt: expect.any(String),
      data: { id: 'C-PHONE', people: [{ role: 'caller', phone: '+44 (0)7700 900123' }] },
    });
    expect(file.logEntries).toHaveLength(66);
    const attempts = file.logEntries.filter((e: { message: string }) => e.message.startsWith('Attempt'));
    expect(attempts.map((e: { message: string }) => e.message)).toEqual(Array.from({ length: 60 }, (_, i) => `Attempt ${i}`));
    expect(attempts[0].request).toBe(`body: telephone=+44 (0)7700 900123, description=${'x'.repeat(300)}`);

    const audit = await value('queryAccessAudit', { filter: { actions: ['subject_access_searched', 'subject_access_exported'] } });
    expect(audit.rows.map((r: { action: string; reason: string }) => [r.action, r.reason])).toEqual([
      ['subject_access_exported', REASON],
      ['subject_access_exported', REASON],
      ['subject_access_searched', REASON],
    ]);
    expect(audit.rows[2].subject).toBe(
      "subject access search for name 'Zoë Okafor', email 'zoe.okafor@example.org', phone '07700 900123', person reference 'CX-0042', UPRN '23336956'",
    );
    expect(audit.rows[0].subject).toMatch(/^subject access export for name 'Zoë Okafor'.*: 6 cases, 0 jobs and 66 log entries \(0 without a case\); cases C-TEXT, /);
  });

  it('for a person nobody holds data on: a file that says so', async () => {
    t = startTestEngine();
    await storeCases();
    const preview = await find({ email: 'nobody@example.org' });
    expect(preview).toMatchObject({ counts: { cases: 0, jobs: 0, logEntries: 0, logEntriesWithoutCase: 0 }, cases: [], items: 0 });
    const file = JSON.parse((await exportAll(preview.requestId)).text);
    expect(file).toMatchObject({ cases: [], jobs: [], logEntries: [], summary: { counts: { cases: 0 } } });
  });

  it('writes what was removed after the search (log retention) as not found, so the counts still hold', async () => {
    t = startTestEngine();
    await storeCases();
    const old = t.engine.log.write({ level: 'info', source: 'tascomi', caseId: 'C-REF', message: 'An old attempt' });
    t.clock.advance(3 * 24 * 3_600_000);
    const recent = t.engine.log.write({ level: 'info', source: 'tascomi', caseId: 'C-REF', message: 'A recent attempt' });
    const preview = await find({ personReference: 'CX-0042' });
    expect(preview.counts.logEntries).toBe(3); // with the case's "entered in the console" entry, as old as the first
    await value('saveLogSettings', { keepDays: 1, keepEntries: 10_000 });
    await t.engine.pruneLog();
    const file = JSON.parse((await exportAll(preview.requestId)).text);
    expect(file.logEntries.map((e: { message?: string; notFound?: string }) => e.notFound ?? e.message)).toEqual([
      expect.stringMatching(/^removed from casebridge after the search \(by log retention/),
      expect.stringMatching(/^removed from casebridge after the search/),
      'A recent attempt',
    ]);
    expect(file.logEntries[1].id).toBe(old.id);
    expect(file.logEntries[2].id).toBe(recent.id);
  });
});

describe('subject access: refusals', () => {
  it.each([
    ['no identifier', { subject: {}, reason: REASON }, ['subject']],
    ['empty identifiers', { subject: { givenName: ' ', email: '' }, reason: REASON }, ['subject']],
    ['no reason', { subject: { email: 'zoe.okafor@example.org' } }, ['reason']],
    ['a reason of a letter', { subject: { email: 'zoe.okafor@example.org' }, reason: ' x ' }, ['reason']],
    ['a family name alone', { subject: { familyName: 'Okafor' }, reason: REASON }, ['subject.givenName']],
    ['a given name alone', { subject: { givenName: 'Zoë' }, reason: REASON }, ['subject.familyName']],
    ['an email without an @', { subject: { email: 'zoe.okafor' }, reason: REASON }, ['subject.email']],
    ['a phone of letters', { subject: { phone: 'ring me' }, reason: REASON }, ['subject.phone']],
    ['a phone too short', { subject: { phone: '0770 090' }, reason: REASON }, ['subject.phone']],
    ['a UPRN with letters', { subject: { uprn: 'U123' }, reason: REASON }, ['subject.uprn']],
    ['an unknown identifier', { subject: { email: 'zoe.okafor@example.org', nino: 'QQ123456C' }, reason: REASON }, ['subject']],
  ])('refuses %s, saying where, and records nothing', async (_, input, paths) => {
    t = startTestEngine();
    const result = await call('findSubjectAccess', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues!.map((i) => i.path)).toEqual(paths);
    expect((await value('queryAccessAudit', {})).rows).toEqual([]);
  });

  it('exports only a search made here and still kept: not an unknown id, not one past its time, not beyond the end', async () => {
    t = startTestEngine();
    await storeCases();
    const refusal = async (input: unknown) => {
      const result = await call('exportSubjectAccess', input);
      if (result.ok) throw new Error('exported');
      return { message: result.error.message, paths: result.error.issues?.map((i) => i.path) };
    };
    expect(await refusal({ requestId: 'search-1' })).toMatchObject({ paths: ['requestId'] });
    expect(await refusal({ requestId: '0b5c7a4e-8f8e-4c8e-9d7e-3c1f2a9b6d10' })).toMatchObject({ paths: ['requestId'], message: /no longer kept/ });
    const preview = await find({ uprn: '23336956' });
    expect(await refusal({ requestId: preview.requestId, offset: preview.items + 4 })).toMatchObject({ paths: ['offset'] });
    t.clock.advance(SEARCH_KEPT_MS - 1_000);
    await value('exportSubjectAccess', { requestId: preview.requestId }); // a use keeps it longer
    t.clock.advance(SEARCH_KEPT_MS - 1_000);
    await value('exportSubjectAccess', { requestId: preview.requestId, offset: 1 });
    t.clock.advance(SEARCH_KEPT_MS + 1);
    expect(await refusal({ requestId: preview.requestId, offset: 1 })).toMatchObject({ paths: ['requestId'], message: /search again/ });
    // Only the exports that were answered are in the audit.
    const exports = await value('queryAccessAudit', { filter: { actions: ['subject_access_exported'] } });
    expect(exports.rows).toHaveLength(1);
  });
});

describe('subject access: a search under way', () => {
  /**
   * The search on a real store whose log reads as ten million ids long (five hundred batches with a
   * pause after each), counting the batches read; `failAt` makes that batch's read throw.
   */
  function longSearch(failAt?: number) {
    const dir = makeDataDir();
    const store = openStore(join(dir, 'casebridge.sqlite'));
    const clock = fakeClock();
    const queries = createSubjectAccessQueries(store);
    const counter = { batches: 0 };
    const cases = createCaseStore({ repo: createCaseRepo(store), clock });
    const subjectAccess = createSubjectAccess({
      queries: {
        ...queries,
        maxLogId: () => 10_000_000,
        caselessEntries: (...a) => {
          if (++counter.batches === failAt) throw new Error('disk I/O error');
          return queries.caselessEntries(...a);
        },
      },
      jobs: { byCase: () => [] },
      file: createSubjectAccessFile({ queries, cases, jobs: { get: () => undefined }, templateName: () => undefined, clock, operator: () => 'sam' }),
      flushLog: () => {},
      audit: createAccessAudit({ repo: createAuditRepo(store.db), clock, operator: () => 'sam' }),
      clock,
    });
    const subject = { givenName: '', familyName: '', email: 'zoe.okafor@example.org', phone: '', personReference: '', uprn: '' };
    return {
      subjectAccess,
      counter,
      start: () => subjectAccess.find(subject, REASON),
      close() {
        store.close();
        removeDataDir(dir);
      },
    };
  }

  it('answers at once and says how far it has got; its export waits until it has found', async () => {
    const h = longSearch();
    try {
      const started = h.start();
      expect(started).toMatchObject({ state: 'searching', progress: { done: 0, total: 10_000_000 } });
      for (let i = 0; i < 3; i++) await nextTurn();
      const later = h.subjectAccess.status(started.requestId);
      expect(later.state).toBe('searching');
      if (later.state !== 'searching') return;
      expect(later.progress.done).toBeGreaterThan(0);
      expect(later.progress.done).toBeLessThan(later.progress.total);
      expect(() => h.subjectAccess.exportBatch(started.requestId, 0, 10_000)).toThrow(/still under way/);
    } finally {
      h.subjectAccess.stop();
      h.close();
    }
  });

  it('ends at its next pause when the engine stops, and nothing is kept', async () => {
    const h = longSearch();
    try {
      const started = h.start();
      await nextTurn();
      h.subjectAccess.stop();
      const read = h.counter.batches;
      for (let i = 0; i < 5; i++) await nextTurn();
      expect(read).toBeGreaterThan(0);
      expect(h.counter.batches).toBe(read);
      expect(() => h.subjectAccess.status(started.requestId)).toThrow(/no longer kept/);
      expect(() => h.start()).toThrow(/engine is stopping/);
    } finally {
      h.close();
    }
  });

  it('that fails says why, and cannot be exported', async () => {
    const h = longSearch(3);
    try {
      const started = h.start();
      for (let i = 0; i < 5; i++) await nextTurn();
      expect(h.subjectAccess.status(started.requestId)).toMatchObject({ state: 'failed', message: 'The search stopped: disk I/O error. Search again.' });
      expect(h.counter.batches).toBe(3);
      expect(() => h.subjectAccess.exportBatch(started.requestId, 0, 10_000)).toThrow(/disk I\/O error/);
    } finally {
      h.close();
    }
  });
});
