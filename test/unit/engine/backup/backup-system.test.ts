/**
 * The daily backup on a clock the test moves: it runs at the settings' time in the engine's zone,
 * keeps the newest N, takes a new time at once, raises an alarm when it fails and clears it when
 * the next one succeeds, and stops at once with the engine.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { listBackups } from '../../../../electron/engine/backup/backup-files';
import { nextBackupAt } from '../../../../electron/engine/backup/backup-schedule';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { DateTime } from 'luxon';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { manualClock, type ManualClock } from '../../../support/manual-clock';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const HOUR = 60 * 60_000;

/** Lets the loop reach its next long wait, then moves the clock to its end: one scheduled run. */
async function nextScheduledRun(clock: ManualClock): Promise<void> {
  await settlesWithin(clock.sleeping(HOUR), 'the schedule reaching its wait', 10_000);
  clock.advance(Math.max(...clock.waiting()));
}

it('backs up daily at the set time in the engine zone and keeps the newest N', async () => {
  const clock = manualClock('2026-06-15T09:00:30Z', 'Europe/London');
  t = startTestEngine({ clock });
  t.engine.backups.save({ enabled: true, time: '02:00', keep: 3, folder: '' });
  t.engine.backups.start();
  await settlesWithin(clock.sleeping(HOUR), 'the schedule reaching its wait', 10_000);
  // 10:00:30 in London (BST) now; 02:00 tomorrow is 15 h 59 min 30 s away.
  expect(clock.waiting()).toContain(15 * HOUR + 59 * 60_000 + 30_000);
  for (let day = 0; day < 5; day++) await nextScheduledRun(clock);
  await settlesWithin(clock.sleeping(HOUR), 'the schedule after its fifth run', 10_000);
  const kept = listBackups(join(t.dataDir, 'backups'));
  expect(kept.map((b) => b.takenAt)).toEqual(['2026-06-20T01:00:00.000Z', '2026-06-19T01:00:00.000Z', '2026-06-18T01:00:00.000Z']);
});

it('takes a new time at once, and does not run while switched off', async () => {
  const clock = manualClock('2026-06-15T09:00:30Z', 'Europe/London');
  t = startTestEngine({ clock });
  t.engine.backups.start();
  await settlesWithin(clock.sleeping(HOUR), 'the schedule reaching its wait', 10_000);
  t.engine.backups.save({ enabled: true, time: '11:00', keep: 7, folder: '' });
  await settlesWithin(clock.sleeping(59 * 60_000), 'the schedule waiting for the new time', 10_000);
  expect(clock.waiting()).toContain(59 * 60_000 + 30_000);
  t.engine.backups.save({ enabled: false, time: '11:00', keep: 7, folder: '' });
  await new Promise((resolve) => setImmediate(resolve));
  clock.advance(48 * HOUR);
  await new Promise((resolve) => setImmediate(resolve));
  expect(listBackups(join(t.dataDir, 'backups'))).toEqual([]);
});

it('a failed daily backup raises the alarm and is logged; the next that succeeds clears it', async () => {
  const clock = manualClock('2026-06-15T09:00:30Z', 'Europe/London');
  t = startTestEngine({ clock });
  const blocked = join(t.dataDir, DATABASE_FILE, 'backups');
  t.engine.backups.save({ enabled: true, time: '02:00', keep: 7, folder: blocked });
  t.engine.backups.start();
  await nextScheduledRun(clock);
  await settlesWithin(clock.sleeping(HOUR), 'the schedule after a failed run', 10_000);
  const [alarm] = await t.engine.handlers.getHealth({});
  expect(alarm).toMatchObject({ id: 'backup-failed', level: 'error' });
  expect(alarm!.message).toContain(`The daily backup to ${blocked} failed: Cannot make the backup folder`);

  t.engine.backups.save({ enabled: true, time: '02:00', keep: 7, folder: '' });
  await nextScheduledRun(clock);
  await settlesWithin(clock.sleeping(HOUR), 'the schedule after a good run', 10_000);
  expect(await t.engine.handlers.getHealth({})).toEqual([]);
});

it('refuses settings that are not valid, saying which and why', () => {
  t = startTestEngine();
  expect(() => t!.engine.backups.save({ enabled: true, time: '25:00', keep: 0, folder: '' })).toThrow(/time a time of day as HH:MM.*keep keep at least one backup/);
  expect(() => t!.engine.backups.save({ enabled: true, time: '02:00', keep: 7, folder: 'relative/backups' })).toThrow('is not a full path');
  expect(t.engine.backups.settings()).toEqual({ enabled: true, time: '02:00', keep: 7, folder: '' });
});

it('works out the next run across a clock change: a time that does not exist that night moves forward', () => {
  const beforeSpring = DateTime.fromISO('2026-03-28T12:00:00', { zone: 'Europe/London' });
  expect(nextBackupAt(beforeSpring, '01:30').toUTC().toISO()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  const sameDay = DateTime.fromISO('2026-06-15T01:59:00', { zone: 'Europe/London' });
  expect(nextBackupAt(sameDay, '02:00').toISO()).toBe('2026-06-15T02:00:00.000+01:00');
});

it('tells every console how a backup goes: pages copied as the percent moves, then the check, then done; a failed one says failed', async () => {
  t = startTestEngine();
  // A store of some hundreds of pages, so the copy takes several steps of 100 pages.
  for (let i = 0; i < 6_000; i++) t.engine.log.write({ level: 'info', source: 'engine', message: `entry ${i} ${'words '.repeat(20)}` });
  t.engine.log.flush();
  const heard: { phase: string; copiedPages: number; totalPages: number }[] = [];
  t.engine.on('backupProgress', (event) => heard.push(event));
  await t.engine.backups.run();
  const copying = heard.filter((e) => e.phase === 'copying');
  expect(copying.length).toBeGreaterThan(1);
  expect(heard[0]).toMatchObject({ phase: 'copying', copiedPages: 0 });
  const total = heard.at(-1)!.totalPages;
  expect(total).toBeGreaterThan(300);
  // At most one event per percent, the pages only going up.
  expect(heard.length).toBeLessThanOrEqual(102);
  for (let i = 1; i < copying.length; i++) expect(copying[i]!.copiedPages).toBeGreaterThan(copying[i - 1]!.copiedPages);
  expect(heard.slice(-2)).toEqual([
    { phase: 'checking', copiedPages: total, totalPages: total },
    { phase: 'done', copiedPages: total, totalPages: total },
  ]);

  heard.length = 0;
  t.engine.backups.save({ enabled: false, time: '02:00', keep: 7, folder: join(t.dataDir, DATABASE_FILE, 'not-a-folder') });
  await expect(t.engine.backups.run()).rejects.toThrow(/Cannot make the backup folder/);
  expect(heard).toEqual([{ phase: 'failed', copiedPages: 0, totalPages: 0 }]);
});

it('a backup cancelled while it copies keeps nothing, raises no alarm, and the log says who cancelled it', async () => {
  t = startTestEngine();
  for (let i = 0; i < 6_000; i++) t.engine.log.write({ level: 'info', source: 'engine', message: `entry ${i} ${'words '.repeat(20)}` });
  t.engine.log.flush();
  expect(t.engine.backups.cancel('Pat Admin')).toBe(false);
  const phases: string[] = [];
  const engine = t.engine;
  let cancelled = false;
  const off = engine.on('backupProgress', (event) => {
    phases.push(event.phase);
    if (cancelled || event.phase !== 'copying' || event.copiedPages === 0) return;
    cancelled = true;
    expect(engine.backups.cancel('Pat Admin')).toBe(true);
  });
  await expect(engine.backups.run()).rejects.toThrow('The backup was cancelled before it finished; nothing was kept.');
  expect(phases.at(-1)).toBe('cancelled');
  expect(phases).not.toContain('checking');
  const folder = join(t.dataDir, 'backups');
  expect(listBackups(folder)).toEqual([]);
  expect(readdirSync(folder)).toEqual([]); // not even the partial file
  expect((await engine.handlers.getHealth({})).map((a) => a.id)).not.toContain('backup-failed');
  expect(engine.log.recent(50).map((e) => e.message)).toContainEqual(expect.stringMatching(/^The by hand backup to .* was cancelled by Pat Admin; nothing was kept\.$/));
  off();
  // The next one runs as usual.
  await expect(engine.backups.run()).resolves.toMatchObject({ withSecrets: false });
});
