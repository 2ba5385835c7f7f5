/**
 * A backup of a store with a 1,000,000-entry log (log-fill.ts), taken by the engine as "Back up now"
 * takes it: its time, the backup's size, and the longest the engine's event loop waited meanwhile
 * (the backup copies in steps so the engine keeps answering; the longest pause is what a case
 * arriving during a backup could wait).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { benchEngine } from './bench-engine';
import { fillLogForBench } from './log-fill';
import { report } from './report';

const ENTRIES = 1_000_000;

it('backup: a store of 1,000,000 log entries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-backup-'));
  try {
    const open = () => benchEngine(dir, { startWorkers: false });
    await open().close();
    fillLogForBench(join(dir, DATABASE_FILE), ENTRIES);
    const engine = open();
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
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 1_800_000);
