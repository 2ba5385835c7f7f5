/**
 * Erasure on a 1,000,000-entry log (log-fill.ts: about seven entries per case id, by case and by
 * job) with 2,000 stored cases: one case erased from the console (its transaction, the search
 * index's secure delete and the WAL checkpoint), case retention's throughput, and the longest the
 * event loop waited while retention ran (it yields between batches, so the engine keeps serving).
 * Also what `secure_delete = ON` costs log retention: pruning 100,000 entries with it and without.
 * No targets: the design sets none; these say what a council can expect.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { createEngine } from '../../electron/engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';
import { createLogRepo } from '../../electron/engine/store/log-repo';
import { openStore } from '../../electron/engine/store/open-store';
import { ERASE_BATCH } from '../../electron/engine/cases/case-retention';
import { fakeClock } from '../support/fake-clock';
import { fillLogForBench } from './log-fill';
import { median } from './measure';
import { report } from './report';

const ENTRIES = 1_000_000;
const CASES = 2_000;
const ERASED_BY_HAND = 50;
const DAY = 24 * 60 * 60_000;

it('case erasure and retention over a 1,000,000-entry log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-erasure-'));
  try {
    // The fill's entries are dated from 1 January 2026; the clock starts after them.
    const clock = fakeClock('2026-03-01T00:00:00Z');
    const open = () =>
      createEngine({
        dataDir: dir,
        host: 'headless',
        version: 'bench',
        clock,
        secrets: createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher),
        startWorkers: false,
      });
    await open().close();
    const path = join(dir, DATABASE_FILE);
    fillLogForBench(path, ENTRIES, { mustFill: true });
    const pruneCopy = join(dir, 'prune-copy.sqlite');
    copyFileSync(path, pruneCopy);

    const engine = open();
    const h = engine.handlers;
    const cases = Array.from({ length: CASES }, (_, i) => ({
      id: `CAS-${i}`,
      type: 'Noise complaint',
      fields: { description: `Loud music at number ${i}` },
      people: [{ role: 'complainant', surname: `Surname${i}`, email: `person${i}@example.org` }],
      addresses: [{ role: 'location', uprn: String(100_000_000 + i), lines: [`${i} High Street`], postcode: 'AB1 2CD' }],
      updatedAt: clock.now().toISO()!,
    }));
    await h.importCases({ content: JSON.stringify(cases), fileName: 'bench.json' });

    const byHand: number[] = [];
    let entries = 0;
    for (let i = 0; i < ERASED_BY_HAND; i++) {
      const t0 = performance.now();
      const erased = await h.eraseCase({ id: `CAS-${i}`, confirm: `CAS-${i}` });
      byHand.push(performance.now() - t0);
      entries += erased.logEntries;
    }
    report({
      name: `case-erase-console (one case and its ~${Math.round(entries / ERASED_BY_HAND)} log entries, with the WAL checkpoint; median)`,
      value: median(byHand),
      unit: 'ms',
    });

    await h.saveCaseRetention({ days: 30 });
    clock.advance(31 * DAY);
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    const t0 = performance.now();
    const erased = await engine.eraseExpiredCases();
    const ms = performance.now() - t0;
    clearInterval(ticker);
    if (erased !== CASES - ERASED_BY_HAND) throw new Error(`retention erased ${erased} cases, not ${CASES - ERASED_BY_HAND}`);
    report({ name: `case-retention (${erased} cases, one transaction each, batches of ${ERASE_BATCH})`, value: erased / (ms / 1000), unit: 'cases/s' });
    report({ name: 'case-retention-longest-event-loop-wait (a 1 ms timer, while retention ran)', value: longestGap, unit: 'ms' });
    await engine.close();

    // Log retention on the copy of the same log: 100,000 entries pruned with secure_delete on and off.
    const pruneMs = (secureDelete: boolean) => {
      const store = openStore(pruneCopy);
      try {
        store.sqlite.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
        const repo = createLogRepo(store);
        const first = store.sqlite.prepare('select min(time_ms) as t from log_entries').get() as { t: number };
        const t1 = performance.now();
        let removed = 0;
        while (removed < 50_000) removed += repo.prune(first.t + 200_000 * 2_000, 20_000_000, 5_000);
        return performance.now() - t1;
      } finally {
        store.close();
      }
    };
    const off = pruneMs(false);
    const on = pruneMs(true);
    report({ name: 'log-prune-50k (secure_delete OFF, as before)', value: off, unit: 'ms' });
    report({ name: 'log-prune-50k (secure_delete ON)', value: on, unit: 'ms' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
