/**
 * An online backup taken while the engine receives cases restores to a store that holds every case
 * acknowledged before the backup began; a half-written backup never carries a backup's name.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { listBackups } from '../../../../electron/engine/backup/backup-files';
import { restoreBackup } from '../../../../electron/engine/backup/restore-backup';
import { takeBackup } from '../../../../electron/engine/backup/take-backup';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { testDataDirs } from '../../../support/host-process';

let t: TestEngine | undefined;
const dirs = testDataDirs();
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  dirs.removeAll();
});

const caseOf = (id: string) => ({ id, type: 'Fly-tipping report', fields: { description: `Bags dumped behind the garage ${'x'.repeat(1500)}` } });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

it('backs up while cases keep arriving; the restored store holds every case acknowledged before the backup began', async () => {
  t = startTestEngine();
  const engine = t.engine;
  // A store of some megabytes, so the backup takes many steps with cases arriving between them.
  const before = Array.from({ length: 3_000 }, (_, i) => `CAS-B${i}`);
  for (let i = 0; i < before.length; i += 500) engine.intake.receiveMany(before.slice(i, i + 500).map(caseOf));
  let during = 0;
  let arriving = true;
  const load = (async () => {
    while (arriving) {
      engine.intake.receive(caseOf(`CAS-D${during++}`));
      await turn();
    }
  })();
  let steps = 0;
  const backup = await settlesWithin(engine.backups.run({ progress: () => steps++ }), 'a backup under load', 60_000).finally(() => (arriving = false));
  await load;
  expect(steps).toBeGreaterThan(5); // it really ran in steps, with cases received between them
  expect(during).toBeGreaterThan(5);

  const restoredDir = dirs.make();
  const restored = await restoreBackup({ dataDir: restoredDir, backupPath: backup.path, nowMs: t.clock.millis() });
  expect(restored.keptAside).toBeUndefined();
  const db = new Database(join(restoredDir, DATABASE_FILE), { readonly: true });
  const ids = new Set((db.prepare('select id from cases').all() as { id: string }[]).map((r) => r.id));
  db.close();
  expect(before.filter((id) => !ids.has(id))).toEqual([]);
  expect(ids.size).toBeGreaterThanOrEqual(before.length);
}, 120_000);

it('names the backup with its time, casebridge version and schema version, and lists it once whole', async () => {
  t = startTestEngine();
  t.clock.set('2026-12-05T10:15:30.250Z');
  const result = await t.engine.backups.run();
  expect(result.path).toMatch(/casebridge-20261205T101530250Z-v0\.0\.0-test-schema\d+\.sqlite$/);
  const [listed] = t.engine.backups.list();
  expect(listed).toMatchObject({ takenAt: '2026-12-05T10:15:30.250Z', version: '0.0.0-test', schemaVersion: result.schemaVersion, withSecrets: false });
  expect(listed!.bytes).toBeGreaterThan(0);
});

it('a backup stopped part way leaves no file that passes for a backup', async () => {
  t = startTestEngine();
  t.engine.intake.receiveMany(Array.from({ length: 2_000 }, (_, i) => caseOf(`CAS-S${i}`)));
  const folder = join(t.dataDir, 'stopped');
  const stopper = new AbortController();
  let steps = 0;
  const sqlite = new Database(join(t.dataDir, DATABASE_FILE));
  const run = takeBackup({
    sqlite,
    folder,
    version: '0.0.0-test',
    takenAtMs: 0,
    signal: stopper.signal,
    progress: () => {
      if (++steps === 3) stopper.abort();
    },
  });
  await expect(run).rejects.toThrow('The backup was stopped before it finished; nothing was kept.');
  sqlite.close();
  expect(readdirSync(folder)).toEqual([]);
  expect(listBackups(folder)).toEqual([]);
});

it('a backup folder that cannot be made is said with its path, logged and alarmed', async () => {
  t = startTestEngine();
  const blocked = join(t.dataDir, DATABASE_FILE, 'backups'); // under a file: cannot be a folder
  t.engine.backups.save({ enabled: true, time: '02:00', keep: 7, folder: blocked });
  await expect(t.engine.backups.run()).rejects.toThrow(`Cannot make the backup folder ${blocked}`);
  const [alarm] = await t.engine.handlers.getHealth({});
  expect(alarm).toMatchObject({ id: 'backup-failed', level: 'error' });
  expect(alarm!.message).toContain('Back up now');
  expect(existsSync(blocked)).toBe(false);
});
