/**
 * Queue throughput: 10,000 jobs enqueued, claimed and completed, each step its own commit, beside the
 * plainjob SQLite queue measured in the same run. Prints `bench:` lines; it measures, it does not
 * judge (always exits 0).
 *
 * Durability, stated and checked rather than assumed. Ours fsyncs (synchronous=FULL) the enqueue and
 * the claim, the commits that must survive a power cut (a job promised; an attempt counted before its
 * request leaves); a completion is a WAL commit without fsync (synchronous=NORMAL), which survives the
 * app being killed, and whose loss to a power cut only re-runs the job, which looks before resending.
 * plainjob is measured twice: with every commit fsynced (FULL, set after its defineQueue, which sets
 * NORMAL), the target; and as it ships (NORMAL, no fsync at all), for reference. Each connection's
 * `PRAGMA synchronous` is read before and after the timed work.
 *
 * The machine is shared and fsync latency swings several-fold from one second to the next, so the
 * queues run side by side in chunks of 500 jobs, taking turns (mirrored order each chunk): a burst
 * of load from elsewhere falls on all of them alike.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { better, defineQueue } from 'plainjob';
import { it, vi } from 'vitest';
import { createEngine } from '../../electron/engine/engine';
import { createJobRepo } from '../../electron/engine/store/job-repo';
import { openStore } from '../../electron/engine/store/open-store';
import type { Template } from '../../shared/domain/template';
import { benchEngine } from './bench-engine';
import { report } from './report';

const JOBS = 10_000;
const CHUNK = 500;
const FULL = 2;
const NORMAL = 1;

// The engine does not expose its connection; keep the one it opens so its durability can be read.
const opened = vi.hoisted(() => ({ sqlite: undefined as undefined | import('better-sqlite3').Database }));
vi.mock('../../electron/engine/store/open-store', async (importOriginal) =>
  (await import('./observe-store')).observeOpenStore(await importOriginal(), (store) => (opened.sqlite = store.sqlite)),
);

function requireLevel(db: Database.Database, expected: number, who: string): void {
  const level = db.pragma('synchronous', { simple: true });
  if (level !== expected) throw new Error(`${who}: synchronous is ${String(level)}, not ${expected}; the comparison would not be the one reported`);
}

/** One queue under test: enqueue job i; claim the next job and complete it. */
interface Contender {
  enqueue(i: number): void;
  claimComplete(i: number): void;
  /** Throws unless the connection is at the durability reported (ours: NORMAL outside durable()). */
  checkDurability(): void;
  close(): Promise<void>;
  enqueueMs: number;
  claimCompleteMs: number;
}

const newEngine = (dir: string) => benchEngine(dir, { startWorkers: false });

async function benchTemplate(engine: ReturnType<typeof createEngine>): Promise<Template> {
  await engine.handlers.createReference({ name: 'SR number' });
  return (await engine.handlers.saveTemplate({ draft: { name: 'Bench', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
}

/** The queue as the engine runs it: queue.ts (clock, per-connector policy, change events) over job-repo. */
async function ours(dir: string): Promise<Contender> {
  const engine = newEngine(dir);
  const sqlite = opened.sqlite!;
  const template = await benchTemplate(engine);
  const queue = engine.jobs.queue;
  return {
    enqueue: (i) =>
      void queue.enqueue({ connector: 'tascomi', kind: 'create', caseId: `CASE-${i}`, templateId: template.id, templateVersion: template.version, referenceName: 'SR number' }),
    claimComplete(i) {
      const job = queue.claim('tascomi', 'bench', 60_000);
      if (!job) throw new Error(`job ${i} was not claimed`);
      queue.complete(job.id, 'bench', `SR-${job.id}`);
    },
    checkDurability: () => requireLevel(sqlite, NORMAL, 'casebridge'),
    close: () => engine.close(),
    enqueueMs: 0,
    claimCompleteMs: 0,
  };
}

/** job-repo alone (its SQL and commits, without queue.ts), on a store the engine made and closed. */
async function storeOnly(dir: string): Promise<Contender> {
  const engine = newEngine(dir);
  const template = await benchTemplate(engine);
  await engine.close();
  const store = openStore(join(dir, 'casebridge.sqlite'));
  const repo = createJobRepo(store);
  const job = { connector: 'tascomi', kind: 'create' as const, templateId: template.id, templateVersion: template.version, referenceName: 'SR number', maxAttempts: 10 };
  return {
    enqueue: (i) => void repo.insert({ ...job, caseId: `CASE-${i}` }, Date.now()),
    claimComplete(i) {
      const now = Date.now();
      const claimed = repo.claim('tascomi', 'bench', now + 60_000, now);
      if (!claimed) throw new Error(`job ${i} was not claimed`);
      repo.succeed(claimed.id, 'bench', `SR-${claimed.id}`, Date.now());
    },
    checkDurability: () => requireLevel(store.sqlite, NORMAL, 'casebridge store'),
    close: async () => store.close(),
    enqueueMs: 0,
    claimCompleteMs: 0,
  };
}

function plainjob(dir: string, level: 'FULL' | 'as shipped'): Contender {
  const db = new Database(join(dir, 'plainjob.sqlite'));
  const queue = defineQueue({ connection: better(db) });
  // plainjob sets synchronous=NORMAL when it starts; FULL is set after it for the fsynced run.
  if (level === 'FULL') db.pragma('synchronous = FULL');
  return {
    enqueue: (i) => void queue.add('create', { caseId: `CASE-${i}` }),
    claimComplete(i) {
      const job = queue.getAndMarkJobAsProcessing('create');
      if (!job) throw new Error(`plainjob job ${i} was not claimed`);
      queue.markJobAsDone(job.id);
    },
    checkDurability: () => requireLevel(db, level === 'FULL' ? FULL : NORMAL, `plainjob (${level})`),
    close: async () => queue.close(),
    enqueueMs: 0,
    claimCompleteMs: 0,
  };
}

/** Runs `step` for every job, CHUNK at a time per contender, taking turns; adds each one's time. */
function takeTurns(contenders: Contender[], step: (c: Contender, i: number) => void, add: (c: Contender, ms: number) => void): void {
  for (let from = 0, turn = 0; from < JOBS; from += CHUNK, turn++) {
    const order = turn % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      const started = performance.now();
      for (let i = from; i < Math.min(from + CHUNK, JOBS); i++) step(c, i);
      add(c, performance.now() - started);
    }
  }
}

/** Jobs per second: the whole cycle and each half. */
function rates(c: Contender) {
  const perSecond = (ms: number) => JOBS / (ms / 1000);
  return { total: perSecond(c.enqueueMs + c.claimCompleteMs), enqueue: perSecond(c.enqueueMs), claimComplete: perSecond(c.claimCompleteMs) };
}

it('queue: 10,000 jobs, beside plainjob', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-'));
  const fresh = (name: string) => mkdtempSync(join(dir, `${name}-`));
  const contenders: Contender[] = [];
  try {
    const reference = plainjob(fresh('plainjob'), 'FULL');
    contenders.push(reference);
    const shipped = plainjob(fresh('plainjob-shipped'), 'as shipped');
    contenders.push(shipped);
    const measured = await ours(fresh('ours'));
    contenders.push(measured);
    const store = await storeOnly(fresh('store'));
    contenders.push(store);
    for (const c of contenders) c.checkDurability();
    takeTurns(
      contenders,
      (c, i) => c.enqueue(i),
      (c, ms) => (c.enqueueMs += ms),
    );
    takeTurns(
      contenders,
      (c, i) => c.claimComplete(i),
      (c, ms) => (c.claimCompleteMs += ms),
    );
    for (const c of contenders) c.checkDurability();

    const ref = rates(reference);
    const our = rates(measured);
    const repo = rates(store);
    const loose = rates(shipped);
    report({ name: 'queue-plainjob-10k (reference, every commit fsynced)', value: ref.total, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-enqueue (reference)', value: ref.enqueue, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-claim-complete (reference)', value: ref.claimComplete, unit: 'jobs/s' });
    report({ name: 'queue-10k-durable', value: our.total, unit: 'jobs/s', target: { op: '>=', value: ref.total } });
    report({ name: 'queue-enqueue', value: our.enqueue, unit: 'jobs/s', target: { op: '>=', value: ref.enqueue } });
    report({ name: 'queue-claim-complete', value: our.claimComplete, unit: 'jobs/s', target: { op: '>=', value: ref.claimComplete } });
    report({ name: 'queue-vs-plainjob', value: our.total / ref.total, unit: 'x', target: { op: '>=', value: 1 } });
    report({ name: 'queue-store-only-10k (job-repo without queue.ts)', value: repo.total, unit: 'jobs/s' });
    report({ name: 'queue-store-only-enqueue', value: repo.enqueue, unit: 'jobs/s' });
    report({ name: 'queue-store-only-claim-complete', value: repo.claimComplete, unit: 'jobs/s' });
    report({ name: 'queue-store-only-vs-plainjob', value: repo.total / ref.total, unit: 'x' });
    report({ name: 'queue-plainjob-as-shipped-10k (no fsync at all, for reference)', value: loose.total, unit: 'jobs/s' });
    report({ name: 'queue-vs-plainjob-as-shipped', value: our.total / loose.total, unit: 'x' });
  } finally {
    for (const c of contenders) await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
