/**
 * A full disk, for real: the engine's data folder on a small tmpfs that is then filled. The CRM is
 * told 500 (never a 202 for a case not stored), the console hears an alarm instead of log entries
 * vanishing into stderr, stopping still closes the store, and once space is freed the engine starts
 * again with everything it acknowledged. (A read-only folder is refused at start: see
 * store-startup.test.ts; Linux will not remount a disk read-only under a file open for writing.)
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthAlarm } from '../../../../shared/domain/health';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { postCase } from '../../../support/crm';
import { smallDiskForTest, type SmallDisk } from '../../../support/small-disk';

const SECRET = 'a-shared-secret-for-the-crm-0001';
const running: TestEngine[] = [];
const disks: SmallDisk[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of disks.splice(0)) d.free(); // unmounted once the test has finished
  for (const t of running.splice(0)) await t.engine.close();
});

function disk(context: Parameters<typeof smallDiskForTest>[0], sizeMb: number): SmallDisk {
  const mounted = smallDiskForTest(context, sizeMb);
  disks.push(mounted);
  return mounted;
}
function start(dataDir: string): TestEngine {
  const t = startTestEngine({ dataDir });
  running.push(t);
  return t;
}

const post = (t: TestEngine, url: string, id: string) =>
  postCase(url, SECRET, { ...flyTipping, id, fields: { ...flyTipping.fields, notes: `${id} `.repeat(300) } }, t.clock.millis());

/** The files this process holds open under `dir` (Linux: /proc/self/fd). */
function openFilesUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(join('/proc/self/fd', fd));
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // closed while listing
    }
  }
  return open;
}

describe('a full disk', () => {
  it('makes the webhook answer 500, then stop still closes the store, and after space is freed every accepted case is there', async (context) => {
    const d = disk(context, 16);
    const dataDir = join(d.dir, 'casebridge');
    const t = start(dataDir);
    const view = await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
    d.fill();
    const accepted: string[] = [];
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let n = 1; n <= 3000 && !refused; n++) {
      const answer = await post(t, view.status.url!, `FULL-${n}`);
      if (answer.status === 202) accepted.push(`FULL-${n}`);
      else refused = answer;
    }
    expect(refused).toMatchObject({ status: 500 });

    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(t.engine.close()).resolves.toBeUndefined();
    running.splice(running.indexOf(t), 1);
    expect(openFilesUnder(dataDir), 'files still open after close()').toEqual([]);
    expect(reported.mock.calls.flat().join('\n')).toMatch(/disk .*full|SQLITE_FULL|database or disk is full/i);

    d.free();
    const again = start(dataDir);
    for (const id of accepted) expect((await again.engine.handlers.getCase({ id })).case.id).toBe(id);
  });

  it('raises a log-write-failed alarm that says how many entries were lost, and clears it once a write succeeds', async (context) => {
    const d = disk(context, 16);
    const t = start(join(d.dir, 'casebridge'));
    const heard: HealthAlarm[][] = [];
    t.engine.on('healthChanged', (alarms) => heard.push(alarms));
    d.fill();
    const big = 'x'.repeat(150_000);
    let alarm: HealthAlarm | undefined;
    for (let i = 0; i < 400 && !alarm; i++) {
      t.engine.log.write({ level: 'info', source: 'test', message: `entry ${i}`, request: big });
      await new Promise((resolve) => setImmediate(resolve));
      alarm = (await t.engine.handlers.getHealth({})).find((a) => a.id === 'log-write-failed');
    }
    expect(alarm, 'no alarm while log writes failed').toMatchObject({
      level: 'error',
      message: expect.stringMatching(
        new RegExp(`^\\d+ log entr(y|ies) could not be stored and (is|are) lost\\. Why: The disk holding ${d.dir}/casebridge/casebridge\\.sqlite is full`),
      ),
    });
    // The store's own alarm too: every console says the disk is full, and which.
    expect((await t.engine.handlers.getHealth({})).find((a) => a.id === 'store-error')?.message).toMatch(/is full/);
    expect(heard.at(-1)?.some((a) => a.id === 'log-write-failed')).toBe(true);

    d.free();
    t.engine.log.write({ level: 'info', source: 'test', message: 'space is back' });
    t.engine.log.flush();
    expect((await t.engine.handlers.getHealth({})).map((a) => a.id)).not.toContain('log-write-failed');
    expect((await t.engine.handlers.getHealth({})).map((a) => a.id)).not.toContain('store-error');
    expect(heard.at(-1)?.map((a) => a.id)).not.toContain('log-write-failed');
  });
});

describe('a disk running out of space', () => {
  it('is warned of at start, before it is full', async (context) => {
    const d = disk(context, 16);
    d.fill(600 * 1024); // under 5% of 16 MB is left, minus what the new store takes
    const dataDir = join(d.dir, 'casebridge');
    const t = start(dataDir);
    const [alarm] = await t.engine.handlers.getHealth({});
    expect(alarm).toMatchObject({ id: 'disk-space-low', level: 'warning' });
    expect(alarm!.message).toMatch(new RegExp(`^Only [\\d.]+ (KB|MB) is free on the disk holding the data folder ${dataDir} \\(casebridge warns below 0\\.8 MB\\)`));
  });
});
