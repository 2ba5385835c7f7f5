/**
 * The case webhook under a CRM's backlog: a real engine and its webhook listener in this process,
 * and 16 concurrent keep-alive posters in another (webhook-posters.ts), posting new signed cases
 * (the sample cases, each with its own id and details). After a warm-up of 2,000, 20,000 cases are
 * timed: cases accepted per second and the latency the posters see (p50, p99). Durability: every
 * 202 follows an fsync of the WAL made after the commit that holds its case (intake-batch.ts); the
 * fsyncs are counted by wrapping the store's durable() and syncToDisk(), so the figure is measured,
 * not assumed. No rules
 * apply: this is intake alone (storing the case); the jobs a rule would queue are measured by the
 * queue and end-to-end benches. Also printed: the engine's CPU per case (less sensitive to other
 * load on a shared machine than the rate) and the load average. Prints `bench:` lines; it measures,
 * it does not judge.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it, vi } from 'vitest';
import { benchEngine } from './bench-engine';
import { report } from './report';

const POSTERS = 16;
const WARM_UP = 2_000;
const CASES = Number(process.env.CASEBRIDGE_BENCH_WEBHOOK_CASES ?? 20_000);
const SECRET = 'webhook-bench-shared-secret-0123456789';
const ROOT = resolve(import.meta.dirname, '../..');

// The engine does not expose its store: count its fsyncs (outermost durable() commits, and
// syncToDisk() calls, which each fsync the WAL).
const spy = vi.hoisted(() => ({ fsyncs: 0, sqlite: undefined as undefined | import('better-sqlite3').Database }));
vi.mock('../../electron/engine/store/open-store', async (importOriginal) =>
  (await import('./observe-store')).observeOpenStore(await importOriginal(), (store) => {
    spy.sqlite = store.sqlite;
    const { durable, syncToDisk } = store;
    store.durable = (fn) => {
      if (!store.sqlite.inTransaction) spy.fsyncs++; // the outermost durable commit
      return durable(fn);
    };
    store.syncToDisk = () => {
      spy.fsyncs++;
      return syncToDisk();
    };
  }),
);

interface Run {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerCase: number;
  fsyncsPerCase: number;
}

/** Runs the posters against a fresh engine; `count` cases timed after the warm-up. */
async function run(label: string, count: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-webhook-'));
  const engine = benchEngine(dir, { startWorkers: false });
  try {
    const intake = await engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
    if (!intake.status.listening) throw new Error(`the webhook is not listening: ${intake.status.problem}`);
    const prefix = `WH-${label}-`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/webhook-posters.ts', intake.status.url!, String(POSTERS), String(WARM_UP), String(count), prefix], {
      cwd: ROOT,
      env: { ...process.env, CASEBRIDGE_BENCH_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let measuring: { cpu: NodeJS.CpuUsage; commits: number } | undefined;
    let finished: { cpu: NodeJS.CpuUsage; commits: number } | undefined;
    child.stderr!.on('data', (d) => (output += d));
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      // Sampled as the lines arrive: the engine's event loop reads them between requests.
      if (!measuring && output.includes('measuring\n')) measuring = { cpu: process.cpuUsage(), commits: spy.fsyncs };
      if (!finished && /^done /m.test(output)) finished = { cpu: process.cpuUsage(), commits: spy.fsyncs };
    });
    const code = await new Promise<number | null>((done, fail) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`the posters did not finish in 10 minutes:\n${output}`));
      }, 10 * 60_000);
      child.once('error', fail);
      child.once('exit', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    const done = /^done (.*)$/m.exec(output)?.[1];
    if (code !== 0 || !done || !measuring || !finished) throw new Error(`the posters failed (exit ${code}):\n${output}`);
    const result = JSON.parse(done) as { count: number; seconds: number; p50Ms: number; p99Ms: number; refused: Record<string, number> };
    const stored = (spy.sqlite!.prepare('SELECT count(*) AS n FROM cases WHERE id LIKE ?').get(`${prefix}%`) as { n: number }).n;
    if (stored !== WARM_UP + count) throw new Error(`${stored} cases stored, ${WARM_UP + count} were accepted`);
    const cpuMs = (finished.cpu.user - measuring.cpu.user + finished.cpu.system - measuring.cpu.system) / 1000;
    return {
      rate: count / result.seconds,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      cpuMsPerCase: cpuMs / count,
      fsyncsPerCase: (finished.commits - measuring.commits) / count,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('webhook: new signed cases accepted per second with their durable commit, from 16 concurrent keep-alive posters', async () => {
  const result = await run('bench', CASES);
  const load = loadavg()[0]!.toFixed(2);
  const how = `${POSTERS} keep-alive posters in another process, every 202 after an fsync'd commit, no rules, load ${load}`;
  report({ name: `webhook-cases-accepted (${how})`, value: result.rate, unit: 'cases/s', target: { op: '>=', value: 3_000 } });
  report({ name: 'webhook-latency-p99', value: result.p99Ms, unit: 'ms', target: { op: '<=', value: 50 } });
  report({ name: 'webhook-latency-p50', value: result.p50Ms, unit: 'ms' });
  report({ name: 'webhook-cpu-engine-process', value: result.cpuMsPerCase, unit: 'ms/case' });
  report({ name: 'webhook-fsyncs', value: result.fsyncsPerCase, unit: 'fsyncs/case' });
});
