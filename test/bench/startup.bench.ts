/**
 * Start-up on a 1,000,000-entry store (target: ready in under 500 ms), with whatever integrity check
 * runs at start: after a clean stop the check is left to a worker thread; after a stop that was not
 * clean the whole file is checked before the engine is ready. Also the check's own cost, and how long
 * a stop waits for the background check (it is stopped between tables, not in the middle of one).
 * "Ready" is createEngine returning and a first call answered.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { systemClock } from '../../electron/engine/clock';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { createEngine } from '../../electron/engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';
import { quickCheck, startBackgroundCheck } from '../../electron/engine/store/integrity';
import { fillLogForBench } from './log-fill';
import { median } from './measure';
import { report } from './report';

const STARTS = 5;

function open(dir: string) {
  return createEngine({
    dataDir: dir,
    host: 'headless',
    version: 'bench',
    clock: systemClock(),
    secrets: createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher),
    startWorkers: false,
  });
}

/** createEngine until its first call is answered; answers the ms and the engine. */
async function timedStart(dir: string) {
  const t0 = performance.now();
  const engine = open(dir);
  await engine.handlers.getAppInfo({});
  return { ms: performance.now() - t0, engine };
}

it('start-up: a 1,000,000-entry store, after a clean stop and after a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-start-'));
  const crashed = mkdtempSync(join(tmpdir(), 'casebridge-bench-crash-'));
  try {
    await open(dir).close();
    fillLogForBench(join(dir, DATABASE_FILE), 1_000_000);
    const path = join(dir, DATABASE_FILE);

    const cleanStarts: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const { ms, engine } = await timedStart(dir);
      cleanStarts.push(ms);
      // Stopped while the background check is mid-way (it takes over a second): the stop waits for its current table.
      await new Promise((resolve) => setTimeout(resolve, 200 + 150 * i));
      const t0 = performance.now();
      await engine.close();
      stops.push(performance.now() - t0);
    }
    report({ name: 'start-up-1m, clean stop (check in the background) (median)', value: median(cleanStarts), unit: 'ms', target: { op: '<=', value: 500 } });
    report({ name: 'stop-during-background-check-1m (median)', value: median(stops), unit: 'ms' });
    report({ name: 'stop-during-background-check-1m (slowest)', value: Math.max(...stops), unit: 'ms' });

    const t0 = performance.now();
    const problems = await new Promise<string[]>((resolve, reject) => startBackgroundCheck({ path, onDone: resolve, onError: reject }));
    if (problems.length > 0) throw new Error(`the filled store is damaged: ${problems.join('; ')}`);
    report({ name: 'background-check-1m (worker thread, table by table)', value: performance.now() - t0, unit: 'ms' });

    const raw = new Database(path, { readonly: true });
    const t1 = performance.now();
    quickCheck(raw);
    report({ name: 'quick_check-1m (whole file)', value: performance.now() - t1, unit: 'ms' });
    raw.close();

    // A crash image: the files as a running engine leaves them (its running marker still in the store).
    const running = open(dir);
    running.log.flush();
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) if (existsSync(join(dir, file))) copyFileSync(join(dir, file), join(crashed, file));
    await running.close();
    const afterCrash = await timedStart(crashed);
    report({ name: 'start-up-1m after a crash (whole-file quick_check at start)', value: afterCrash.ms, unit: 'ms' });
    await afterCrash.engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(crashed, { recursive: true, force: true });
  }
});
