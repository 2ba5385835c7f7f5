/**
 * Queue throughput: 10,000 jobs enqueued, claimed and completed, every step its own durable commit
 * (WAL, synchronous=FULL), beside the plainjob SQLite queue measured in the same run with the same
 * durability. Prints `bench:` lines; it measures, it does not judge (always exits 0).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { better, defineQueue } from 'plainjob';
import { systemClock } from '../../electron/engine/clock';
import { createEngine } from '../../electron/engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';
import type { Template } from '../../shared/domain/template';
import { it } from 'vitest';
import { report } from './report';

const JOBS = 10_000;

async function ours(dir: string): Promise<Phases> {
  const engine = createEngine({
    dataDir: dir,
    host: 'headless',
    version: 'bench',
    clock: systemClock(),
    secrets: createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher),
    startWorkers: false,
  });
  await engine.handlers.createReference({ name: 'SR number' });
  const template = (await engine.handlers.saveTemplate({ draft: { name: 'Bench', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
  const queue = engine.jobs.queue;
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    queue.enqueue({ connector: 'tascomi', kind: 'create', caseId: `CASE-${i}`, templateId: template.id, templateVersion: template.version, referenceName: 'SR number' });
  }
  const enqueued = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const job = queue.claim('tascomi', 'bench', 60_000);
    if (!job) throw new Error(`job ${i} was not claimed`);
    queue.complete(job.id, 'bench', `SR-${job.id}`);
  }
  const done = performance.now();
  await engine.close();
  return phases(started, enqueued, done);
}

interface Phases {
  total: number;
  enqueue: number;
  claimComplete: number;
}

/** Jobs per second for the whole cycle and for each half. */
function phases(started: number, enqueued: number, done: number): Phases {
  const rate = (from: number, to: number) => JOBS / ((to - from) / 1000);
  return { total: rate(started, done), enqueue: rate(started, enqueued), claimComplete: rate(enqueued, done) };
}

function plainjob(dir: string): Phases {
  const db = new Database(join(dir, 'plainjob.sqlite'));
  const queue = defineQueue({ connection: better(db) });
  // plainjob sets synchronous=NORMAL when it starts; give it the same durability as ours (FULL).
  db.pragma('synchronous = FULL');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('plainjob: could not set synchronous=FULL');
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) queue.add('create', { caseId: `CASE-${i}` });
  const enqueued = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const job = queue.getAndMarkJobAsProcessing('create');
    if (!job) throw new Error(`plainjob job ${i} was not claimed`);
    queue.markJobAsDone(job.id);
  }
  const done = performance.now();
  queue.close();
  db.close();
  return phases(started, enqueued, done);
}

it('queue: 10,000 durable jobs, beside plainjob', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-'));
  try {
    // Alternate so neither always runs on a cold or a warm disk cache.
    const reference = plainjob(dir);
    const measured = await ours(join(dir, 'ours'));
    report({ name: 'queue-plainjob-10k (reference)', value: reference.total, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-enqueue (reference)', value: reference.enqueue, unit: 'jobs/s' });
    report({ name: 'queue-plainjob-claim-complete (reference)', value: reference.claimComplete, unit: 'jobs/s' });
    report({ name: 'queue-10k-durable', value: measured.total, unit: 'jobs/s', target: { op: '>=', value: reference.total } });
    report({ name: 'queue-enqueue', value: measured.enqueue, unit: 'jobs/s', target: { op: '>=', value: reference.enqueue } });
    report({ name: 'queue-claim-complete', value: measured.claimComplete, unit: 'jobs/s', target: { op: '>=', value: reference.claimComplete } });
    report({ name: 'queue-vs-plainjob', value: measured.total / reference.total, unit: 'x', target: { op: '>=', value: 1 } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
