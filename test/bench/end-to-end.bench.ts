/**
 * End to end: 2,000 Service Requests created by the engine's own worker against the Tascomi
 * emulator running in another process. The cases are stored through intake first; the clock runs
 * from the first job queued to the last job succeeded.
 *
 * The queue's own overhead per job is timed by wrapping every method of the engine's queue (and
 * intake's applyTemplate, which queues a job with its durable commit), the object the worker calls
 * through, so the product needs no hook: a job's figure is its enqueue, its share of the claimMany
 * commit that claimed it (the worker claims every free slot in one commit, so that commit's time is
 * split among the jobs it claimed) and its completion. Queue calls that return no job (claims that
 * found none due, countQueued, nextDueAt, lease renewals) are totalled beside it.
 *
 * The connection's rate limit is lifted (the limiter stays in every request's path, holding none
 * back): this measures the engine; rate-limit.bench.ts measures the limit and what keeping it costs.
 *
 * The default concurrency and the raised ones run in alternated rounds after a warm-up (best round
 * of each printed, with every round beside it), so no variant is always the colder or the warmer.
 * Prints `bench:` lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import type { Intake } from '../../electron/engine/cases/intake';
import type { Job, JobQueue } from '../../electron/engine/jobs/queue';
import flyTipping from '../../resources/sample-cases/fly-tipping.json';
import type { Template } from '../../shared/domain/template';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { benchEngine, fixedRateLimits, LIFTED_RATE_LIMIT } from './bench-engine';
import { alternatedRounds, best, cpuMsOf, median } from './measure';
import { report } from './report';
import { DEFAULT_RATE_LIMIT } from '../../shared/domain/rate-limit';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';

const CASES = 2_000;
const WARM_UP_CASES = 200;
const ROUNDS = Number(process.env.CASEBRIDGE_BENCH_E2E_ROUNDS ?? 3);
/** Extra runs with the Tascomi queue's concurrency setting raised, to see whether it is what limits
 * the rate (CASEBRIDGE_BENCH_CONCURRENCY=8,32 to choose others, 1 to 32; empty for none). */
const MORE_CONCURRENCY = (process.env.CASEBRIDGE_BENCH_CONCURRENCY ?? '16').split(',').filter(Boolean).map(Number);

interface QueueTiming {
  /** Milliseconds in the queue per job id. */
  perJob: Map<number, number>;
  /** Milliseconds of queue calls that returned no job, per method (claimMany: claims that found none). */
  noJob: Map<string, number>;
  stop(): void;
}

const isJob = (value: unknown): value is Job => typeof value === 'object' && value !== null && typeof (value as Job).id === 'number' && 'state' in value;

/**
 * Times every call into the queue (and intake's applyTemplate), the outermost only (applyTemplate's
 * enqueue is inside its time), and gives each call's time to the jobs it returned, shared equally.
 */
function timeQueue(queue: JobQueue, intake: Intake): QueueTiming {
  const perJob = new Map<number, number>();
  const noJob = new Map<string, number>();
  const add = <K>(map: Map<K, number>, key: K, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const restore: (() => void)[] = [];
  let depth = 0;
  const wrap = (target: object, name: string) => {
    const methods = target as Record<string, (...args: unknown[]) => unknown>;
    const original = methods[name]!;
    methods[name] = (...args) => {
      if (depth > 0) return original(...args);
      depth++;
      const started = performance.now();
      let result: unknown;
      try {
        result = original(...args);
      } finally {
        depth--;
      }
      const ms = performance.now() - started;
      const jobs = (Array.isArray(result) ? result : [result]).filter(isJob);
      if (jobs.length === 0) add(noJob, name, ms);
      for (const job of jobs) add(perJob, job.id, ms / jobs.length);
      return result;
    };
    restore.push(() => (methods[name] = original));
  };
  for (const name of Object.keys(queue)) if (typeof (queue as unknown as Record<string, unknown>)[name] === 'function') wrap(queue, name);
  wrap(intake, 'applyTemplate');
  return { perJob, noJob, stop: () => restore.forEach((undo) => undo()) };
}

interface Run {
  concurrency: number;
  rate: number;
  overheadMedianMs: number;
  queueingMs: number;
  /** Claims that found nothing due, and the other queue calls that return no job, in ms. */
  emptyClaimsMs: number;
  otherCallsMs: number;
  otherCalls: string[];
  retried: number;
  created: number;
  engineCpuMsPerSr: number;
  emulatorCpuMsPerSr?: number;
}

let runs = 0;

async function run(emulator: EmulatorProcess, concurrency: number | undefined, cases = CASES): Promise<Run> {
  runs++;
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-e2e-'));
  // The engine itself is measured: the limiter stays in every request's path but never holds one back
  // (rate-limit.bench.ts measures the limit, and what keeping it costs).
  const engine = benchEngine(dir, { rateLimits: fixedRateLimits(LIFTED_RATE_LIMIT) });
  try {
    const saved = await engine.handlers.saveTascomiSettings({
      enabled: true,
      baseUrl: emulator.baseUrl,
      publicKey: emulator.publicKey,
      privateKey: emulator.privateKey,
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 600,
      rateLimit: DEFAULT_RATE_LIMIT,
    });
    if (!saved.saved) throw new Error(`Tascomi settings were not saved: ${JSON.stringify(saved)}`);
    const queueSettings = await engine.handlers.getJobSettings({ connector: 'tascomi' });
    if (concurrency !== undefined) await engine.handlers.saveJobSettings({ connector: 'tascomi', settings: { ...queueSettings, concurrency } });
    const used = concurrency ?? queueSettings.concurrency;
    await engine.handlers.createReference({ name: 'SR number' });
    const template = (await engine.handlers.saveTemplate({
      draft: flyTippingCreateDraft(),
    })) as Template;
    // No rule matches, so intake only stores; the jobs are queued below, on the clock.
    const prefix = `BENCH-${runs}-`; // one emulator serves every run
    const ids = Array.from({ length: cases }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
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
        if (entry.outcome === 'succeeded' && ++done === cases) {
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
    timing.stop();
    const { claimMany: emptyClaimsMs = 0, ...other } = Object.fromEntries(timing.noJob);

    const jobs = ids.map((id) => queue.byCase(id)[0]);
    const succeeded = jobs.filter((j) => j?.state === 'succeeded').length;
    const retried = jobs.filter((j) => (j?.attempts ?? 0) > 1).length;
    const created = ((await (await fetch(`${emulator.adminUrl}/records/complaints`)).json()) as { external_reference?: string }[]).filter((r) =>
      r.external_reference?.startsWith(prefix),
    ).length;
    if (succeeded !== cases) throw new Error(`only ${succeeded} of ${cases} jobs succeeded`);
    if (timing.perJob.size !== cases) throw new Error(`the queue's time was given to ${timing.perJob.size} jobs, not ${cases}: the worker calls the queue some other way`);

    return {
      concurrency: used,
      rate: cases / seconds,
      overheadMedianMs: median([...timing.perJob.values()]),
      queueingMs: queuedMs,
      emptyClaimsMs,
      otherCallsMs: Object.values(other).reduce((a, b) => a + b, 0),
      otherCalls: Object.keys(other),
      retried,
      created,
      engineCpuMsPerSr: (cpu.user + cpu.system) / 1000 / cases,
      emulatorCpuMsPerSr: emulatorCpuBefore !== undefined && emulatorCpuAfter !== undefined ? (emulatorCpuAfter - emulatorCpuBefore) / cases : undefined,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('end to end: 2,000 Service Requests against the emulator in another process', async () => {
  const emulator = await startTascomiEmulatorProcess();
  try {
    await run(emulator, undefined, WARM_UP_CASES);
    const variants = [undefined, ...MORE_CONCURRENCY];
    const rounds = await alternatedRounds(ROUNDS, variants, (concurrency) => run(emulator, concurrency));
    for (const concurrency of variants) {
      const all = rounds.get(concurrency)!;
      const r = best(all, (x) => x.rate);
      const which = concurrency === undefined ? `default concurrency ${r.concurrency}` : `concurrency ${r.concurrency}`;
      const how = `${which}, best of ${all.length} alternated rounds`;
      const target = concurrency === undefined;
      report({ name: `e2e-sr-created (${how})`, value: r.rate, unit: 'SR/s', ...(target ? { target: { op: '>=', value: 500 } } : {}) });
      report({
        name: `e2e-queue-overhead-median (${which}, that round; per job: its enqueue with its durable commit, its share of the claimMany commit, its completion)`,
        value: r.overheadMedianMs,
        unit: 'ms/job',
        ...(target ? { target: { op: '<=', value: 1 } } : {}),
      });
      report({ name: `e2e-queueing-time (${which}, that round, interleaved with the worker)`, value: r.queueingMs, unit: 'ms' });
      report({ name: `e2e-empty-claims-total (${which}, that round: claimMany calls that found nothing due)`, value: r.emptyClaimsMs, unit: 'ms' });
      report({ name: `e2e-queue-other-calls-total (${which}, that round: ${r.otherCalls.join(', ') || 'none'})`, value: r.otherCallsMs, unit: 'ms' });
      report({ name: `e2e-jobs-retried (${which}, that round)`, value: r.retried, unit: 'jobs' });
      report({ name: `e2e-emulator-records (${which}, that round)`, value: r.created, unit: 'SR' });
      report({ name: `e2e-cpu-engine-process (${which}, that round)`, value: r.engineCpuMsPerSr, unit: 'ms/SR' });
      if (r.emulatorCpuMsPerSr !== undefined) report({ name: `e2e-cpu-emulator-process (${which}, that round)`, value: r.emulatorCpuMsPerSr, unit: 'ms/SR' });
      all.forEach((x, i) => report({ name: `e2e-round-${i + 1} (${which}; queue overhead median ${x.overheadMedianMs.toFixed(2)} ms/job)`, value: x.rate, unit: 'SR/s' }));
    }
  } finally {
    await emulator.stop();
  }
});
