import { afterEach, describe, expect, it } from 'vitest';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { ConnectorError } from '../../../../electron/engine/connectors/errors';
import { seededRandom } from '../../../../electron/engine/jobs/backoff';
import { createCircuitBreaker } from '../../../../electron/engine/jobs/circuit-breaker';
import type { Job } from '../../../../electron/engine/jobs/queue';
import { createWorker, type WorkerOptions } from '../../../../electron/engine/jobs/worker';
import type { Clock } from '../../../../electron/engine/clock';
import { settlesWithin } from '../../../support/hang-guard';
import { manualClock } from '../../../support/manual-clock';
import { cleanupHarnesses, connectorError, queueHarness, type QueueHarness } from './helpers';

afterEach(cleanupHarnesses);

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A tick the test fires by hand: the worker, waiting on running attempts, wakes to renew their leases. */
function manualTicks() {
  const waiting: (() => void)[] = [];
  return {
    tick: () => {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      waiting.push(resolve);
      return { done, cancel: () => {} };
    },
    /** Fires every pending tick and lets the worker take its turn. */
    async fire() {
      waiting.splice(0).forEach((resolve) => resolve());
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

function worker<C extends Clock>(h: QueueHarness<C>, execute: WorkerOptions['execute'], extra: Partial<WorkerOptions> = {}) {
  const log: NewLogEntry[] = [];
  const w = createWorker({
    queue: h.queue,
    breaker: createCircuitBreaker(h.clock),
    clock: h.clock,
    connector: 'tascomi',
    concurrency: 4,
    leaseMs: 120_000,
    execute,
    log: (e) => log.push(e),
    ...extra,
  });
  return { w, log };
}

describe('worker', () => {
  it('with an executor that fails 30% of the time, finishes every job within 10 attempts', async () => {
    const h = queueHarness({ random: seededRandom(3) });
    const ids = Array.from({ length: 60 }, (_, i) => h.queue.enqueue(h.job({ caseId: `CRM-${i}` })).id);
    const chance = seededRandom(99);
    const kinds = ['connection', 'timeout', 'remote', 'rate_limit'] as const;
    let calls = 0;
    const { w, log } = worker(h, async (job) => {
      calls++;
      await Promise.resolve();
      if (chance() < 0.3) throw new ConnectorError({ kind: kinds[calls % kinds.length]!, mayHaveApplied: true });
      return { result: `SR-${job.caseId}` };
    });
    await w.runUntilIdle();
    const jobs = ids.map((id) => h.queue.get(id)!);
    expect(jobs.every((j) => j.state === 'succeeded')).toBe(true);
    expect(Math.max(...jobs.map((j) => j.attempts))).toBeLessThanOrEqual(10);
    expect(jobs.map((j) => j.result)).toEqual(ids.map((_, i) => `SR-CRM-${i}`));
    expect(calls).toBe(jobs.reduce((n, j) => n + j.attempts, 0));
    expect(calls).toBeGreaterThan(60);
    expect(log.filter((e) => e.outcome === 'succeeded')).toHaveLength(60);
    expect(log.filter((e) => e.outcome === 'will_retry')).toHaveLength(calls - 60);
    expect(w.running()).toBe(0);
  });

  it('never runs more than `concurrency` attempts at once', async () => {
    const h = queueHarness();
    for (let i = 0; i < 20; i++) h.queue.enqueue(h.job({ caseId: `CRM-${i}` }));
    let now = 0;
    let peak = 0;
    const { w } = worker(
      h,
      async () => {
        peak = Math.max(peak, ++now);
        await new Promise((r) => setImmediate(r));
        now--;
        return { result: 'SR' };
      },
      { concurrency: 3 },
    );
    await w.runUntilIdle();
    expect(peak).toBe(3);
    expect(h.queue.countQueued('tascomi')).toBe(0);
  });

  it('while the remote is down, the breaker stops claiming so waiting jobs keep their attempts', async () => {
    const h = queueHarness({ random: seededRandom(5) });
    const ids = Array.from({ length: 10 }, (_, i) => h.queue.enqueue(h.job({ caseId: `CRM-${i}` })).id);
    const upAt = h.clock.now().toMillis() + 20 * 60_000;
    const { w } = worker(
      h,
      async (job) => {
        if (h.clock.now().toMillis() < upAt) throw new ConnectorError({ kind: 'connection', code: 'ECONNREFUSED' });
        return { result: `SR-${job.id}` };
      },
      { concurrency: 1 },
    );
    await w.runUntilIdle();
    const jobs = ids.map((id) => h.queue.get(id)!);
    expect(jobs.every((j) => j.state === 'succeeded')).toBe(true);
    expect(h.clock.now().toMillis()).toBeGreaterThanOrEqual(upAt);
    // 20 minutes down: without the breaker each job would have spent its 10 attempts and died.
    const total = jobs.reduce((n, j) => n + j.attempts, 0);
    expect(total).toBeLessThan(40);
  });

  it('sweeps leases left by a crashed worker at start, and the retry sees outcome_unknown', async () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'crashed', 60_000);
    h.clock.advance(60_000);
    const seen: Job[] = [];
    const { w, log } = worker(h, async (j) => {
      seen.push(j);
      return { result: 'SR-9' };
    });
    await w.runUntilIdle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: job.id, attempts: 2, outcomeUnknown: true, lastErrorClass: 'lease_expired' });
    expect(h.queue.get(job.id)).toMatchObject({ state: 'succeeded', result: 'SR-9', outcomeUnknown: false });
    expect(log[0]).toMatchObject({ level: 'warn', outcome: 'will_retry', jobId: job.id });
  });

  it('renews the lease of an attempt that outlasts it: a sweep (here or in another engine) leaves it running', async () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    const ticks = manualTicks();
    const started = deferred();
    const finish = deferred<{ result: string }>();
    const { w } = worker(h, async () => (started.resolve(), finish.promise), { leaseMs: 60_000, tick: ticks.tick });
    w.start();
    await started.promise;
    const claimedAt = h.clock.millis();
    expect(h.queue.get(job.id)!.leaseUntil).toBe(claimedAt + 60_000);

    // 50 s in, the worker wakes for its renewal (a third of the lease is due) and extends the lease.
    h.clock.advance(50_000);
    await ticks.fire();
    expect(h.queue.get(job.id)!.leaseUntil).toBe(claimedAt + 50_000 + 60_000);
    // Past the first lease's end: nothing has expired, so nobody takes the job from its attempt.
    h.clock.advance(50_000);
    expect(h.queue.sweepExpiredLeases()).toEqual([]);

    finish.resolve({ result: 'SR-long' });
    await w.stop();
    expect(h.queue.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1, result: 'SR-long' });
  });

  it('stops renewing an attempt that has run past the longest an attempt may take, so the sweep ends it', async () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    const ticks = manualTicks();
    const started = deferred();
    const { w } = worker(h, async () => (started.resolve(), new Promise<never>(() => {})), { leaseMs: 60_000, maxAttemptMs: 120_000, tick: ticks.tick });
    w.start();
    await started.promise;
    for (let t = 0; t < 5; t++) {
      h.clock.advance(30_000);
      await ticks.fire();
    }
    // Renewed while younger than 120 s (the last at 90 s, to 150 s); not at 120 s or 150 s: at 180 s the lease is out.
    h.clock.advance(30_000);
    expect(h.queue.sweepExpiredLeases().map((j) => [j.id, j.state, j.lastErrorClass])).toEqual([[job.id, 'queued', 'lease_expired']]);
    await w.stop({ timeoutMs: 1 });
  });

  it('a validation failure is logged as failed and not retried', async () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    let calls = 0;
    const { w, log } = worker(h, async () => {
      calls++;
      throw new ConnectorError({ kind: 'validation', status: 422, detail: 'Unknown code' });
    });
    await w.runUntilIdle();
    expect(calls).toBe(1);
    expect(h.queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(log).toEqual([expect.objectContaining({ level: 'error', outcome: 'failed', attempt: 1, caseId: 'CRM-1' })]);
  });

  it("names the job's template by its name, id and version; by id and version when the name is not known", async () => {
    const h = queueHarness();
    const named = h.queue.enqueue(h.job({ caseId: 'CRM-1' }));
    const { w, log } = worker(h, async () => ({ result: 'SR-1' }), { templateName: (id) => (id === named.templateId ? 'Fly-tipping to Tascomi' : undefined) });
    await w.runUntilIdle();
    expect(log[0]?.message).toBe(`Job ${named.id} (template 'Fly-tipping to Tascomi' (${named.templateId}) version 1), attempt 1 of 10: sent; remote record SR-1.`);

    const unnamed = h.queue.enqueue(h.job({ caseId: 'CRM-2' }));
    const other = worker(h, async () => ({ result: 'SR-2' }), { templateName: () => undefined });
    await other.w.runUntilIdle();
    expect(other.log[0]?.message).toBe(`Job ${unnamed.id} (template ${unnamed.templateId} version 1), attempt 1 of 10: sent; remote record SR-2.`);
  });

  it('runUntilIdle gives up after maxSteps instead of spinning forever', async () => {
    const h = queueHarness();
    h.queue.enqueue(h.job({ maxAttempts: 1_000_000 }));
    const { w } = worker(h, async () => {
      throw new ConnectorError({ kind: 'remote', status: 500 });
    });
    await expect(w.runUntilIdle(50)).rejects.toThrow(/still busy after 50 steps/);
  });

  it('stop() stops claiming and lets the running attempt finish', async () => {
    const h = queueHarness();
    const first = h.queue.enqueue(h.job({ caseId: 'A' }));
    const second = h.queue.enqueue(h.job({ caseId: 'B' }));
    const started = deferred();
    const finish = deferred<{ result: string }>();
    // A clock whose sleeps never end, so the stop timeout cannot fire in this test.
    const patient = { ...h.clock, sleep: () => new Promise<void>(() => {}) };
    const { w } = worker(
      h,
      async () => {
        started.resolve();
        return finish.promise;
      },
      { concurrency: 1, clock: patient },
    );
    w.start();
    await started.promise;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    finish.resolve({ result: 'SR-A' });
    await stopping;
    expect(h.queue.get(first.id)).toMatchObject({ state: 'succeeded', result: 'SR-A' });
    expect(h.queue.get(second.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('stop() hands an attempt that outlasts the timeout back to the queue; its late answer is refused', async () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    const started = deferred();
    const finish = deferred<{ result: string }>();
    const { w, log } = worker(h, async () => {
      started.resolve();
      return finish.promise;
    });
    w.start();
    await started.promise;
    await w.stop({ timeoutMs: 5_000 });
    expect(h.queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 1, outcomeUnknown: true, lastErrorClass: 'interrupted', leaseOwner: null });
    finish.resolve({ result: 'SR-late' });
    await new Promise((r) => setImmediate(r));
    expect(h.queue.get(job.id)).toMatchObject({ state: 'queued', result: null });
    expect(log.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/lease was lost/) });
  });

  it('start() on a fake clock with nothing to do still lets stop() run', async () => {
    const h = queueHarness();
    const { w } = worker(h, async () => ({ result: 'x' }));
    w.start();
    await new Promise((r) => setImmediate(r));
    await w.stop();
    expect(w.running()).toBe(0);
  });
});

describe('stopping the worker in the middle of a wait', () => {
  // Long poll and sweep intervals, so the worker's sleep is the wait under test, not a poll.
  const patient = { pollIntervalMs: 60 * 60_000, sweepIntervalMs: 60 * 60_000 };

  it('ends a backoff wait (a job due in 5 minutes) without the time passing', async () => {
    const clock = manualClock();
    const h = queueHarness({ clock });
    const job = h.queue.enqueue(h.job());
    // Tascomi asked for five minutes (Retry-After): the retry is due then.
    h.queue.claim('tascomi', 'earlier-worker', 60_000);
    h.queue.fail(job.id, 'earlier-worker', connectorError({ kind: 'rate_limit', status: 429, retryAfterMs: 5 * 60_000 }));
    expect(h.queue.get(job.id)!.nextRunAt).toBeGreaterThanOrEqual(clock.millis() + 5 * 60_000);
    const { w } = worker(h, async () => ({ result: 'never' }), patient);
    w.start();
    await settlesWithin(clock.sleeping(4 * 60_000), 'the worker reaching its backoff wait');

    await settlesWithin(w.stop(), 'stop() during a backoff wait');
    expect(clock.waiting()).toEqual([]); // the clock's timer is released, not left to run out
    expect(h.queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 1 });
  });

  it("ends the wait for an open circuit's probe without the time passing", async () => {
    const clock = manualClock();
    const h = queueHarness({ clock });
    const job = h.queue.enqueue(h.job());
    const breaker = createCircuitBreaker(clock);
    for (let i = 0; i < 5; i++) breaker.recordFailure(connectorError({ kind: 'connection', code: 'ECONNREFUSED' }));
    expect(breaker.state()).toMatchObject({ state: 'open' });
    const { w } = worker(h, async () => ({ result: 'never' }), { ...patient, breaker });
    w.start();
    await settlesWithin(clock.sleeping(30_000), 'the worker waiting for the probe');

    await settlesWithin(w.stop(), 'stop() while waiting for the probe');
    expect(clock.waiting()).toEqual([]);
    expect(h.queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('with an attempt running (its lease renewed), waits for it up to the timeout on the clock, then hands it back', async () => {
    const clock = manualClock();
    const h = queueHarness({ clock });
    const job = h.queue.enqueue(h.job());
    const ticks = manualTicks();
    const started = deferred();
    const { w, log } = worker(h, async () => (started.resolve(), new Promise<never>(() => {})), { ...patient, leaseMs: 60_000, tick: ticks.tick });
    w.start();
    await started.promise;
    clock.advance(30_000);
    await ticks.fire();
    expect(h.queue.get(job.id)!.leaseUntil).toBe(clock.millis() + 60_000); // renewed while it runs

    let stopped = false;
    const stopping = w.stop({ timeoutMs: 10_000 }).then(() => (stopped = true));
    await settlesWithin(clock.sleeping(10_000), 'stop() waiting for the attempt');
    clock.advance(9_999);
    await ticks.fire();
    expect(stopped).toBe(false);
    expect(h.queue.get(job.id)).toMatchObject({ state: 'running' });
    clock.advance(1);
    await settlesWithin(stopping, 'stop() once its timeout has passed on the clock');
    expect(h.queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 1, lastErrorClass: 'interrupted', leaseOwner: null });
    expect(log.at(-1)).toMatchObject({ errorClass: 'interrupted', outcome: 'will_retry' });
  });

  it('returns as soon as a running attempt ends, and leaves no timeout behind', async () => {
    const clock = manualClock();
    const h = queueHarness({ clock });
    const job = h.queue.enqueue(h.job());
    const started = deferred();
    const finish = deferred<{ result: string }>();
    const { w } = worker(h, async () => (started.resolve(), finish.promise), { ...patient, tick: manualTicks().tick });
    w.start();
    await started.promise;
    const stopping = w.stop({ timeoutMs: 10_000 });
    await settlesWithin(clock.sleeping(10_000), 'stop() waiting for the attempt');
    finish.resolve({ result: 'SR-1' });
    await settlesWithin(stopping, 'stop() after the attempt ended');
    expect(clock.waiting()).toEqual([]);
    expect(h.queue.get(job.id)).toMatchObject({ state: 'succeeded', result: 'SR-1' });
  });
});
