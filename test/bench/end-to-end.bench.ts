/**
 * End to end: 2,000 Service Requests created by the engine's own worker against the Tascomi
 * emulator running in another process. The cases are stored through intake first; the clock runs
 * from the first job queued to the last job succeeded. The queue's own overhead per job (queueing it
 * with its durable commit + the claim that got it + complete) is timed by wrapping those methods on
 * the engine's intake and queue objects, which the bench and the worker call through, so the product
 * needs no hook. Prints `bench:` lines;
 * it measures, it does not judge (always exits 0).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import type { Intake } from '../../electron/engine/cases/intake';
import type { JobQueue } from '../../electron/engine/jobs/queue';
import flyTipping from '../../resources/sample-cases/fly-tipping.json';
import type { Template } from '../../shared/domain/template';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { benchEngine } from './bench-engine';
import { report } from './report';

const CASES = 2_000;
/** Extra runs with the Tascomi queue's concurrency setting raised, to see whether it is what limits
 * the rate (CASEBRIDGE_BENCH_CONCURRENCY=8,32 to choose others, 1 to 32; empty for none). */
const MORE_CONCURRENCY = (process.env.CASEBRIDGE_BENCH_CONCURRENCY ?? '16').split(',').filter(Boolean).map(Number);

/**
 * Milliseconds spent queueing a job and inside the queue, per job id. The enqueue side is the whole
 * of intake's applyTemplate, as its durable commit (the fsync that makes the job survive a power
 * cut) happens around the queue's insert, not in it.
 */
function timeQueue(queue: JobQueue, intake: Intake): { perJob: Map<number, number>; emptyClaimsMs: () => number } {
  const perJob = new Map<number, number>();
  let emptyClaims = 0;
  const add = (id: number, ms: number) => perJob.set(id, (perJob.get(id) ?? 0) + ms);
  const { claim, complete } = queue;
  const { applyTemplate } = intake;
  intake.applyTemplate = (caseId, templateId) => {
    const t = performance.now();
    const row = applyTemplate(caseId, templateId);
    add(row.id, performance.now() - t);
    return row;
  };
  queue.claim = (...args) => {
    const t = performance.now();
    const row = claim(...args);
    const ms = performance.now() - t;
    if (row) add(row.id, ms);
    else emptyClaims += ms;
    return row;
  };
  queue.complete = (id, ...rest) => {
    const t = performance.now();
    const row = complete(id, ...rest);
    add(id, performance.now() - t);
    return row;
  };
  return { perJob, emptyClaimsMs: () => emptyClaims };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU milliseconds a process has used so far (Linux /proc; undefined elsewhere). */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return undefined;
  }
}

interface Run {
  concurrency: number;
  rate: number;
  overheadMedianMs: number;
  queueingMs: number;
  emptyClaimsMs: number;
  retried: number;
  created: number;
  engineCpuMsPerSr: number;
  emulatorCpuMsPerSr?: number;
}

let runs = 0;

async function run(emulator: EmulatorProcess, concurrency: number | undefined): Promise<Run> {
  runs++;
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-e2e-'));
  const engine = benchEngine(dir);
  try {
    const saved = await engine.handlers.saveTascomiSettings({
      enabled: true,
      baseUrl: emulator.baseUrl,
      publicKey: emulator.publicKey,
      privateKey: emulator.privateKey,
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 600,
    });
    if (!saved.saved) throw new Error(`Tascomi settings were not saved: ${JSON.stringify(saved)}`);
    const queueSettings = await engine.handlers.getJobSettings({ connector: 'tascomi' });
    if (concurrency !== undefined) await engine.handlers.saveJobSettings({ connector: 'tascomi', settings: { ...queueSettings, concurrency } });
    const used = concurrency ?? queueSettings.concurrency;
    await engine.handlers.createReference({ name: 'SR number' });
    const template = (await engine.handlers.saveTemplate({
      draft: {
        name: 'Fly-tipping create',
        connector: 'tascomi',
        type: 'create',
        reference: 'SR number',
        rows: [
          { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
          { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
          { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
          { id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
        ],
      },
    })) as Template;
    // No rule matches, so intake only stores; the jobs are queued below, on the clock.
    const prefix = `BENCH-${runs}-`; // one emulator serves every run
    const ids = Array.from({ length: CASES }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
    for (const id of ids) {
      const received = engine.intake.receive({ ...flyTipping, id });
      if (!received.ok) throw new Error(`case ${id} was not stored: ${JSON.stringify(received)}`);
    }
    // Code lists are fetched once and cached; warm them so the run measures Service Requests.
    await engine.handlers.refreshTascomiCodeLists({});

    const queue = engine.jobs.queue;
    const timing = timeQueue(queue, engine.intake);
    const finished = new Promise<void>((resolve, reject) => {
      let done = 0;
      const off = engine.on('log', (entry) => {
        if (entry.outcome === 'succeeded' && ++done === CASES) {
          off();
          resolve();
        } else if (entry.outcome === 'failed' || entry.outcome === 'dead') {
          off();
          reject(new Error(`job ${entry.jobId} ${entry.outcome}: ${entry.message}`));
        }
      });
    });
    finished.catch(() => undefined); // awaited below; a failure while queueing must not go unhandled
    const emulatorCpuBefore = cpuMsOf(emulator.child.pid);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // As webhooks arrive: one case at a time, the worker running between them.
    for (const id of ids) {
      engine.intake.applyTemplate(id, template.id);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const queuedMs = performance.now() - started;
    await finished;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const emulatorCpuAfter = cpuMsOf(emulator.child.pid);

    const jobs = ids.map((id) => queue.byCase(id)[0]);
    const succeeded = jobs.filter((j) => j?.state === 'succeeded').length;
    const retried = jobs.filter((j) => (j?.attempts ?? 0) > 1).length;
    const created = ((await (await fetch(`${emulator.adminUrl}/records/complaints`)).json()) as { external_reference?: string }[]).filter((r) =>
      r.external_reference?.startsWith(prefix),
    ).length;
    if (succeeded !== CASES) throw new Error(`only ${succeeded} of ${CASES} jobs succeeded`);

    return {
      concurrency: used,
      rate: CASES / seconds,
      overheadMedianMs: median([...timing.perJob.values()]),
      queueingMs: queuedMs,
      emptyClaimsMs: timing.emptyClaimsMs(),
      retried,
      created,
      engineCpuMsPerSr: (cpu.user + cpu.system) / 1000 / CASES,
      emulatorCpuMsPerSr: emulatorCpuBefore !== undefined && emulatorCpuAfter !== undefined ? (emulatorCpuAfter - emulatorCpuBefore) / CASES : undefined,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('end to end: 2,000 Service Requests against the emulator in another process', async () => {
  const emulator = await startTascomiEmulatorProcess();
  try {
    const runs = [await run(emulator, undefined)];
    for (const concurrency of MORE_CONCURRENCY) runs.push(await run(emulator, concurrency));
    const [main, ...more] = runs;
    report({ name: `e2e-sr-created (default concurrency ${main!.concurrency})`, value: main!.rate, unit: 'SR/s', target: { op: '>=', value: 500 } });
    report({ name: 'e2e-queue-overhead-median', value: main!.overheadMedianMs, unit: 'ms/job', target: { op: '<=', value: 1 } });
    for (const r of more) {
      report({ name: `e2e-sr-created (concurrency ${r.concurrency})`, value: r.rate, unit: 'SR/s', target: { op: '>=', value: 500 } });
      report({ name: `e2e-queue-overhead-median (concurrency ${r.concurrency})`, value: r.overheadMedianMs, unit: 'ms/job' });
    }
    for (const r of runs) {
      report({ name: `e2e-queueing-time (concurrency ${r.concurrency}, interleaved with the worker)`, value: r.queueingMs, unit: 'ms' });
      report({ name: `e2e-empty-claims-total (concurrency ${r.concurrency})`, value: r.emptyClaimsMs, unit: 'ms' });
      report({ name: `e2e-jobs-retried (concurrency ${r.concurrency})`, value: r.retried, unit: 'jobs' });
      report({ name: `e2e-emulator-records (concurrency ${r.concurrency})`, value: r.created, unit: 'SR' });
      report({ name: `e2e-cpu-engine-process (concurrency ${r.concurrency})`, value: r.engineCpuMsPerSr, unit: 'ms/SR' });
      if (r.emulatorCpuMsPerSr !== undefined) report({ name: `e2e-cpu-emulator-process (concurrency ${r.concurrency})`, value: r.emulatorCpuMsPerSr, unit: 'ms/SR' });
    }
  } finally {
    await emulator.stop();
  }
});
