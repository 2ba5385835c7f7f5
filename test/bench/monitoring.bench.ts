/**
 * The health report `/healthz` answers, on a store of 100,000 jobs: the time to build one (it counts
 * the jobs of each connection by state), and what a flood of requests costs once one is built (the
 * report is kept for a second: monitoring.ts). `/healthz` needs no sign-in, so the second figure is
 * what a stranger hammering the port can make the engine do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import type { Template } from '../../shared/domain/template';
import { benchEngine } from './bench-engine';
import { report } from './report';
import { fillSubjectAccessStore } from './subject-access-fill';

const JOBS = 100_000;
const BUILDS = 20;
const FLOOD = 10_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it('health report: built, and kept, on a store of 100,000 jobs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-health-'));
  try {
    const first = benchEngine(dir, { startWorkers: false });
    await first.handlers.createReference({ name: 'SR number' });
    const template = (await first.handlers.saveTemplate({ draft: { name: 'Bench', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
    await first.close();
    fillSubjectAccessStore(join(dir, DATABASE_FILE), { cases: JOBS, entries: 0, templateId: template.id });

    const engine = benchEngine(dir, { startWorkers: false });
    try {
      const counted = engine.monitoring.report().connectors.tascomi.jobs;
      const total = Object.values(counted).reduce((a, b) => a + b, 0);
      if (total !== JOBS) throw new Error(`the report counted ${total} jobs, not ${JOBS}`);
      // Each build: a fresh report, as a metrics scrape builds one.
      const builds: number[] = [];
      for (let i = 0; i < BUILDS; i++) {
        const started = performance.now();
        await engine.monitoring.metrics.render();
        builds.push(performance.now() - started);
      }
      // The flood: requests in a row on the system clock, which build a report at most once a second
      // (without the keeping, 10,000 builds would take minutes).
      const started = performance.now();
      for (let i = 0; i < FLOOD; i++) engine.monitoring.report();
      const floodMs = performance.now() - started;
      report({ name: 'health report built (metrics scrape), 100,000 jobs, median', value: median(builds), unit: 'ms' });
      report({ name: `health report, ${FLOOD.toLocaleString('en-GB')} requests in a row, total`, value: floodMs, unit: 'ms', target: { op: '<=', value: 100 } });
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
