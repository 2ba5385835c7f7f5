import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import journal from '../../../electron/engine/store/migrations/meta/_journal.json';
import { dispatchCall } from '../../../shared/dispatch';
import type { Preferences } from '../../../shared/domain/preferences';
import { createEventHub } from '../../../electron/engine/events';
import { openStore } from '../../../electron/engine/store/open-store';
import { fillLog } from '../../bench/log-fill';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { settlesWithin } from '../../support/hang-guard';
import { makeDataDir } from '../../support/host-process';
import { manualClock } from '../../support/manual-clock';
import { AT_THE_DESK } from '../../support/caller';

let t: TestEngine;
afterEach(async () => t?.dispose());

describe('createEngine', () => {
  it('answers application info from the real store', async () => {
    t = startTestEngine();
    const result = await dispatchCall(t.engine.handlers, 'getAppInfo', undefined, t.engine.localCaller);
    expect(result).toMatchObject({
      ok: true,
      value: {
        name: 'casebridge',
        version: '0.0.0-test',
        host: 'headless',
        dataDir: t.dataDir,
        databasePath: join(t.dataDir, 'casebridge.sqlite'),
        schemaVersion: journal.entries.length,
        timeZone: 'Europe/London',
      },
    });
  });

  it('logs its start with the schema version and where secrets are kept', () => {
    t = startTestEngine();
    const [started] = t.engine.log.recent(1);
    expect(started!.message).toMatch(/^Engine started \(headless, version 0\.0\.0-test, schema \d+\); secrets kept in a file readable only by its owner/);
  });

  it('closes cleanly once, logging the stop, and refuses work after it', async () => {
    t = startTestEngine();
    await t.engine.close();
    await t.engine.close();
    expect(() => t.engine.log.recent(1)).toThrow(/not open/);
    const again = startTestEngine({ dataDir: t.dataDir });
    expect(again.engine.log.recent(2).map((e) => e.message)).toEqual([expect.stringMatching(/^Engine started/), 'Engine stopped.']);
    t = again;
  });

  it('closes promptly with every background loop in the middle of its work or its wait, and closes the store', async () => {
    const dataDir = makeDataDir();
    const clock = manualClock();
    // A log full of year-old entries: retention is still pruning, a batch at a time, when close() comes.
    const path = join(dataDir, 'casebridge.sqlite');
    openStore(path).close();
    fillLog(path, 50_000, clock.millis() - 365 * 24 * 60 * 60_000, { searchIndex: 'rebuilt at the end' });
    t = startTestEngine({ dataDir, clock, startWorkers: true });
    await t.engine.handlers.saveTascomiSync({ enabled: true, intervalMinutes: 5 });
    // Both workers sleep until their next look (nothing can be sent: no connection is set up), the alert check until
    // its next look, the sync until its poll, case retention (no case is due) until its next hourly run, the daily
    // backup until 02:00. (The alert deliveries' worker waits for a delivery with no timer: none is queued.)
    await settlesWithin(clock.sleeping(5_000, 6), 'the workers, the alert check, the sync, case retention and the daily backup reaching their waits');
    const waits = clock.waiting().sort((a, b) => a - b);
    expect(waits.filter((ms) => ms <= 60 * 60_000)).toEqual([5_000, 5_000, 15_000, 5 * 60_000, 60 * 60_000]);
    expect(waits.filter((ms) => ms > 60 * 60_000)).toHaveLength(1); // the backup's, up to a day

    await settlesWithin(t.engine.close(), 'engine.close() with every loop busy or waiting');
    expect(clock.waiting()).toEqual([]);
    expect(() => t.engine.log.recent(1)).toThrow(/not open/);
    const sqlite = (await import('better-sqlite3')).default;
    const db = new sqlite(path, { readonly: true });
    try {
      const old = (db.prepare('select count(*) as n from log_entries where time_ms < ?').get(clock.millis() - 90 * 24 * 60 * 60_000) as { n: number }).n;
      expect(old).toBeGreaterThan(0); // closed in the middle of the prune
      expect((db.prepare('select message from log_entries order by id desc limit 1').get() as { message: string }).message).toBe('Engine stopped.');
    } finally {
      db.close();
    }
  });
});

describe('preferences', () => {
  it('start from the defaults: theme follows the system, Connections first', async () => {
    t = startTestEngine();
    expect(await t.engine.handlers.getPreferences({})).toEqual({ theme: 'system', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
  });

  it('are kept across restarts and pushed to every console', async () => {
    t = startTestEngine();
    const heard: Preferences[] = [];
    t.engine.on('preferencesChanged', (p) => heard.push(p));
    await t.engine.handlers.setPreferences({ theme: 'dark' });
    await t.engine.handlers.setPreferences({ lastPage: 'jobs' });
    expect(heard).toEqual([
      { theme: 'dark', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' },
      { theme: 'dark', lastPage: 'jobs', notifyDeadJobs: true, logFilter: '', jobsFilter: '' },
    ]);
    await t.engine.close();
    t = startTestEngine({ dataDir: t.dataDir });
    expect(await t.engine.handlers.getPreferences({})).toEqual({ theme: 'dark', lastPage: 'jobs', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
  });

  it('log a theme change but not page changes', async () => {
    t = startTestEngine();
    await t.engine.handlers.setPreferences({ lastPage: 'log' });
    expect(t.engine.log.recent(1)[0]!.message).toMatch(/^Engine started/);
    await t.engine.handlers.setPreferences({ theme: 'light' });
    expect(t.engine.log.recent(1)[0]).toMatchObject({ source: 'console', message: 'Console theme set to light.' });
  });

  it('fall back per value when what is stored is no longer valid', async () => {
    t = startTestEngine();
    const sqlite = (await import('better-sqlite3')).default;
    await t.engine.close();
    const raw = new sqlite(join(t.dataDir, 'casebridge.sqlite'));
    raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('console.preferences', ?, 'x')").run(JSON.stringify({ theme: 'sepia', lastPage: 'jobs' }));
    raw.close();
    t = startTestEngine({ dataDir: t.dataDir });
    expect(await t.engine.handlers.getPreferences({})).toEqual({ theme: 'system', lastPage: 'jobs', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
  });
});

describe('calls through the shared dispatcher', () => {
  it('refuse bad input and name the field', async () => {
    t = startTestEngine();
    const result = await dispatchCall(t.engine.handlers, 'listRecentLog', { limit: 0 }, t.engine.localCaller);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'limit' }] } });
    const theme = await dispatchCall(t.engine.handlers, 'setPreferences', { theme: 'blue' }, t.engine.localCaller);
    expect(theme).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'theme' }] } });
    const extra = await dispatchCall(t.engine.handlers, 'setPreferences', { theme: 'dark', admin: true }, t.engine.localCaller);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const empty = await dispatchCall(t.engine.handlers, 'setPreferences', {}, t.engine.localCaller);
    expect(empty).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at least one preference/) } });
    expect(await t.engine.handlers.getPreferences({})).toEqual({ theme: 'system', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
  });

  it('refuse an unknown call, including inherited property names', async () => {
    t = startTestEngine();
    for (const name of ['dropDatabase', 'constructor', '__proto__', 42]) {
      expect(await dispatchCall(t.engine.handlers, name, {}, t.engine.localCaller)).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('apply schema defaults before the handler runs', async () => {
    t = startTestEngine();
    for (let i = 0; i < 120; i++) t.engine.log.write({ level: 'debug', source: 'test', message: `n${i}` });
    const result = await dispatchCall(t.engine.handlers, 'listRecentLog', {}, t.engine.localCaller);
    expect(result.ok && (result.value as unknown[]).length).toBe(100);
  });

  it('turn a handler failure into a failed answer that names the call', async () => {
    t = startTestEngine();
    const handlers = {
      ...t.engine.handlers,
      getAppInfo: () => {
        throw new Error('disk on fire');
      },
    };
    let reported: unknown;
    const result = await dispatchCall(handlers, 'getAppInfo', {}, AT_THE_DESK, (_name, error) => (reported = error));
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'getAppInfo failed: disk on fire' } });
    expect(reported).toBeInstanceOf(Error);
  });
});

describe('the event hub', () => {
  it('keeps delivering when one listener throws, and unsubscribes', () => {
    const errors: unknown[] = [];
    const hub = createEventHub((e) => errors.push(e));
    const got: string[] = [];
    hub.on('preferencesChanged', () => {
      throw new Error('bad listener');
    });
    const off = hub.onAny((name) => got.push(name));
    hub.emit('preferencesChanged', { theme: 'dark', lastPage: 'log', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
    off();
    hub.emit('preferencesChanged', { theme: 'dark', lastPage: 'log', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
    expect(got).toEqual(['preferencesChanged']);
    expect(errors).toHaveLength(2);
  });
});

describe('a corrupt secrets file', () => {
  it('is reported and left untouched', async () => {
    t = startTestEngine();
    const path = join(t.dataDir, 'secrets.json');
    writeFileSync(path, '{"version":1,"secrets":{"x":5}}');
    await expect(t.engine.secrets.get('tascomi.private-key')).rejects.toThrow(/is not as expected: the secret "x" holds a number, not text. casebridge left it untouched/);
  });
});
