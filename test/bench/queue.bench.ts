/**
 * Queue throughput: 10,000 jobs enqueued, claimed and completed, each step its own commit, beside the
 * plainjob SQLite queue measured in the same run, at equal durability in every phase: the enqueue
 * and the claim fsynced (a job promised; an attempt counted before its request leaves), the
 * completion a WAL commit without fsync (it survives the app being killed; its loss to a power cut
 * only re-runs the job, which looks before resending). Ours gets that from durable() (open-store.ts);
 * plainjob, which ships with no fsync at all (synchronous=NORMAL), gets the same pragma around its add
 * and its claim here. plainjob as shipped is printed too, for reference.
 *
 * The fsyncs are counted, not assumed: a sample of jobs goes through every queue under strace first
 * (fsync-count.ts), and the bench fails unless each phase makes the fsyncs it states (so it fails if
 * durable() stopped syncing). Each line says what each side fsyncs.
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
import { it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { createJobRepo } from '../../electron/engine/store/job-repo';
import { openStore } from '../../electron/engine/store/open-store';
import type { Template } from '../../shared/domain/template';
import { benchEngine } from './bench-engine';
import { countFsyncs } from './fsync-count';
import { report } from './report';

const JOBS = 10_000;
const CHUNK = 500;
/** Jobs per queue counted under strace. */
const SAMPLE = 20;
const LEASE_MS = 30 * 60_000;
const PHASES = ['enqueue', 'claim', 'complete'] as const;
type Phase = (typeof PHASES)[number];
/** Fsyncs per job in each phase: what the comparison is at, and what plainjob does as shipped. */
const EQUAL: Record<Phase, number> = { enqueue: 1, claim: 1, complete: 0 };
const NONE: Record<Phase, number> = { enqueue: 0, claim: 0, complete: 0 };

/** One queue under test, and the time it spent in each phase. */
interface Contender {
  who: string;
  /** Fsyncs per job each phase must make for the figures to mean what they say. */
  fsyncs: Record<Phase, number>;
  enqueue(caseId: string): void;
  /** Claims the next job; answers its id. */
  claim(): number;
  complete(id: number): void;
  close(): Promise<void>;
  ms: Record<Phase, number>;
}

const timings = (): Record<Phase, number> => ({ enqueue: 0, claim: 0, complete: 0 });

const claimed = (id: number | undefined, who: string): number => {
  if (id === undefined) throw new Error(`${who}: no job was claimed`);
  return id;
};

async function benchTemplate(engine: Engine): Promise<Template> {
  await engine.handlers.createReference({ name: 'SR number' });
  return (await engine.handlers.saveTemplate({ draft: { name: 'Bench', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
}

/** The queue as the engine runs it: queue.ts (clock, per-connector policy, change events) over job-repo. */
async function ours(dir: string): Promise<Contender> {
  const engine = benchEngine(dir, { startWorkers: false });
  const template = await benchTemplate(engine);
  const queue = engine.jobs.queue;
  const who = 'casebridge';
  return {
    who,
    fsyncs: EQUAL,
    enqueue: (caseId) =>
      void queue.enqueue({ connector: 'tascomi', kind: 'create', caseId, templateId: template.id, templateVersion: template.version, referenceName: 'SR number' }),
    claim: () => claimed(queue.claim('tascomi', 'bench', LEASE_MS)?.id, who),
    complete: (id) => void queue.complete(id, 'bench', `SR-${id}`),
    close: () => engine.close(),
    ms: timings(),
  };
}

/** job-repo alone (its SQL and commits, without queue.ts), on a store the engine made and closed. */
async function storeOnly(dir: string): Promise<Contender> {
  const engine = benchEngine(dir, { startWorkers: false });
  const template = await benchTemplate(engine);
  await engine.close();
  const store = openStore(join(dir, 'casebridge.sqlite'));
  const repo = createJobRepo(store);
  const job = { connector: 'tascomi', kind: 'create' as const, templateId: template.id, templateVersion: template.version, referenceName: 'SR number', maxAttempts: 10 };
  const who = 'casebridge job-repo';
  return {
    who,
    fsyncs: EQUAL,
    enqueue: (caseId) => void repo.insert({ ...job, caseId }, Date.now()),
    claim: () => {
      const now = Date.now();
      return claimed(repo.claim('tascomi', 'bench', now + LEASE_MS, now)?.id, who);
    },
    complete: (id) => void repo.succeed(id, 'bench', `SR-${id}`, Date.now()),
    close: async () => store.close(),
    ms: timings(),
  };
}

function plainjob(dir: string, fsyncs: Record<Phase, number>): Contender {
  const db = new Database(join(dir, 'plainjob.sqlite'));
  const queue = defineQueue({ connection: better(db) });
  // As durable() does for ours: an fsync for this commit only (plainjob's defineQueue set NORMAL).
  const synced = <T>(phase: Phase, fn: () => T): T => {
    if (fsyncs[phase] === 0) return fn();
    db.exec('PRAGMA synchronous = FULL');
    try {
      return fn();
    } finally {
      db.exec('PRAGMA synchronous = NORMAL');
    }
  };
  const who = fsyncs === NONE ? 'plainjob as shipped' : 'plainjob';
  return {
    who,
    fsyncs,
    enqueue: (caseId) => void synced('enqueue', () => queue.add('create', { caseId })),
    claim: () => claimed(synced('claim', () => queue.getAndMarkJobAsProcessing('create'))?.id, who),
    complete: (id) => void synced('complete', () => queue.markJobAsDone(id)),
    close: async () => queue.close(),
    ms: timings(),
  };
}

/**
 * Sends SAMPLE jobs through every queue under strace; throws unless each phase made the fsyncs per
 * job its queue states (a checkpoint's few extra fsyncs round away).
 */
async function checkFsyncs(contenders: Contender[]): Promise<void> {
  const counts = await countFsyncs((phase) => {
    for (const c of contenders) {
      phase(`${c.who}/enqueue`);
      for (let i = 0; i < SAMPLE; i++) c.enqueue(`SAMPLE-${i}`);
      const ids: number[] = [];
      phase(`${c.who}/claim`);
      for (let i = 0; i < SAMPLE; i++) ids.push(c.claim());
      phase(`${c.who}/complete`);
      for (const id of ids) c.complete(id);
    }
  });
  for (const c of contenders) {
    for (const p of PHASES) {
      const perJob = (counts.get(`${c.who}/${p}`) ?? NaN) / SAMPLE;
      if (Math.round(perJob) !== c.fsyncs[p]) {
        throw new Error(
          `${c.who}: each ${p} made ${perJob.toFixed(2)} fsyncs (counted with strace over ${SAMPLE} jobs), not ${c.fsyncs[p]}; the comparison would not be at the durability it states${c.who.startsWith('casebridge') && c.fsyncs[p] > 0 ? ' (does durable() in open-store.ts still sync?)' : ''}`,
        );
      }
    }
  }
}

/** Runs every job through `steps`, CHUNK at a time per contender, taking turns; adds each phase's time. */
function takeTurns(contenders: Contender[], steps: (c: Contender, i: number, time: (p: Phase, fn: () => void) => void) => void): void {
  for (let from = 0, turn = 0; from < JOBS; from += CHUNK, turn++) {
    for (const c of turn % 2 === 0 ? contenders : [...contenders].reverse()) {
      const time = (p: Phase, fn: () => void) => {
        const started = performance.now();
        fn();
        c.ms[p] += performance.now() - started;
      };
      for (let i = from; i < Math.min(from + CHUNK, JOBS); i++) steps(c, i, time);
    }
  }
}

const perSecond = (ms: number) => JOBS / (ms / 1000);
const rates = (c: Contender) => ({
  total: perSecond(c.ms.enqueue + c.ms.claim + c.ms.complete),
  enqueue: perSecond(c.ms.enqueue),
  claim: perSecond(c.ms.claim),
  complete: perSecond(c.ms.complete),
});
const fsyncWords = (fsyncs: Record<Phase, number>) => PHASES.map((p) => `${p} ${fsyncs[p]}`).join(', ');

it('queue: 10,000 jobs, beside plainjob at equal durability', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-'));
  const fresh = (name: string) => mkdtempSync(join(dir, `${name}-`));
  const contenders: Contender[] = [];
  try {
    const reference = plainjob(fresh('plainjob'), EQUAL);
    contenders.push(reference);
    const shipped = plainjob(fresh('plainjob-shipped'), NONE);
    contenders.push(shipped);
    const measured = await ours(fresh('ours'));
    contenders.push(measured);
    const store = await storeOnly(fresh('store'));
    contenders.push(store);
    await checkFsyncs(contenders);
    takeTurns(contenders, (c, i, time) => time('enqueue', () => c.enqueue(`CASE-${i}`)));
    takeTurns(contenders, (c, _i, time) => {
      let id = 0;
      time('claim', () => (id = c.claim()));
      time('complete', () => c.complete(id));
    });

    const ref = rates(reference);
    const our = rates(measured);
    const repo = rates(store);
    const loose = rates(shipped);
    const counted = `fsyncs per job, counted with strace: ${fsyncWords(EQUAL)}, on both sides`;
    report({ name: `queue-10k-durable (${counted})`, value: our.total, unit: 'jobs/s', target: { op: '>=', value: ref.total } });
    report({ name: 'queue-vs-plainjob (same fsyncs)', value: our.total / ref.total, unit: 'x', target: { op: '>=', value: 1 } });
    report({ name: 'queue-enqueue (1 fsync per job, both sides)', value: our.enqueue, unit: 'jobs/s', target: { op: '>=', value: ref.enqueue } });
    report({ name: 'queue-claim (1 fsync per job, both sides)', value: our.claim, unit: 'jobs/s', target: { op: '>=', value: ref.claim } });
    report({ name: 'queue-complete (no fsync, both sides)', value: our.complete, unit: 'jobs/s', target: { op: '>=', value: ref.complete } });
    report({ name: `queue-plainjob-10k (reference; ${fsyncWords(EQUAL)} fsyncs per job, counted)`, value: ref.total, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-enqueue (reference, 1 fsync per job)', value: ref.enqueue, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-claim (reference, 1 fsync per job)', value: ref.claim, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-complete (reference, no fsync)', value: ref.complete, unit: 'jobs/s' });
    report({ name: `queue-store-only-10k (job-repo without queue.ts; ${fsyncWords(EQUAL)} fsyncs per job, counted)`, value: repo.total, unit: 'jobs/s' });
    report({ name: 'queue-store-only-vs-plainjob', value: repo.total / ref.total, unit: 'x' });
    report({ name: 'queue-plainjob-as-shipped-10k (no fsync at all, counted; for reference)', value: loose.total, unit: 'jobs/s' });
    report({ name: 'queue-vs-plainjob-as-shipped (ours fsyncs, it does not)', value: our.total / loose.total, unit: 'x' });
  } finally {
    for (const c of contenders) await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
