/**
 * Restore from the console on a real engine: refusals answered with the engine still running; a
 * restore stops it, puts the backup in place and a new engine finds the backup's cases; a failure
 * after the stop puts the old database back; a host stopping mid-restore leaves a whole database.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../shared/contract';
import { dispatchCall } from '../../../shared/dispatch';
import { DATABASE_FILE } from '../../../electron/engine/data-dir';
import type { Engine } from '../../../electron/engine/engine';
import { createEngineRestart, type EngineRestart } from '../../../electron/engine/engine-restart';
import { startTestEngine } from '../../support/engine';
import { makeDataDir, removeDataDir } from '../../support/host-process';
import { damageLogPages } from '../../support/store-damage';

const caseOf = (id: string) => ({ id, type: 'Fly-tipping report', fields: { description: 'Bags behind the garage' } });
const PASSPHRASE = 'correct horse battery staple';

interface Harness {
  dataDir: string;
  engine(): Engine;
  restarts: EngineRestart;
  stops: number;
  starts: number;
  call(name: CallName, input?: unknown): Promise<CallResult<any>>;
  /** What a host does on Ctrl+C: a restore under way finishes, then the engine closes. */
  shutDown(): Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.shutDown();
    removeDataDir(h.dataDir);
  }
});

/** A host of one engine at a time on one folder, as cli.ts and main/index.ts are; `failStart` makes the next starts throw. */
function host(options: { failStarts?: number; onStop?: () => void; failStop?: boolean } = {}): Harness {
  const dataDir = makeDataDir();
  let failStarts = options.failStarts ?? 0;
  let current: Engine | undefined;
  const open = () => startTestEngine({ dataDir, restoreFromConsole: (request) => restarts.begin(request) }).engine;
  const h: Harness = {
    dataDir,
    engine: () => current!,
    restarts: undefined as unknown as EngineRestart,
    stops: 0,
    starts: 0,
    call: (name, input) => dispatchCall(current!.handlers, name, input, current!.localCaller) as Promise<CallResult<any>>,
    async shutDown() {
      await restarts.stop();
      await current?.close();
      current = undefined;
    },
  };
  const restarts = createEngineRestart({
    dataDir,
    now: () => Date.parse('2026-12-05T11:00:00Z'),
    host: {
      async stop() {
        h.stops++;
        options.onStop?.();
        await current!.close();
        current = undefined;
        if (options.failStop) throw new Error('a step of the stop failed (a test failure)');
      },
      start() {
        h.starts++;
        if (failStarts-- > 0) return Promise.reject(new Error('the store could not be opened (a test failure)'));
        current = open();
        return Promise.resolve(current);
      },
      failed: (message) => {
        throw new Error(`the host gave up: ${message}`);
      },
    },
  });
  h.restarts = restarts;
  current = open();
  harnesses.push(h);
  return h;
}

function caseIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('select id from cases order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

/** CAS-1 is in the backup; CAS-2 arrives after it. */
async function backupThenMore(h: Harness, input: unknown = {}): Promise<string> {
  h.engine().intake.receive(caseOf('CAS-1'));
  const taken = await h.call('runBackup', input);
  expect(taken.ok).toBe(true);
  h.engine().intake.receive(caseOf('CAS-2'));
  return taken.ok ? taken.value.name : '';
}

const entries = (h: Harness, source: string) =>
  h
    .engine()
    .log.recent(200)
    .filter((e) => e.source === source);

it('refuses a missing, damaged, foreign or newer backup and a wrong passphrase with the engine still running', async () => {
  const h = host();
  await h.engine().secrets.set('tascomi.private-key', 'SECRET');
  // Enough log pages for a damaged copy to have some to damage.
  for (let i = 0; i < 3_000; i++) h.engine().log.write({ level: 'info', source: 'engine', message: `entry ${i} ${'words '.repeat(20)}` });
  h.engine().log.flush();
  const name = await backupThenMore(h, { passphrase: PASSPHRASE });
  const backups = join(h.dataDir, 'backups');
  const foreign = join(h.dataDir, 'notes.sqlite');
  writeFileSync(foreign, 'not a database at all, just words');
  const newer = join(h.dataDir, 'newer.sqlite');
  const db = new Database(join(backups, name));
  await db.backup(newer);
  db.close();
  const future = new Database(newer);
  future.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-the-future', 9_999_999_999_999);
  future.close();

  const damaged = join(h.dataDir, 'damaged.sqlite');
  const copy = new Database(join(backups, name));
  await copy.backup(damaged);
  copy.close();
  damageLogPages(damaged);

  const refusals: [unknown, RegExp][] = [
    [{ path: damaged }, /damaged\.sqlite is damaged \(.+\); choose another backup\.$/],
    [{ path: join(h.dataDir, 'nowhere.sqlite') }, /^There is no backup at .*nowhere\.sqlite\.$/],
    [{ path: foreign }, /notes\.sqlite is not a casebridge backup/],
    [{ path: newer }, /was made by a newer casebridge \(schema version \d+\); this casebridge knows schema version \d+/],
    [{ name, passphrase: 'not the passphrase at all' }, /passphrase/i],
    [
      { name: 'casebridge-20200101T000000000Z-v1-schema1.sqlite' },
      /^There is no backup called casebridge-20200101T000000000Z-v1-schema1\.sqlite in .*; choose one from the list\.$/,
    ],
    [{ path: 'backups/relative.sqlite' }, /is not a full path/],
    [{ name, path: join(backups, name) }, /choose a backup from the list or give a file path/],
    [{ name: '../casebridge.sqlite' }, /the name of a backup in the backup folder/],
  ];
  for (const [input, message] of refusals) {
    const result = await h.call('restoreBackup', input);
    expect(result.ok, JSON.stringify(input)).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  }
  await h.restarts.idle();
  expect(h.stops).toBe(0);
  // Still the same engine, answering, with the case that came after the backup.
  expect((await h.call('getCase', { id: 'CAS-2' })).ok).toBe(true);
  expect(readdirSync(h.dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);
});

it('restores a backup from the list: the engine stops, a new one finds the backup cases, the old database is kept aside and the log says who and which file', async () => {
  const h = host();
  const name = await backupThenMore(h);
  const first = h.engine();
  const answer = await h.call('restoreBackup', { name });
  expect(answer).toMatchObject({ ok: true, value: { path: join(h.dataDir, 'backups', name), secrets: 'none in backup' } });
  await h.restarts.idle();
  expect([h.stops, h.starts]).toEqual([1, 1]);
  expect(h.engine()).not.toBe(first);
  expect((await h.call('getCase', { id: 'CAS-1' })).ok).toBe(true);
  expect((await h.call('getCase', { id: 'CAS-2' })).ok).toBe(false);
  const kept = readdirSync(h.dataDir).filter((n) => n.startsWith(`${DATABASE_FILE}.before-restore-`) && !n.endsWith('-wal') && !n.endsWith('-shm'));
  expect(kept).toEqual([`${DATABASE_FILE}.before-restore-20261205T110000000Z`]);
  expect(caseIds(join(h.dataDir)).sort()).toEqual(['CAS-1']);
  const said = entries(h, 'backup').map((e) => e.message);
  expect(said).toContainEqual(
    expect.stringMatching(
      new RegExp(`^Backup .*${name.replace(/\./g, '\\.')} restored from the console by .+; the database before it is kept as .*before-restore-20261205T110000000Z\\.$`),
    ),
  );
});

it('a new engine that cannot start on the restored backup: the old database goes back, casebridge starts on it and says so with an alarm', async () => {
  const h = host({ failStarts: 1 });
  const name = await backupThenMore(h);
  expect((await h.call('restoreBackup', { name })).ok).toBe(true);
  await h.restarts.idle();
  expect([h.stops, h.starts]).toEqual([1, 2]);
  // The database from before the restore, with the case that came after the backup.
  expect((await h.call('getCase', { id: 'CAS-2' })).ok).toBe(true);
  expect(readdirSync(h.dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);
  const health = await h.call('getHealth', {});
  expect(health.ok && health.value).toContainEqual(expect.objectContaining({ id: 'restore-failed', level: 'error' }));
  const said = entries(h, 'backup').find((e) => e.level === 'error');
  expect(said?.message).toMatch(
    /could not start on the restored backup .*the store could not be opened \(a test failure\)\..* casebridge is running again on the database it had before the restore\.$/,
  );
});

it('a restore whose copy fails after the stop (the backup gone meanwhile) moves the database back and starts again on it', async () => {
  let backupPath = '';
  const h = host({ onStop: () => rmSync(backupPath) });
  const name = await backupThenMore(h);
  backupPath = join(h.dataDir, 'backups', name);
  expect((await h.call('restoreBackup', { name })).ok).toBe(true);
  await h.restarts.idle();
  expect([h.stops, h.starts]).toEqual([1, 1]);
  expect((await h.call('getCase', { id: 'CAS-2' })).ok).toBe(true);
  const said = entries(h, 'backup').find((e) => e.level === 'error');
  // The copy failed after the database in place was moved aside: it was moved back.
  expect(said?.message).toMatch(
    /^The restore of .* failed: Could not copy .* The database that was in place is back as it was\. casebridge is running again on the database it had before the restore\.$/,
  );
  expect(readdirSync(h.dataDir).filter((n) => n.includes('before-restore') || n.endsWith('.restoring'))).toEqual([]);
});

it('a host stopping while a restore is under way waits for it: the folder holds a whole database, the backup', async () => {
  const h = host();
  const name = await backupThenMore(h);
  expect((await h.call('restoreBackup', { name })).ok).toBe(true);
  // Ctrl+C straight after the answer, before the restore has begun its stop.
  await h.shutDown();
  expect(h.stops).toBe(1);
  const db = new Database(join(h.dataDir, DATABASE_FILE), { readonly: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  expect(caseIds(h.dataDir)).toEqual(['CAS-1']);
  expect(existsSync(join(h.dataDir, `${DATABASE_FILE}.restoring`))).toBe(false);
});

it('a second restore while one is under way is refused', async () => {
  const h = host();
  const name = await backupThenMore(h);
  const first = h.call('restoreBackup', { name });
  const second = await h.call('restoreBackup', { name });
  expect(await first).toMatchObject({ ok: true });
  expect(second).toMatchObject({ ok: false, error: { message: 'A restore is already under way; wait for casebridge to start again.' } });
  await h.restarts.idle();
  expect(h.stops).toBe(1);
});

it('a stop that fails: nothing is restored, casebridge starts again on the database in place and says so', async () => {
  const h = host({ failStop: true });
  const name = await backupThenMore(h);
  expect((await h.call('restoreBackup', { name })).ok).toBe(true);
  await h.restarts.idle();
  expect([h.stops, h.starts]).toEqual([1, 1]);
  expect((await h.call('getCase', { id: 'CAS-2' })).ok).toBe(true);
  expect(readdirSync(h.dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);
  const said = entries(h, 'backup').find((e) => e.level === 'error');
  expect(said?.message).toMatch(
    /^Stopping casebridge for the restore of .* failed: a step of the stop failed \(a test failure\); nothing was restored\. casebridge is running again/,
  );
});

it('a host stopping while a backup is still being checked: that restore does not start, and the engine closes as usual', async () => {
  const h = host();
  const name = await backupThenMore(h);
  const asked = h.call('restoreBackup', { name });
  await h.shutDown();
  expect(await asked).toMatchObject({ ok: false, error: { message: 'casebridge is stopping; restore the backup once it has started again.' } });
  expect(h.stops).toBe(0);
  expect(caseIds(h.dataDir)).toEqual(['CAS-1', 'CAS-2']);
});
