/**
 * Stopping the built headless host while log retention is pruning, as the issue reported it: a
 * store whose log is full of entries past retention, the host started on it (retention starts
 * pruning at once, a batch at a time), SIGTERM in the middle: the host closes the store and exits
 * promptly, not after the prune and an hour's sleep.
 *
 * No browser page: the test reads the store beside the host, as the reporter did.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { fillLog } from '../bench/log-fill';
import { settlesWithin } from '../support/hang-guard';
import { makeDataDir, removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';

/** Enough that pruning takes seconds (a few dozen batches of 5,000), little enough to fill in a few. */
const OLD_ENTRIES = 200_000;
/** Generous: a stop takes well under a second; the hang it guards against was an hour. */
const STOP_BOUND_MS = 10_000;
const DAY_MS = 24 * 60 * 60_000;

let host: HostProcess | undefined;
let dataDir: string | undefined;

test.afterEach(async () => {
  if (host && host.child.exitCode === null && host.child.signalCode === null) await host.stop('SIGKILL');
  host = undefined;
  if (dataDir) removeDataDir(dataDir);
  dataDir = undefined;
});

const readStore = <T>(read: (db: Database.Database) => T): T => {
  const db = new Database(join(dataDir!, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

const oldEntries = (cutoffMs: number, open?: Database.Database): number => {
  const count = (db: Database.Database) => (db.prepare('select count(*) as n from log_entries where time_ms < ?').get(cutoffMs) as { n: number }).n;
  return open ? count(open) : readStore(count);
};

test('SIGTERM while log retention is pruning stops the host promptly and leaves the store whole', async () => {
  test.setTimeout(90_000);
  dataDir = makeDataDir();
  // A first start makes the store (every migration); its log is then filled with entries a year old.
  host = await startHostProcess({ dataDir });
  expect(await host.stop()).toBe(0);
  const cutoffMs = Date.now() - 90 * DAY_MS; // the default retention keeps 90 days
  fillLog(join(dataDir, DATABASE_FILE), OLD_ENTRIES, Date.now() - 400 * DAY_MS, { searchIndex: 'rebuilt at the end' });

  host = await startHostProcess({ dataDir });
  // Retention starts at once; old entries going is the sign it is pruning.
  await expect.poll(() => oldEntries(cutoffMs), { timeout: 20_000 }).toBeLessThan(OLD_ENTRIES);

  const sent = performance.now();
  const code = await settlesWithin(host.stop('SIGTERM'), 'the host after SIGTERM while retention was pruning', STOP_BOUND_MS);
  const stopMs = performance.now() - sent;
  console.log(`host stopped ${Math.round(stopMs)} ms after SIGTERM, mid-prune`);
  expect(code).toBe(0);

  readStore((db) => {
    // The stop came in the middle: old entries are still there for the next run to remove.
    const old = oldEntries(cutoffMs, db);
    expect(old).toBeGreaterThan(0);
    expect(old).toBeLessThan(OLD_ENTRIES);
    const last = db.prepare('select message from log_entries order by id desc limit 2').all() as { message: string }[];
    expect(last.map((e) => e.message)).toEqual(['Engine stopped.', expect.stringMatching(/^Log retention removed [\d,]+ entries, then stopped with the engine/)]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
