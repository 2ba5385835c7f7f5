/**
 * The Log page's questions to the engine: a support person filters the log to one case's failed
 * attempts, searches for words, opens an entry (personal details hidden until revealed for a
 * reason, and the reveal recorded in the access audit), exports what they see to CSV, and old entries go by the retention settings.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { createLogViewer, csvField } from '../../../../electron/engine/log/log-viewer';
import { markPersonal } from '../../../../electron/engine/log/personal-data';
import { applyMigrations, MIGRATIONS } from '../../../../electron/engine/store/migrations';
import { createLogQueries, ftsQuery } from '../../../../electron/engine/store/log-queries';
import { createLogRepo } from '../../../../electron/engine/store/log-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { createSettingsRepo } from '../../../../electron/engine/store/settings-repo';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { fillLog } from '../../../bench/log-fill';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { refuseAuditWrites } from '../../../support/store-damage';
import { makeDataDir, removeDataDir } from '../../../support/host-process';
import { manualClock, type ManualClock } from '../../../support/manual-clock';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

const call = (name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, t.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};
const write = (entry: Partial<NewLogEntry> & { message: string }) => t.engine.log.write({ level: 'info', source: 'tascomi', ...entry });
const ids = (page: { rows: { id: number }[] }) => page.rows.map((r) => r.id);

describe('the log viewer', () => {
  it('combines filters, newest first, and pages by id without skipping or repeating', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T09:00:00.000Z');
    const a1 = write({
      message: 'Attempt 1 failed: Tascomi answered HTTP 503',
      level: 'warn',
      caseId: 'CAS-1',
      jobId: 7,
      attempt: 1,
      outcome: 'will_retry',
      errorClass: 'remote',
      templateId: '3',
    });
    t.clock.advance(60_000);
    const other = write({ message: 'Attempt 1 failed: connection refused', level: 'warn', caseId: 'CAS-2', jobId: 8, attempt: 1, outcome: 'will_retry', errorClass: 'connection' });
    t.clock.advance(60_000);
    const a2 = write({ message: 'Attempt 2 sent: Service Request 41', caseId: 'CAS-1', jobId: 7, attempt: 2, outcome: 'succeeded', templateId: '3' });
    write({ message: 'Engine started.', source: 'engine' });

    expect(ids(await value('queryLog', { filter: { caseId: 'CAS-1' } }))).toEqual([a2.id, a1.id]);
    expect(ids(await value('queryLog', { filter: { caseId: 'CAS-1', outcomes: ['will_retry'] } }))).toEqual([a1.id]);
    expect(ids(await value('queryLog', { filter: { levels: ['warn'], sources: ['tascomi'] } }))).toEqual([other.id, a1.id]);
    expect(ids(await value('queryLog', { filter: { templateId: '3', jobId: 7 } }))).toEqual([a2.id, a1.id]);
    expect(ids(await value('queryLog', { filter: { from: '2026-06-15T10:00:30+01:00', to: '2026-06-15T10:01:30+01:00' } }))).toEqual([other.id]);
    expect(ids(await value('queryLog', { filter: { text: 'refused' } }))).toEqual([other.id]);
    expect(ids(await value('queryLog', { filter: { text: 'Service Req' } }))).toEqual([a2.id]); // the last word as a prefix
    expect(ids(await value('queryLog', { filter: { text: 'HTTP 503', caseId: 'CAS-2' } }))).toEqual([]);
    expect((await value('queryLog', { filter: { caseId: 'CAS-1' } })).rows[0]).not.toHaveProperty('request');

    // Paging: 2 at a time, each page continues exactly after the last.
    const first = await value('queryLog', { filter: {}, limit: 2 });
    expect(first.hasMore).toBe(true);
    const second = await value('queryLog', { filter: {}, limit: 2, beforeId: first.rows.at(-1).id });
    const all = ids(await value('queryLog', { filter: {}, limit: 100 }));
    expect([...ids(first), ...ids(second)]).toEqual(all.slice(0, 4));

    expect(await value('countLog', { filter: { caseId: 'CAS-1' } })).toEqual({ count: 2, capped: false });
    const bad = await call('queryLog', { filter: { from: '2026-06-16T00:00:00Z', to: '2026-06-15T00:00:00Z' } });
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ path: 'filter.to' }] } });
  });

  it('turns words into a safe full-text query', () => {
    expect(ftsQuery('connection refused')).toBe('"connection" "refused"*');
    expect(ftsQuery('refused ')).toBe('"refused"');
    expect(ftsQuery('"; DROP TABLE x; -- OR NEAR(')).toBe('"DROP" "TABLE" "x" "OR" "NEAR"*');
    expect(ftsQuery('  ')).toBeUndefined();
  });

  it("hides person details in an entry's request until revealed for a reason, and records who revealed them, when and why", async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T09:00:00.000Z');
    const entry = write({
      message: 'Attempt 1 failed',
      caseId: 'CAS-9',
      jobId: 3,
      attempt: 1,
      outcome: 'failed',
      errorClass: 'validation',
      request: `PUT http://tascomi/rest/v1/contacts\nbody: surname=${markPersonal('Okafor')}, title_id=3`,
      response: 'HTTP 400\nbody: message: "surname is too long"',
    });
    const hidden = await value('getLogEntry', { id: entry.id });
    expect(hidden.personalHidden).toBe(true);
    expect(hidden.entry.request).toContain('surname=[personal: 6 chars], title_id=3');
    expect(hidden.entry.request).not.toContain('Okafor');
    expect(hidden.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'failed', errorClass: 'validation', entryId: entry.id })]);

    // No reason, or one too short to say anything, is refused on `reason`; nothing is shown or recorded.
    const noReason = await call('getLogEntry', { id: entry.id, revealPersonal: true });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'reason', message: expect.stringMatching(/say why/) }] } });
    expect(await call('getLogEntry', { id: entry.id, revealPersonal: true, reason: '  ok  ' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'reason', message: expect.stringMatching(/at least 3 characters/) }] },
    });
    expect((await value('queryAccessAudit', {})).rows).toEqual([]);

    t.clock.set('2026-06-15T09:30:00.000Z');
    const reason = 'Resident Okafor phoned about complaint 4471';
    const shown = await value('getLogEntry', { id: entry.id, revealPersonal: true, reason: `  ${reason} ` });
    expect(shown.entry.request).toContain('surname=Okafor, title_id=3');
    const recorded = await value('queryLog', { filter: { caseId: 'CAS-9', levels: ['warn'] } });
    expect(recorded.rows[0].message).toMatch(/Personal details in log entry \d+ were revealed in the console by .+\(browser console of the headless host\)/);
    // The reason stays in the audit: it may name the resident, and the log is kept and exported by other rules.
    expect(recorded.rows[0].message).not.toContain('4471');
    expect((await value('queryAccessAudit', {})).rows).toEqual([
      {
        id: expect.any(Number),
        time: '2026-06-15T10:30:00.000+01:00',
        who: expect.stringMatching(/\(browser console of the headless host\)$/),
        action: 'personal_revealed',
        subject: `log entry ${entry.id}`,
        caseId: 'CAS-9',
        reason,
      },
    ]);

    // Each reveal is a decision of its own, recorded with its own reason however soon after the last.
    await value('getLogEntry', { id: entry.id, revealPersonal: true, reason: 'Checking the surname sent to Tascomi' });
    expect((await value('queryAccessAudit', { filter: { actions: ['personal_revealed'] } })).rows.map((r: { reason: string }) => r.reason)).toEqual([
      'Checking the surname sent to Tascomi',
      reason,
    ]);
    // An entry with nothing personal in it reveals nothing, so nothing is recorded.
    const plain = write({ message: 'Attempt 2 sent', caseId: 'CAS-9', request: 'GET http://tascomi/rest/v1/status' });
    expect((await value('getLogEntry', { id: plain.id, revealPersonal: true, reason })).personalHidden).toBe(false);
    expect((await value('queryAccessAudit', {})).rows).toHaveLength(2);
    expect(await call('getLogEntry', { id: 99_999 })).toMatchObject({ ok: false, error: { issues: [{ path: 'id' }] } });
  });

  it('refuses a reveal the access audit cannot record, and shows nothing', async () => {
    t = startTestEngine();
    const entry = write({ message: 'Attempt 1 failed', caseId: 'CAS-9', request: `body: surname=${markPersonal('Okafor')}` });
    refuseAuditWrites(join(t.dataDir, DATABASE_FILE));

    const refused = await call('getLogEntry', { id: entry.id, revealPersonal: true, reason: 'Complaint 4471' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('disk I/O error (test)') } });
    expect(JSON.stringify(refused)).not.toContain('Okafor');
    // Not logged as revealed either: it was not.
    t.engine.log.flush();
    expect(t.engine.log.byCase('CAS-9', 10).map((e) => e.message)).toEqual(['Attempt 1 failed']);
    // Looking without revealing still works.
    expect((await value('getLogEntry', { id: entry.id })).personalHidden).toBe(true);
  });

  it("shows a job's attempts in order, with why and when it runs again", async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T09:00:00.000Z');
    write({
      message: 'Job 5 attempt 1 failed [remote]',
      jobId: 5,
      attempt: 1,
      outcome: 'will_retry',
      errorClass: 'remote',
      durationMs: 120,
      retryAtMs: Date.parse('2026-06-15T09:00:04.000Z'),
    });
    write({ message: 'Job 5 queued', jobId: 5 });
    const last = write({ message: 'Job 5 attempt 2 sent', jobId: 5, attempt: 2, outcome: 'succeeded', durationMs: 80 });
    const detail = await value('getLogEntry', { id: last.id });
    expect(detail.attempts).toMatchObject([
      { attempt: 1, outcome: 'will_retry', errorClass: 'remote', durationMs: 120, retryAt: '2026-06-15T10:00:04.000+01:00' },
      { attempt: 2, outcome: 'succeeded', durationMs: 80 },
    ]);
  });

  it('exports the filtered log to CSV in batches, header first, personal details hidden, formulas defused', async () => {
    t = startTestEngine();
    for (let i = 1; i <= 5; i++)
      write({ message: i === 3 ? '=HYPERLINK("x")' : `Attempt for case ${i}, "quoted"`, caseId: 'CAS-E', request: `body: surname=${markPersonal('Jones')}` });
    write({ message: 'not this one', caseId: 'OTHER' });
    const one = await value('exportLog', { filter: { caseId: 'CAS-E' }, limit: 3 });
    expect(one).toMatchObject({ rows: 3, done: false });
    const two = await value('exportLog', { filter: { caseId: 'CAS-E' }, limit: 3, afterId: one.lastId });
    expect(two).toMatchObject({ rows: 2, done: true });
    const lines = (one.csv + two.csv).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,time,level,source,person,outcome,case,template,job,attempt,duration_ms,error_class,message,request,response');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('"Attempt for case 1, ""quoted"""');
    expect(lines[3]).toContain(`'=HYPERLINK(""x"")`);
    expect(one.csv + two.csv).not.toContain('Jones');
    expect(one.csv).toContain('[personal: 5 chars]');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });

  it('keeps entries by age and by number, as the settings say', async () => {
    t = startTestEngine();
    t.clock.set('2026-01-01T09:00:00.000Z');
    for (let i = 0; i < 5; i++) write({ message: `old ${i}` });
    t.clock.set('2026-06-01T09:00:00.000Z');
    for (let i = 0; i < 3; i++) write({ message: `new ${i}` });
    const bad = await call('saveLogSettings', { keepDays: 0, keepEntries: 10 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await value('saveLogSettings', { keepDays: 30, keepEntries: 10_000 });
    expect(await value('getLogSettings')).toEqual({ keepDays: 30, keepEntries: 10_000 });
    // The background pruner does not run on a test engine (no workers): run it as it would.
    expect(await t.engine.pruneLog()).toBe(6); // the five old ones and the engine's own start entry (the clock began earlier still)
    expect((await value('queryLog', { filter: { text: 'old' } })).rows).toEqual([]);
    expect((await value('queryLog', { filter: { text: 'new' } })).rows).toHaveLength(3);
    expect((await value('queryLog', { filter: { text: 'retention removed' } })).rows[0].message).toMatch(/removed 6 entries/);
  });

  it('by number, the oldest go first, in batches', () => {
    t = startTestEngine();
    for (let i = 0; i < 7; i++) write({ message: `entry ${i}` });
    t.engine.log.flush(); // stored now, not at the end of this turn: the repo below reads the table itself
    const repo = createLogRepo(openStore(join(t.dataDir, 'casebridge.sqlite')));
    expect(repo.prune(0, 3, 2)).toBe(2); // a batch of two (the engine's own start entry and entry 0)
    expect(repo.prune(0, 3, 100)).toBe(3);
    expect(repo.prune(0, 3, 100)).toBe(0);
    expect(repo.recent(10).map((e) => e.message)).toEqual(['entry 6', 'entry 5', 'entry 4']);
  });
});

describe('the log search migration', () => {
  it('indexes entries written before it was applied', () => {
    const dir = makeDataDir();
    const db = new Database(join(dir, 'old.sqlite'));
    try {
      const before = MIGRATIONS.filter((m) => m.tag < '0005');
      applyMigrations(db, before);
      db.prepare("insert into log_entries (time, time_ms, level, source, message) values ('2026-01-01T00:00:00Z', 0, 'info', 'engine', 'written before search existed')").run();
      applyMigrations(db);
      const found = db.prepare('select rowid from log_search where log_search match \'"existed"\'').all();
      expect(found).toHaveLength(1);
      db.prepare('delete from log_entries').run();
      expect(db.prepare('select rowid from log_search where log_search match \'"existed"\'').all()).toHaveLength(0);
    } finally {
      db.close();
      removeDataDir(dir);
    }
  });
});

describe('the retention loop', () => {
  const HOUR = 60 * 60_000;
  const PRUNE_BATCH = 5_000;
  let store: Store | undefined;
  let dir: string | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
    if (dir) removeDataDir(dir);
    dir = undefined;
  });

  /** A store whose log holds `old` entries a year old, and a viewer on it whose prune batches are counted. */
  function retention(old: number, clock: ManualClock) {
    dir = makeDataDir();
    const path = join(dir, 'casebridge.sqlite');
    openStore(path).close(); // the schema, then the old entries beside it
    if (old > 0) fillLog(path, old, clock.millis() - 365 * 24 * HOUR, { searchIndex: 'rebuilt at the end' });
    store = openStore(path);
    const repo = createLogRepo(store);
    const batches: number[] = [];
    const heard: NewLogEntry[] = [];
    let onBatch: (() => void) | undefined;
    const viewer = createLogViewer({
      queries: createLogQueries(store.db),
      repo: {
        prune(...args) {
          const removed = repo.prune(...args);
          batches.push(removed);
          onBatch?.();
          return removed;
        },
      },
      settings: createSettingsRepo(store.db),
      clock,
      log: { write: (entry) => heard.push(entry) },
      operator: () => 'test',
      audit: { record: () => expect.unreachable('retention reveals nothing') },
      flush: () => {},
    });
    const afterBatches = (n: number) => new Promise<void>((resolve) => (onBatch = () => batches.length === n && resolve()));
    const remaining = () => (store!.sqlite.prepare('select count(*) as n from log_entries').get() as { n: number }).n;
    return { viewer, batches, heard, afterBatches, remaining };
  }

  it('stops between two batches of a prune, without finishing it or sleeping first', async () => {
    const clock = manualClock();
    const r = retention(4 * PRUNE_BATCH, clock);
    const twoBatches = r.afterBatches(2);
    r.viewer.start();
    await twoBatches; // the loop now waits for its turn before the third batch

    await settlesWithin(r.viewer.stop(), 'stop() in the middle of a prune');
    expect(r.batches).toEqual([PRUNE_BATCH, PRUNE_BATCH]);
    expect(r.remaining()).toBe(2 * PRUNE_BATCH); // the rest goes at the next run
    expect(r.heard.at(-1)!.message).toMatch(/^Log retention removed 10000 entries, then stopped with the engine; the rest goes at its next run/);
    expect(clock.waiting()).toEqual([]);
  });

  it('stops in its hour-long sleep without the hour passing, and leaves no timer behind', async () => {
    const clock = manualClock();
    const r = retention(0, clock);
    r.viewer.start();
    await settlesWithin(clock.sleeping(HOUR), 'retention reaching its sleep');
    await settlesWithin(r.viewer.stop(), 'stop() while retention sleeps');
    expect(clock.waiting()).toEqual([]);
  });

  it('prunes again at once under settings saved while it was pruning', async () => {
    const clock = manualClock();
    const r = retention(2 * PRUNE_BATCH, clock);
    const oneBatch = r.afterBatches(1);
    r.viewer.start();
    await oneBatch;
    r.viewer.saveSettings({ keepDays: 1, keepEntries: 10_000 });
    await settlesWithin(clock.sleeping(HOUR), 'retention reaching its sleep');
    // The first run's batches (5,000, 5,000, then the last few), then a second run under the new settings.
    expect(r.batches.filter((removed) => removed < PRUNE_BATCH)).toHaveLength(2);
    await r.viewer.stop();
  });
});
