/**
 * Erasing a case through the contract, as the console does: a case sent to the Tascomi emulator (its
 * request logged), an error quoting a resident's name, a Cx cache row naming them; after the erasure
 * nothing of the person is readable through any call, and their values are in neither the database
 * file nor its WAL (read raw), while a skeleton of what happened, and who erased it, stays.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import { REMOTE_NOT_TOUCHED } from '../../../../shared/domain/case-erasure';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { cacheNeedles } from '../../../../electron/engine/cases/case-erasure';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { deleteCase } from '../../../support/crm';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  emulator = undefined;
});

const call = (name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, t.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

/** Values nobody else has: each is looked for in every answer and in the files' bytes. */
const SURNAME = 'Quixotelmsby';
const STREET = 'Quillfeather Lane';
const DESCRIPTION = `Zephyrine budgerigars dumped outside 4 ${STREET}`;
const EMAIL = 'zq.erasure@example.org';
const PERSONAL = [SURNAME, STREET, 'Zephyrine', EMAIL];

const CASE_ID = 'ERASE-1';
const erasable = (id = CASE_ID) => ({
  id,
  type: 'fly-tipping report',
  status: 'open',
  fields: { description: DESCRIPTION },
  people: [{ role: 'reporter', reference: 'CX-PERSON-77', forename: 'Ada', surname: SURNAME, email: EMAIL, address: { lines: [`4 ${STREET}`], postcode: 'ZZ9 9ZZ' } }],
  addresses: [{ role: 'location', uprn: '200004567890', lines: [`4 ${STREET}`], postcode: 'ZZ9 9ZZ' }],
  updatedAt: '2026-03-28T09:00:00Z',
});

async function configureTascomiAndTemplate(): Promise<number> {
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  const saved = await value('saveTascomiSettings', {
    enabled: true,
    baseUrl: emulator.baseUrl,
    ...DEMO_KEYS,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 600,
  });
  expect(saved.saved).toBe(true);
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
  return template.id;
}

/** Runs `fn` on a second connection to the engine's database (as another reader or writer would), then closes it. */
function onDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(t.dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** The database file and its WAL as bytes, lower-cased text (the search index keeps tokens lower case). */
function storeBytes(): string {
  const path = join(t.dataDir, DATABASE_FILE);
  const read = (file: string) => (existsSync(file) ? readFileSync(file).toString('latin1') : '');
  return (read(path) + read(`${path}-wal`)).toLowerCase();
}

/** Where each personal value (or, for the search index's prefix-compressed terms, its tail) still is in the files. */
function personalBytesLeft(): string[] {
  const bytes = storeBytes();
  return PERSONAL.flatMap((v) => [v.toLowerCase(), v.toLowerCase().slice(3)]).filter((needle) => bytes.includes(needle));
}

describe('erasing a case from the console', () => {
  it('leaves nothing of the person in any answer or in the files, keeps a skeleton, records who erased it, and says Tascomi is not touched', async () => {
    t = startTestEngine();
    const templateId = await configureTascomiAndTemplate();
    await value('submitCase', { case: erasable() });
    const sent = await value('applyTemplate', { caseId: CASE_ID, templateId });
    await t.engine.jobs.runUntilIdle();
    const queued = await value('applyTemplate', { caseId: CASE_ID, templateId });
    // A remote's error may quote what it was sent; a log line may too.
    t.engine.log.write({ level: 'warn', source: 'tascomi', caseId: CASE_ID, jobId: sent.id, message: `Tascomi warned about the reporter ${SURNAME} at ${STREET}.` });
    onDatabase((db) => {
      db.prepare('UPDATE jobs SET last_error = ?, last_error_class = ? WHERE id = ?').run(`Tascomi refused '${SURNAME}' at one point`, 'validation', sent.id);
      db.prepare('INSERT INTO cx_cache (key, body, fetched_at) VALUES (?, ?, ?)').run(
        `search:ACME:["","${SURNAME.toLowerCase()}",""]`,
        JSON.stringify([{ contactId: 9, reference: 'CX-PERSON-77', name: `Ada ${SURNAME}`, address: `4 ${STREET}, ZZ9 9ZZ`, postcode: 'ZZ9 9ZZ' }]),
        t.clock.millis(),
      );
      db.prepare('INSERT INTO cx_cache (key, body, fetched_at) VALUES (?, ?, ?)').run(
        'search:ACME:["","smith",""]',
        '[{"name":"John Smith","postcode":"AB1 2CD"}]',
        t.clock.millis(),
      );
    });
    const before = await value('getCase', { id: CASE_ID });
    expect(before.jobs.map((j: { state: string }) => j.state).sort()).toEqual(['queued', 'succeeded']);
    expect(JSON.stringify(before.log)).toContain(STREET);
    // The control: the values are in the files before the erasure.
    expect(personalBytesLeft().length).toBeGreaterThan(0);

    const erased = await value('eraseCase', { id: CASE_ID, confirm: CASE_ID });
    expect(erased).toMatchObject({ caseId: CASE_ID, erasedBy: expect.any(String), jobs: 2, jobsCancelled: 1, cxCacheRows: 1, notTouched: REMOTE_NOT_TOUCHED });
    expect(erased.logEntries).toBeGreaterThanOrEqual(3);

    // Gone from every call that could show it.
    expect(await call('getCase', { id: CASE_ID })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'id' }] } });
    expect(await value('listCases', { search: SURNAME })).toEqual([]);
    expect(await value('listCases', { search: 'Zephyrine' })).toEqual([]);
    expect((await value('listRecentCases', {})).map((c: { id: string }) => c.id)).not.toContain(CASE_ID);
    const jobs = await value('listJobs', { filter: { caseId: CASE_ID } });
    expect(jobs.map((j: { id: number; state: string; errorClass?: string }) => [j.id, j.state])).toEqual(
      expect.arrayContaining([
        [sent.id, 'succeeded'],
        [queued.id, 'cancelled'],
      ]),
    );
    const log = await value('queryLog', { filter: { caseId: CASE_ID }, limit: 100 });
    const entries = [
      ...log.rows,
      ...(
        await Promise.all(log.rows.map((r: { id: number }) => value('getLogEntry', { id: r.id, revealPersonal: true, reason: 'Checking the erasure left nothing to reveal' })))
      ).map((d) => d.entry),
    ];
    const everything = JSON.stringify({ jobs, entries, csv: (await value('exportLog', { filter: {} })).csv, recent: await value('listRecentLog', {}) });
    for (const personal of PERSONAL) expect(everything).not.toContain(personal);
    expect((await value('queryLog', { filter: { text: 'Quillfeather' } })).rows).toEqual([]);

    // The skeleton: when, what, which job, and who erased it.
    const attempt = log.rows.find((r: { jobId?: number; outcome?: string }) => r.jobId === sent.id && r.outcome === 'succeeded');
    expect(attempt).toMatchObject({
      source: 'tascomi',
      attempt: 1,
      hasExchange: false,
      message: expect.stringMatching(/^Personal data erased by .+ on 2026-03-29\. Was: a tascomi entry \(succeeded, job \d+, attempt 1\)\.$/),
    });
    expect(jobs.find((j: { id: number }) => j.id === queued.id)).toMatchObject({
      lastErrorClass: 'cancelled',
      lastError: expect.stringContaining('cannot be sent'),
      cancelledBy: expect.any(String),
    });
    expect(jobs.find((j: { id: number }) => j.id === sent.id)).toMatchObject({
      lastErrorClass: 'validation',
      lastError: expect.stringMatching(/^Personal data erased by .+\. Was: validation\.$/),
    });
    const line = log.rows.find((r: { source: string; message: string }) => r.source === 'cases' && r.message.includes('personal data erased'));
    expect(line.message).toContain(REMOTE_NOT_TOUCHED);
    // The erasure, after the opening the test made to look at the case first.
    const audit = await value('queryAccessAudit', { filter: { caseId: CASE_ID } });
    expect(audit.rows).toMatchObject([
      { action: 'case_erased', caseId: CASE_ID, who: erased.erasedBy },
      { action: 'case_opened', caseId: CASE_ID },
    ]);
    // The other resident's cache row stays.
    expect(onDatabase((db) => db.prepare('SELECT key FROM cx_cache').pluck().all())).toEqual(['search:ACME:["","smith",""]']);

    // Nor in the bytes: the database file after the erasure's checkpoint, and its WAL.
    expect(personalBytesLeft()).toEqual([]);
    await t.engine.close();
    expect(personalBytesLeft()).toEqual([]);
  });

  it('refuses without the typed confirmation, for an unknown case, and while a job of the case is running; nothing changes', async () => {
    t = startTestEngine();
    const templateId = await configureTascomiAndTemplate();
    await value('submitCase', { case: erasable() });
    expect(await call('eraseCase', { id: CASE_ID, confirm: 'erase-1' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'confirm' }] } });
    expect(await call('eraseCase', { id: CASE_ID })).toMatchObject({ ok: false, error: { issues: [{ path: 'confirm' }] } });
    expect(await call('eraseCase', { id: 'NOPE-9', confirm: 'NOPE-9' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: "There is no case 'NOPE-9' in casebridge (it may have been erased already).", issues: [{ path: 'id' }] },
    });

    const job = await value('applyTemplate', { caseId: CASE_ID, templateId });
    const claimed = t.engine.jobs.queue.claim('tascomi', 'a-worker', 60_000);
    expect(claimed).toMatchObject({ id: job.id, state: 'running' });
    const refused = await call('eraseCase', { id: CASE_ID, confirm: CASE_ID });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining(`job ${job.id} (attempt 1 to tascomi) is sending its data now`) } });
    expect((await value('getCase', { id: CASE_ID })).case.people[0].surname).toBe(SURNAME);
    expect((await value('queryAccessAudit', { filter: { actions: ['case_erased'] } })).rows).toEqual([]);

    // Once the attempt has ended, the erasure goes ahead.
    t.engine.jobs.queue.fail(job.id, 'a-worker', new Error('connection reset'));
    expect(await value('eraseCase', { id: CASE_ID, confirm: CASE_ID })).toMatchObject({ jobs: 1, jobsCancelled: 1 });
  });
});

describe("erasing a case at the CRM's request", () => {
  it('a signed DELETE /cases/{id} on the listening webhook erases it (200 with the counts), recorded as the CRM; again, 404', async () => {
    t = startTestEngine();
    const secret = 'a-shared-secret-of-the-crm';
    const intake = await value('saveIntakeSettings', { enabled: true, host: '127.0.0.1', port: 0, secret });
    expect(intake.status).toMatchObject({ listening: true });
    await value('submitCase', { case: erasable() });

    const unsigned = await fetch(`${intake.status.url}/${CASE_ID}`, { method: 'DELETE' });
    expect(unsigned.status).toBe(401);
    expect((await value('listCases', {})).map((c: { id: string }) => c.id)).toEqual([CASE_ID]);

    const answer = await deleteCase(intake.status.url, secret, CASE_ID, t.clock.millis());
    expect(answer).toMatchObject({ status: 200, body: { caseId: CASE_ID, erasedBy: 'the CRM (webhook)', jobs: 0, notTouched: REMOTE_NOT_TOUCHED } });
    expect(await value('listCases', {})).toEqual([]);
    const audit = await value('queryAccessAudit', { filter: { caseId: CASE_ID } });
    expect(audit.rows).toMatchObject([{ action: 'case_erased', who: 'the CRM (webhook)', reason: expect.stringContaining('DELETE /cases/{id}') }]);

    expect(await deleteCase(intake.status.url, secret, CASE_ID, t.clock.millis())).toMatchObject({ status: 404, body: { id: CASE_ID } });
  });
});

describe('the Cx cache rows an erasure looks for', () => {
  it("are those naming the case's people or addresses, by reference, surname, email, phone, postcode or UPRN; short values are left out", () => {
    const needles = cacheNeedles({
      id: 'C',
      type: 'x',
      status: '',
      fields: {},
      dates: {},
      references: {},
      people: [
        { role: 'a', reference: 'P-1', surname: 'Ng', email: 'A@Example.org', phone: '07700 900123', address: { lines: [], postcode: 'AB1 2CD' } },
        { role: 'b', surname: 'Lovelace' },
      ],
      addresses: [{ role: 'location', uprn: '100023336956', lines: [], postcode: 'ab1 2cd' }],
    });
    expect(needles.sort()).toEqual(['07700900123', '100023336956', 'a@example.org', 'ab12cd', 'lovelace', 'p-1'].sort());
  });
});
