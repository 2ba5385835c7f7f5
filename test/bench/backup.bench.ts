/**
 * A backup of a store with a 1,000,000-entry log (log-fill.ts), taken by the engine as "Back up now"
 * takes it: its time, the backup's size, and the longest the engine's event loop waited meanwhile
 * (the backup copies in steps so the engine keeps answering; the longest pause is what a case
 * arriving during a backup could wait). Then that backup restored from the console
 * (engine-restart.ts): how long its checks take while the engine still runs, and how long no
 * engine answers (stop, copy in, start on it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { benchEngine } from './bench-engine';
import type { Engine } from '../../electron/engine/engine';
import { createEngineRestart } from '../../electron/engine/engine-restart';
import { fillLogForBench } from './log-fill';
import { report } from './report';

const ENTRIES = 1_000_000;

it('backup and restore from the console: a store of 1,000,000 log entries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-backup-'));
  try {
    const open = () => benchEngine(dir, { startWorkers: false });
    await open().close();
    fillLogForBench(join(dir, DATABASE_FILE), ENTRIES);
    let engine: Engine = open();
    let stoppedAt = 0;
    const restarts = createEngineRestart({
      dataDir: dir,
      now: () => Date.now(),
      host: {
        stop: async () => {
          stoppedAt = performance.now();
          await engine.close();
        },
        start: () => Promise.resolve((engine = open())),
        failed: (message) => {
          throw new Error(message);
        },
      },
    });
    try {
      // The longest gap between two turns of the event loop while the backup runs.
      let longestPauseMs = 0;
      let last = performance.now();
      let watching = true;
      const watch = () => {
        const now = performance.now();
        longestPauseMs = Math.max(longestPauseMs, now - last);
        last = now;
        if (watching) setImmediate(watch);
      };
      setImmediate(watch);
      const started = performance.now();
      const result = await engine.backups.run();
      const ms = performance.now() - started;
      watching = false;
      report({ name: 'backup-1m-log (copy in steps, quick_check of the copy, rename)', value: ms / 1000, unit: 's' });
      report({ name: 'backup-1m-log size', value: result.bytes / 1_048_576, unit: 'MB' });
      report({ name: 'backup-1m-log longest event-loop pause while backing up', value: longestPauseMs, unit: 'ms' });

      longestPauseMs = 0;
      last = performance.now();
      watching = true;
      setImmediate(watch);
      const asked = performance.now();
      await restarts.begin({ backupPath: result.path, by: 'bench' });
      watching = false;
      report({ name: 'restore-1m-log checks before the stop (engine still answering)', value: (performance.now() - asked) / 1000, unit: 's' });
      report({ name: 'restore-1m-log longest event-loop pause while checking', value: longestPauseMs, unit: 'ms' });
      await restarts.idle();
      report({ name: 'restore-1m-log without an engine (stop, copy in, start on it)', value: (performance.now() - stoppedAt) / 1000, unit: 's' });
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 1_800_000);
