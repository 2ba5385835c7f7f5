import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { dispatchCall } from '../../../../shared/dispatch';
import type { LogEntry } from '../../../../shared/domain/log-entry';
import type { Caller } from '../../../../shared/domain/people';
import type { EventHub } from '../../../../electron/engine/events';
import type { LogBus } from '../../../../electron/engine/log/log-bus';
import type { Store } from '../../../../electron/engine/store/open-store';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine;
afterEach(async () => t?.dispose());

/** Runs `test` with a log bus on a store of its own (no engine), to write inside the store's transactions. */
async function onItsOwnStore(test: (h: { store: Store; log: LogBus; events: EventHub; path: string }) => void): Promise<void> {
  const { openStore } = await import('../../../../electron/engine/store/open-store');
  const { createLogRepo } = await import('../../../../electron/engine/store/log-repo');
  const { createLogBus } = await import('../../../../electron/engine/log/log-bus');
  const { createEventHub } = await import('../../../../electron/engine/events');
  const { fakeClock } = await import('../../../support/fake-clock');
  const { makeDataDir, removeDataDir } = await import('../../../support/host-process');
  const dir = makeDataDir();
  const path = join(dir, DATABASE_FILE);
  const store = openStore(path);
  try {
    const events = createEventHub();
    const log = createLogBus({ repo: createLogRepo(store), clock: fakeClock(), events });
    test({ store, log, events, path });
    log.close();
  } finally {
    store.close();
    removeDataDir(dir);
  }
}

describe('the log bus', () => {
  it('stores an entry, stamps it with the clock in the configured zone, and pushes it to listeners', () => {
    t = startTestEngine();
    t.clock.set('2026-03-29T01:30:00Z'); // just after the clocks went forward: BST, +01:00
    const heard: LogEntry[] = [];
    t.engine.on('log', (entry) => heard.push(entry));
    const stored = t.engine.log.write({ level: 'warn', source: 'tascomi', message: 'Slow answer', caseId: 'CRM-1', durationMs: 1234 });
    expect(stored).toMatchObject({ level: 'warn', source: 'tascomi', message: 'Slow answer', caseId: 'CRM-1', durationMs: 1234 });
    expect(stored.time).toBe('2026-03-29T02:30:00.000+01:00');
    expect(stored.id).toBeGreaterThan(0);
    expect(heard).toEqual([stored]);
    expect(t.engine.log.recent(1)).toEqual([stored]);
  });

  it("names the person whose call wrote an entry, stored and pushed; the engine's own entries name nobody", async () => {
    t = startTestEngine();
    const heard: LogEntry[] = [];
    t.engine.on('log', (entry) => heard.push(entry));
    const sam: Caller = { name: 'Sam Patel', role: 'support', source: 'local', accountId: 2 };
    expect(await dispatchCall(t.engine.handlers, 'setPreferences', { theme: 'dark' }, sam)).toMatchObject({ ok: true });
    const own = t.engine.log.write({ level: 'info', source: 'engine', message: 'The engine, on its own.' });
    expect(heard.map((e) => [e.message, e.person])).toEqual([
      ['Console theme set to dark.', 'Sam Patel'],
      ['The engine, on its own.', undefined],
    ]);
    expect(own).not.toHaveProperty('person');
    expect(t.engine.log.recent(2)).toEqual([own, heard[0]]);
  });

  it('rejects an invalid entry without storing or pushing it', () => {
    t = startTestEngine();
    const heard: LogEntry[] = [];
    t.engine.on('log', (entry) => heard.push(entry));
    const before = t.engine.log.recent(500).length;
    expect(() => t.engine.log.write({ level: 'loud' as 'info', source: 'x', message: 'm' })).toThrow(/level/);
    expect(() => t.engine.log.write({ level: 'info', source: 'x', message: '' })).toThrow(/message/);
    expect(t.engine.log.recent(500)).toHaveLength(before);
    expect(heard).toEqual([]);
  });

  it('stores the entries of one turn in one commit, as soon as the turn ends, numbered in order', async () => {
    t = startTestEngine();
    const db = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const stored = () => (db.prepare('select count(*) as n from log_entries').get() as { n: number }).n;
      t.engine.log.flush(); // the engine's own start entry
      const before = stored();
      const written = Array.from({ length: 50 }, (_, i) => t.engine.log.write({ level: 'info', source: 'test', message: `burst ${i}` }));
      expect(written.map((e) => e.id)).toEqual(written.map((_, i) => written[0]!.id + i));
      expect(stored()).toBe(before); // not yet: still this turn
      await new Promise((resolve) => setImmediate(resolve));
      expect(stored()).toBe(before + 50);
      const ids = db.prepare("select id from log_entries where message like 'burst %' order by id").all() as { id: number }[];
      expect(ids.map((r) => r.id)).toEqual(written.map((e) => e.id));
    } finally {
      db.close();
    }
  });

  it('a reader sees what was written this turn (reads flush first)', () => {
    t = startTestEngine();
    const entry = t.engine.log.write({ level: 'info', source: 'test', message: 'just now', caseId: 'CAS-7' });
    expect(t.engine.log.byCase('CAS-7', 5)).toEqual([entry]);
  });

  it('lists newest first and pages back with beforeId', () => {
    t = startTestEngine();
    for (let i = 1; i <= 5; i++) t.engine.log.write({ level: 'info', source: 'test', message: `entry ${i}` });
    const first = t.engine.log.recent(2);
    expect(first.map((e) => e.message)).toEqual(['entry 5', 'entry 4']);
    const next = t.engine.log.recent(2, first[1]!.id);
    expect(next.map((e) => e.message)).toEqual(['entry 3', 'entry 2']);
  });

  it('survives a restart: entries are in SQLite, not in memory', async () => {
    t = startTestEngine();
    t.engine.log.write({ level: 'error', source: 'test', message: 'kept' });
    await t.engine.close();
    const again = startTestEngine({ dataDir: t.dataDir });
    const messages = again.engine.log.recent(10).map((e) => e.message);
    expect(messages).toContain('kept');
    expect(messages).toContain('Engine stopped.');
    t = again;
  });
});

describe('the log bus, checking and storing cheaply', () => {
  it('refuses what the schema refuses, with its error, whatever the quick check says', () => {
    t = startTestEngine();
    const write = (entry: Record<string, unknown>) => () => t.engine.log.write(entry as never);
    expect(write({ level: 'info', source: 'x', message: 'm', extra: 1 })).toThrow(/extra/);
    expect(write({ level: 'info', source: 'x', message: 'm'.repeat(10_001) })).toThrow(/message/);
    expect(write({ level: 'info', source: 'x'.repeat(65), message: 'm' })).toThrow(/source/);
    expect(write({ level: 'info', source: 'x', message: 'm', jobId: 1.5 })).toThrow(/jobId/);
    expect(write({ level: 'info', source: 'x', message: 'm', jobId: 0 })).toThrow(/jobId/);
    expect(write({ level: 'info', source: 'x', message: 'm', durationMs: -1 })).toThrow(/durationMs/);
    expect(write({ level: 'info', source: 'x', message: 'm', outcome: 'maybe' })).toThrow(/outcome/);
    expect(write({ level: 'info', source: 'x', message: 'm', retryAtMs: Number.NaN })).toThrow(/retryAtMs/);
    const ok = t.engine.log.write({ level: 'info', source: 'x', message: 'm', jobId: 3, attempt: 1, durationMs: 0, retryAtMs: 0, outcome: 'succeeded', caseId: undefined });
    expect(ok).toMatchObject({ jobId: 3, attempt: 1, durationMs: 0, retryAtMs: 0, outcome: 'succeeded' });
  });

  it('stores an entry written inside a transaction with that transaction: committed with it, rolled back with it', async () => {
    await onItsOwnStore(({ store, log }) => {
      const count = () => (store.sqlite.prepare('select count(*) as n from log_entries').get() as { n: number }).n;
      const messages = () =>
        (store.sqlite.prepare('select id, message from log_entries order by id').all() as { id: number; message: string }[]).map((r) => `${r.id} ${r.message}`);
      const before = log.write({ level: 'info', source: 'test', message: 'before, outside' }); // waits for the turn's end
      store.sqlite.transaction(() => log.write({ level: 'info', source: 'test', message: 'inside' })).immediate();
      // In the table at once, numbered after the entry written before it, which waits for its own commit.
      expect(messages()).toEqual([`${before.id + 1} inside`]);
      log.flush();
      expect(messages()).toEqual([`${before.id} before, outside`, `${before.id + 1} inside`]);

      // A rollback takes the entry about the change it undid, and nothing written before it.
      const waiting = log.write({ level: 'info', source: 'test', message: 'written before the failure' });
      expect(() =>
        store.sqlite.transaction(() => {
          log.write({ level: 'info', source: 'test', message: 'undone' });
          throw new Error('the change it told of failed');
        })(),
      ).toThrow(/failed/);
      log.flush();
      expect(messages()).toEqual([`${before.id} before, outside`, `${before.id + 1} inside`, `${waiting.id} written before the failure`]);
      expect(count()).toBe(3);
    });
  });

  it('tells listeners of an entry written inside a transaction once it commits, and never when it rolls back', async () => {
    await onItsOwnStore(({ store, log, events, path }) => {
      const reader = new Database(path, { readonly: true });
      const heard: string[] = [];
      // Heard with what another connection sees of it then: 1 once committed.
      events.on('log', (entry) => heard.push(`${entry.message}: ${(reader.prepare('select count(*) as n from log_entries where id = ?').get(entry.id) as { n: number }).n}`));
      store.write(() => {
        log.write({ level: 'info', source: 'test', message: 'committed' });
        expect(heard).toEqual([]);
      });
      expect(heard).toEqual(['committed: 1']);
      expect(() =>
        store.write(() => {
          log.write({ level: 'info', source: 'test', message: 'undone' });
          throw new Error('the change it told of failed');
        }),
      ).toThrow(/failed/);
      // A savepoint that rolls back takes its entries' events; the rest of the transaction keeps theirs.
      store.write(() => {
        log.write({ level: 'info', source: 'test', message: 'outer' });
        try {
          store.write(() => {
            log.write({ level: 'info', source: 'test', message: 'in the undone savepoint' });
            throw new Error('undone');
          });
        } catch {
          // the savepoint alone rolled back
        }
      });
      expect(heard).toEqual(['committed: 1', 'outer: 1']);
      reader.close();
    });
  });
});

describe('log times', () => {
  it('write the offset as luxon does, across the clocks changing and in zones with odd offsets', async () => {
    const { DateTime } = await import('luxon');
    const { isoInZone } = await import('../../../../electron/engine/clock');
    const instants = ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:59:59.999Z', '2026-10-25T01:00:00.000Z', '2026-06-15T10:00:20.123Z'];
    for (const zone of ['Europe/London', 'UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      for (const iso of [...instants, '2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z', '2026-04-05T13:45:00.000Z']) {
        const ms = Date.parse(iso);
        expect(isoInZone(ms, zone), `${iso} in ${zone}`).toBe(DateTime.fromMillis(ms, { zone }).toISO());
        expect(isoInZone(ms - 1, zone), `just before ${iso} in ${zone}`).toBe(DateTime.fromMillis(ms - 1, { zone }).toISO());
      }
    }
  });
});
