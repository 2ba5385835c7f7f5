/**
 * The store's integrity: when the whole file is checked at start (and a damaged one refused), and
 * when it is left to a background check in a worker thread, which raises `store-damaged`, turns the
 * webhook away (503) and makes calls that meet the damage say so, naming the file.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOutput, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { CHECK_AT_START_BELOW_BYTES, FULL_CHECK_EVERY_MS, reasonToCheckAtStart, startBackgroundCheck } from '../../../../electron/engine/store/integrity';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { fillLog } from '../../../bench/log-fill';
import { postCase } from '../../../support/crm';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { makeDataDir, removeDataDir } from '../../../support/host-process';
import { damageLogPages } from '../../../support/store-damage';

const SECRET = 'a-shared-secret-for-the-crm-0001';
const DAY = 24 * 60 * 60 * 1000;

describe('when the whole store is checked at start', () => {
  const big = CHECK_AT_START_BELOW_BYTES * 4;
  const now = Date.parse('2026-05-01T12:00:00Z');
  it('after a stop that was not clean, whatever the size', () => {
    expect(reasonToCheckAtStart({ fileBytes: big, nowMs: now, lastFullCheckMs: now - 1000, uncleanStop: true })).toBe('the last stop was not clean');
  });
  it('when the file is small enough to check in a blink', () => {
    expect(reasonToCheckAtStart({ fileBytes: CHECK_AT_START_BELOW_BYTES - 1, nowMs: now, lastFullCheckMs: now - 1000, uncleanStop: false })).toBe('the store is small');
  });
  it('when a large store was never checked, or not for a week', () => {
    expect(reasonToCheckAtStart({ fileBytes: big, nowMs: now, lastFullCheckMs: undefined, uncleanStop: false })).toBe('it had not been checked before');
    expect(reasonToCheckAtStart({ fileBytes: big, nowMs: now, lastFullCheckMs: now - FULL_CHECK_EVERY_MS, uncleanStop: false })).toMatch(/more than 7 days ago/);
  });
  it('not for a large store checked this week and stopped cleanly: that is left to the background', () => {
    expect(reasonToCheckAtStart({ fileBytes: big, nowMs: now, lastFullCheckMs: now - 6 * DAY, uncleanStop: false })).toBeUndefined();
  });
});

// One large store (over the size checked at every start), filled once and copied for each test.
let template: string;
const dirs: string[] = [];
const engines: TestEngine[] = [];
beforeAll(async () => {
  template = makeDataDir();
  const t = startTestEngine({ dataDir: template });
  await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
  await t.engine.close();
  // Checked in full at that first start (it was small), stopped cleanly; then it grew.
  fillLog(join(template, DATABASE_FILE), 150_000, undefined, { searchIndex: 'rebuilt at the end' });
}, 120_000);
afterAll(() => removeDataDir(template));
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of engines.splice(0)) await t.engine.close();
  for (const d of dirs.splice(0)) removeDataDir(d);
});

function copyOfBigStore(): string {
  const dir = makeDataDir();
  dirs.push(dir);
  cpSync(template, dir, { recursive: true });
  return dir;
}
function start(dataDir: string): TestEngine {
  const t = startTestEngine({ dataDir });
  engines.push(t);
  return t;
}

describe('a large store', () => {
  it('starts at once and is checked in the background: intact, it is logged and nothing is raised', async () => {
    const dataDir = copyOfBigStore();
    const t = start(dataDir);
    expect(t.engine.log.recent(500).find((e) => e.message.startsWith('Engine started'))!.message).toMatch(/store being checked in the background/);
    await vi.waitFor(() => expect(t.engine.log.recent(5).map((e) => e.message)).toContainEqual(expect.stringMatching(/^The store was checked in the background: intact/)), {
      timeout: 20_000,
      interval: 50,
    });
    expect(await t.engine.handlers.getHealth({})).toEqual([]);
  }, 30_000);

  it('damaged, is found out in the background: store-damaged raised, the webhook answers 503, calls meeting the damage name the file', async () => {
    const dataDir = copyOfBigStore();
    const path = join(dataDir, DATABASE_FILE);
    damageLogPages(path, 4);
    const t = start(dataDir);
    await vi.waitFor(async () => expect((await t.engine.handlers.getHealth({})).map((a) => a.id)).toContain('store-damaged'), { timeout: 20_000, interval: 50 });
    const [alarm] = await t.engine.handlers.getHealth({});
    expect(alarm).toMatchObject({ id: 'store-damaged', level: 'error' });
    expect(alarm!.message).toContain(`The database ${path} is damaged`);
    expect(alarm!.message).toMatch(/Restore it from a backup/);

    const intake = await t.engine.handlers.getIntakeSettings({});
    const refused = await postCase(intake.status.url!, SECRET, { ...flyTipping, id: 'AFTER-DAMAGE-1' });
    expect(refused.status).toBe(503);
    expect(refused.body?.message).toMatch(/database is damaged/);
    expect(refused.body?.message, 'the answer to an unauthenticated poster names no file').not.toContain(dataDir);

    // Reading the whole log meets the damaged pages: the answer is the fault in words, not SQLite's.
    let failure: { code: string; message: string } | undefined;
    for (let afterId = 0; !failure;) {
      const batch = (await dispatchCall(t.engine.handlers, 'exportLog', { filter: {}, limit: 20_000, afterId }, t.engine.localCaller)) as CallResult<CallOutput<'exportLog'>>;
      if (!batch.ok) failure = batch.error;
      else if (batch.value.done) break;
      else afterId = batch.value.lastId!;
    }
    expect(failure).toMatchObject({
      code: 'failed',
      message: expect.stringMatching(new RegExp(`^The database ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(SQLITE_CORRUPT`)),
    });
  }, 30_000);

  it('left by a process that was killed, is checked in full at start: intact it starts, damaged it is refused', async () => {
    // A crash image: the files as a running engine leaves them (its running marker still in the store).
    const running = start(copyOfBigStore());
    running.engine.log.write({ level: 'info', source: 'test', message: 'written just before the crash' });
    running.engine.log.flush();
    const crashed = makeDataDir();
    dirs.push(crashed);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      if (existsSync(join(running.dataDir, file))) copyFileSync(join(running.dataDir, file), join(crashed, file));
    }
    const damaged = makeDataDir();
    dirs.push(damaged);
    cpSync(crashed, damaged, { recursive: true });

    const after = start(crashed);
    expect(after.engine.log.recent(500).find((e) => e.message.startsWith('Engine started'))!.message).toMatch(/store checked at start \(the last stop was not clean\): intact/);
    expect(after.engine.log.recent(500).map((e) => e.message)).toContain('written just before the crash');

    damageLogPages(join(damaged, DATABASE_FILE), 4);
    expect(() => start(damaged)).toThrow(/is damaged: SQLite's integrity check found: .*Restore it from a backup/);
  }, 30_000);
});

describe('the background check', () => {
  it('stops when asked, without reporting, and lets the store close', async () => {
    const dataDir = copyOfBigStore();
    const heard: string[] = [];
    const check = startBackgroundCheck({ path: join(dataDir, DATABASE_FILE), onDone: () => heard.push('done'), onError: (e) => heard.push(e.message) });
    const stopped = check.stop();
    await expect(Promise.race([stopped.then(() => 'stopped'), new Promise((r) => setTimeout(r, 10_000, 'hung'))])).resolves.toBe('stopped');
    expect(heard).toEqual([]);
  });

  it('says it could not run when the file is not there (not that it is damaged)', async () => {
    const dir = makeDataDir();
    dirs.push(dir);
    mkdirSync(join(dir, 'empty'));
    const outcome = await new Promise<string>((resolve) =>
      startBackgroundCheck({ path: join(dir, 'empty', DATABASE_FILE), onDone: (p) => resolve(`done ${p.length}`), onError: (e) => resolve(`error: ${e.message}`) }),
    );
    expect(outcome).toMatch(/^error: unable to open database file/);
  });
});
