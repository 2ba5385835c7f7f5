/**
 * Restore: refuses what it must before anything moves (a newer schema, a damaged file, a running
 * engine, a wrong passphrase), keeps the current database aside, and brings back the backup's cases.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { restoreBackup, RestoreRefused } from '../../../../electron/engine/backup/restore-backup';
import { takeBackup } from '../../../../electron/engine/backup/take-backup';
import { DATABASE_FILE, SECRETS_FILE } from '../../../../electron/engine/data-dir';
import { MIGRATIONS } from '../../../../electron/engine/store/migrations';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { testDataDirs } from '../../../support/host-process';
import { damageLogPages } from '../../../support/store-damage';

let t: TestEngine | undefined;
const dirs = testDataDirs();
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  dirs.removeAll();
});
const dir = dirs.make;
const caseOf = (id: string) => ({ id, type: 'Fly-tipping report', fields: { description: 'Bags behind the garage' } });
const caseIds = (dataDir: string) => {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('select id from cases order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
};
const PASSPHRASE = 'correct horse battery staple';

/** A backup of an engine that received CAS-1, with its secrets sealed; the engine is closed after. */
async function backupWithCase(): Promise<{ path: string; backupDir: string }> {
  const source = startTestEngine();
  try {
    source.engine.intake.receive(caseOf('CAS-1'));
    await source.engine.secrets.set('tascomi.private-key', 'SECRET-from-backup');
    const backupDir = dir();
    const sqlite = new Database(join(source.dataDir, DATABASE_FILE));
    const result = await takeBackup({
      sqlite,
      folder: backupDir,
      version: '0.0.0-test',
      takenAtMs: Date.parse('2026-12-01T02:00:00Z'),
      secrets: { text: readFileSync(join(source.dataDir, SECRETS_FILE), 'utf8'), passphrase: PASSPHRASE },
    });
    sqlite.close();
    return { path: result.path, backupDir };
  } finally {
    await source.dispose();
  }
}

it('restores into a folder with a database: the current one is kept aside (with its latest commits), the backup takes its place', async () => {
  const { path } = await backupWithCase();
  t = startTestEngine();
  t.engine.intake.receive(caseOf('CAS-NOW'));
  const dataDir = t.dataDir;
  await t.engine.close();
  const result = await restoreBackup({ dataDir, backupPath: path, nowMs: Date.parse('2026-12-05T10:00:00Z') });
  expect(result.keptAside).toBe(join(dataDir, `${DATABASE_FILE}.before-restore-20261205T100000000Z`));
  expect(caseIds(dataDir)).toEqual(['CAS-1']);
  const aside = new Database(result.keptAside!, { readonly: true });
  expect(aside.prepare('select id from cases').all()).toEqual([{ id: 'CAS-NOW' }]);
  aside.close();
  expect(result.secrets).toBe('kept current');
  // The restored folder opens as a store again.
  t = startTestEngine({ dataDir });
  expect((await t.engine.handlers.listCases({ search: '', limit: 10 })).map((c: { id: string }) => c.id)).toEqual(['CAS-1']);
});

it('refuses a backup from a newer schema, saying both versions, and changes nothing', async () => {
  const { path } = await backupWithCase();
  const db = new Database(path);
  db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-the-future', 9_999_999_999_999);
  db.close();
  const dataDir = dir();
  writeFileSync(join(dataDir, DATABASE_FILE), 'the current database');
  const known = MIGRATIONS.length;
  const refusal = restoreBackup({ dataDir, backupPath: path, nowMs: 0 });
  await expect(refusal).rejects.toThrow(RestoreRefused);
  await expect(refusal).rejects.toThrow(`(schema version ${known + 1}); this casebridge knows schema version ${known}`);
  expect(readdirSync(dataDir)).toEqual([DATABASE_FILE]);
  expect(readFileSync(join(dataDir, DATABASE_FILE), 'utf8')).toBe('the current database');
});

it('refuses while an engine holds the folder, naming it', async () => {
  const { path } = await backupWithCase();
  t = startTestEngine();
  await expect(restoreBackup({ dataDir: t.dataDir, backupPath: path, nowMs: 0 })).rejects.toThrow(`casebridge is running on ${t.dataDir}: stop it`);
});

it('refuses a file that is not a casebridge backup, and one that is not there', async () => {
  const dataDir = dir();
  const notOne = join(dataDir, 'notes.sqlite');
  writeFileSync(notOne, 'just some text, not a database at all');
  await expect(restoreBackup({ dataDir, backupPath: notOne, nowMs: 0 })).rejects.toThrow(`${notOne} is not a casebridge backup`);
  await expect(restoreBackup({ dataDir, backupPath: join(dataDir, 'gone.sqlite'), nowMs: 0 })).rejects.toThrow('There is no backup at');
  expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
});

it('refuses a damaged backup, naming it, before anything moves', async () => {
  t = startTestEngine();
  for (let i = 0; i < 3_000; i++) t.engine.log.write({ level: 'info', source: 'engine', message: `entry ${i} ${'words '.repeat(20)}` });
  t.engine.log.flush();
  const folder = dir();
  const sqlite = new Database(join(t.dataDir, DATABASE_FILE));
  const { path } = await takeBackup({ sqlite, folder, version: '0.0.0-test', takenAtMs: 0 });
  sqlite.close();
  damageLogPages(path);
  const dataDir = dir();
  await expect(restoreBackup({ dataDir, backupPath: path, nowMs: 0 })).rejects.toThrow(
    new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(.+\\); choose another backup\\.$`),
  );
  expect(readdirSync(dataDir)).toEqual([]);
});

it('restores sealed secrets with the right passphrase (the old secrets file kept aside); a wrong one is refused before anything moves', async () => {
  const { path } = await backupWithCase();
  const dataDir = dir();
  writeFileSync(join(dataDir, SECRETS_FILE), '{"version":1,"secrets":{}}');
  await expect(restoreBackup({ dataDir, backupPath: path, nowMs: 0, passphrase: 'not the passphrase at all' })).rejects.toThrow('The passphrase does not open');
  expect(readdirSync(dataDir)).toEqual([SECRETS_FILE]);

  const result = await restoreBackup({ dataDir, backupPath: path, nowMs: 0, passphrase: PASSPHRASE });
  expect(result).toMatchObject({ secrets: 'restored', secretsKeptAside: join(dataDir, `${SECRETS_FILE}.before-restore-19700101T000000000Z`) });
  expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).toContain('SECRET-from-backup');
});
