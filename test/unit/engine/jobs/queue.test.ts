import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, seededRandom } from '../../../../electron/engine/jobs/backoff';
import { cleanupHarnesses, connectorError, queueHarness } from './helpers';

afterEach(cleanupHarnesses);

const LEASE = 60_000;

describe('job queue', () => {
  it('enqueue is durable: the job is there after the store is closed and reopened', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    expect(job).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 10, templateVersion: 1, outcomeUnknown: false });
    h.reopen();
    expect(h.queue.get(job.id)).toEqual(job);
  });

  it('refuses a job that pins a template version that does not exist', () => {
    const h = queueHarness();
    expect(() => h.queue.enqueue(h.job({ templateVersion: 7 }))).toThrow(/FOREIGN KEY/);
  });

  it('claim counts the attempt and sets the lease', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    const now = h.clock.now().toMillis();
    const claimed = h.queue.claim('tascomi', 'w1', LEASE);
    expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, leaseOwner: 'w1', leaseUntil: now + LEASE });
    expect(h.queue.get(job.id)).toEqual(claimed);
  });

  it('two claimers never get the same job, and claim only due jobs of its connector in order', () => {
    const h = queueHarness();
    const a = h.queue.enqueue(h.job({ caseId: 'A' }));
    const b = h.queue.enqueue(h.job({ caseId: 'B' }));
    h.queue.enqueue(h.job({ caseId: 'C', connector: 'civica-cx' }));
    const first = h.queue.claim('tascomi', 'w1', LEASE);
    const second = h.queue.claim('tascomi', 'w2', LEASE);
    expect([first?.id, second?.id]).toEqual([a.id, b.id]);
    expect(h.queue.claim('tascomi', 'w3', LEASE)).toBeUndefined();
  });

  it('does not claim a job before its next_run_at', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    h.queue.fail(job.id, 'w1', connectorError({ kind: 'remote', status: 503 }));
    const due = h.queue.get(job.id)!.nextRunAt;
    expect(h.queue.claim('tascomi', 'w1', LEASE, due - 1)).toBeUndefined();
    expect(h.queue.claim('tascomi', 'w1', LEASE, due)?.id).toBe(job.id);
  });

  it('a retryable failure is re-queued with full-jitter backoff, recording the error and its class', () => {
    const h = queueHarness({ random: seededRandom(7) });
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    const now = h.clock.now().toMillis();
    const after = h.queue.fail(job.id, 'w1', connectorError({ kind: 'timeout', mayHaveApplied: true }));
    const expected = backoffDelay(1, DEFAULT_BACKOFF, seededRandom(7));
    expect(after).toMatchObject({ state: 'queued', attempts: 1, lastErrorClass: 'timeout', outcomeUnknown: true, leaseOwner: null, leaseUntil: null });
    expect(after && after.nextRunAt).toBe(now + expected);
    expect(expected).toBeLessThan(DEFAULT_BACKOFF.baseMs);
    expect(after && after.lastError).toMatch(/did not answer in time/);
  });

  it('honours Retry-After as a floor', () => {
    const h = queueHarness({ random: () => 0 });
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    const now = h.clock.now().toMillis();
    const after = h.queue.fail(job.id, 'w1', connectorError({ kind: 'rate_limit', status: 429, retryAfterMs: 120_000 }));
    expect(after).toMatchObject({ state: 'queued', nextRunAt: now + 120_000, lastErrorClass: 'rate_limit', outcomeUnknown: false });
  });

  it('a validation failure fails at once, after one attempt', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    const after = h.queue.fail(job.id, 'w1', connectorError({ kind: 'validation', status: 422, fields: { postcode: 'required' } }));
    expect(after).toMatchObject({ state: 'failed', attempts: 1, lastErrorClass: 'validation' });
    expect(after && after.lastError).toMatch(/postcode - required/);
    h.clock.advance(24 * 3600_000);
    expect(h.queue.claim('tascomi', 'w1', LEASE)).toBeUndefined();
  });

  it('a thrown value that is not a ConnectorError is an unknown, retryable failure whose outcome is unknown', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    expect(h.queue.fail(job.id, 'w1', new TypeError('x is undefined'))).toMatchObject({
      state: 'queued',
      lastErrorClass: 'unknown',
      outcomeUnknown: true,
      lastError: 'Unexpected failure: x is undefined',
    });
  });

  it('goes dead after 10 retryable attempts', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    for (let i = 1; i <= 10; i++) {
      h.clock.advance(DEFAULT_BACKOFF.capMs);
      const claimed = h.queue.claim('tascomi', 'w1', LEASE);
      expect(claimed?.attempts).toBe(i);
      const after = h.queue.fail(job.id, 'w1', connectorError({ kind: 'connection', code: 'ECONNRESET' }));
      expect(after && after.state).toBe(i < 10 ? 'queued' : 'dead');
    }
    h.clock.advance(DEFAULT_BACKOFF.capMs);
    expect(h.queue.claim('tascomi', 'w1', LEASE)).toBeUndefined();
    expect(h.queue.get(job.id)).toMatchObject({ state: 'dead', attempts: 10 });
  });

  it('a completion or failure from an owner that lost its lease is refused', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    h.clock.advance(LEASE + 1);
    expect(h.queue.sweepExpiredLeases()).toHaveLength(1);
    h.queue.claim('tascomi', 'w2', LEASE, h.queue.get(job.id)!.nextRunAt);
    expect(h.queue.complete(job.id, 'w1', 'SR-1')).toBe(false);
    expect(h.queue.fail(job.id, 'w1', connectorError({ kind: 'validation' }))).toBe(false);
    expect(h.queue.get(job.id)).toMatchObject({ state: 'running', leaseOwner: 'w2', attempts: 2 });
    expect(h.queue.complete(job.id, 'w2', 'SR-2')).toMatchObject({ state: 'succeeded', result: 'SR-2', leaseOwner: null, outcomeUnknown: false });
    expect(h.queue.complete(job.id, 'w2', 'SR-2')).toBe(false);
  });

  it('expired leases go back to queued with outcome_unknown, and dead when out of attempts', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job({ maxAttempts: 2 }));
    h.queue.claim('tascomi', 'w1', LEASE);
    h.clock.advance(LEASE - 1);
    expect(h.queue.sweepExpiredLeases()).toEqual([]);
    h.clock.advance(1);
    const [swept] = h.queue.sweepExpiredLeases();
    expect(swept).toMatchObject({ id: job.id, state: 'queued', outcomeUnknown: true, lastErrorClass: 'lease_expired', leaseOwner: null });
    h.clock.advance(DEFAULT_BACKOFF.capMs);
    expect(h.queue.claim('tascomi', 'w2', LEASE)?.attempts).toBe(2);
    h.clock.advance(LEASE);
    expect(h.queue.sweepExpiredLeases()[0]).toMatchObject({ state: 'dead', attempts: 2, outcomeUnknown: true });
  });

  it('retryNow re-queues a failed or dead job with a fresh budget, keeping the attempt count', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job({ maxAttempts: 1 }));
    h.queue.claim('tascomi', 'w1', LEASE);
    h.queue.fail(job.id, 'w1', connectorError({ kind: 'connection' }));
    expect(h.queue.get(job.id)?.state).toBe('dead');
    const again = h.queue.retryNow(job.id, 'Dana (support)');
    expect(again).toMatchObject({ state: 'queued', attempts: 1, maxAttempts: 11, nextRunAt: h.clock.now().toMillis() });
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toBe(false); // queued already
    expect(h.queue.claim('tascomi', 'w1', LEASE)?.attempts).toBe(2);
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toBe(false); // running
  });

  it('cancel makes a queued job cancelled by the person who asked, refuses a running one, and retryNow undoes it', () => {
    const h = queueHarness();
    const a = h.queue.enqueue(h.job({ caseId: 'A' }));
    h.clock.advance(5_000);
    expect(h.queue.cancel(a.id, 'Dana (support)')).toMatchObject({ state: 'cancelled', cancelledBy: 'Dana (support)', updatedAt: h.clock.now().toMillis() });
    expect(h.queue.claim('tascomi', 'w1', LEASE)).toBeUndefined();
    expect(h.queue.cancel(a.id, 'Dana (support)')).toBe(false); // cancelled already
    const b = h.queue.enqueue(h.job({ caseId: 'B' }));
    h.queue.claim('tascomi', 'w1', LEASE);
    expect(h.queue.cancel(b.id, 'Dana (support)')).toBe(false);
    expect(h.queue.retryNow(a.id, 'Dana (support)')).toMatchObject({ state: 'queued', cancelledBy: null });
    expect(h.queue.cancel(9999, 'Dana (support)')).toBe(false);
  });

  it('cancel keeps the last failure as history; retryNow of the cancelled job queues it with a fresh budget', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    h.queue.fail(job.id, 'w1', connectorError({ kind: 'validation', message: 'Remarks are not allowed' }));
    expect(h.queue.cancel(job.id, 'Dana')).toMatchObject({ state: 'cancelled', lastErrorClass: 'validation', lastError: expect.stringContaining('Remarks') });
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toMatchObject({ state: 'queued', attempts: 1, maxAttempts: 11 });
  });

  it('counts what retries by hand added to the budget: 10 of 10 used, retried, is 10 of 20 with 10 added', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job({ maxAttempts: 2 }));
    expect(job.attemptsAddedByHand).toBe(0);
    for (let i = 0; i < 2; i++) {
      h.queue.claim('tascomi', 'w1', LEASE, h.clock.now().toMillis() + 10 ** 9 * (i + 1));
      h.queue.fail(job.id, 'w1', connectorError({ kind: 'connection' }));
    }
    expect(h.queue.get(job.id)).toMatchObject({ state: 'dead', attempts: 2, maxAttempts: 2 });
    // A fresh budget of the default 10 on top of the 2 used: 12 allowed, 10 of them added by hand.
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toMatchObject({ attempts: 2, maxAttempts: 12, attemptsAddedByHand: 10 });
    h.queue.claim('tascomi', 'w1', LEASE);
    h.queue.fail(job.id, 'w1', connectorError({ kind: 'validation' }));
    // Failed at 3 of 12: a retry makes it 3 of 13, one more than before.
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toMatchObject({ attempts: 3, maxAttempts: 13, attemptsAddedByHand: 11 });
  });

  it("keeps the last action by hand (queued, retried, cancelled) with who and when; the engine's own changes keep it as it was", () => {
    const h = queueHarness();
    const byRule = h.queue.enqueue(h.job({ caseId: 'R' }));
    expect(byRule).toMatchObject({ lastActionKind: null, lastActionBy: null, lastActionAt: null });
    const job = h.queue.enqueue(h.job({ caseId: 'H', maxAttempts: 1, queuedBy: 'Sam Patel' }));
    const queuedAt = h.clock.now().toMillis();
    expect(job).toMatchObject({ lastActionKind: 'queued', lastActionBy: 'Sam Patel', lastActionAt: queuedAt });
    expect(h.queue.get(job.id)).toEqual(job);

    h.queue.cancel(byRule.id, 'Dana (support)');
    h.clock.advance(60_000);
    h.queue.claim('tascomi', 'w1', LEASE);
    expect(h.queue.fail(job.id, 'w1', connectorError({ kind: 'connection' }))).toMatchObject({
      state: 'dead',
      lastActionKind: 'queued',
      lastActionBy: 'Sam Patel',
      lastActionAt: queuedAt,
    });
    h.clock.advance(60_000);
    const retriedAt = h.clock.now().toMillis();
    expect(h.queue.retryNow(job.id, 'Dana (support)')).toMatchObject({ lastActionKind: 'retried', lastActionBy: 'Dana (support)', lastActionAt: retriedAt });
    h.clock.advance(60_000);
    h.queue.claim('tascomi', 'w2', LEASE);
    expect(h.queue.complete(job.id, 'w2', 'SR-1')).toMatchObject({ state: 'succeeded', lastActionKind: 'retried', lastActionBy: 'Dana (support)', lastActionAt: retriedAt });
    expect(h.queue.get(byRule.id)).toMatchObject({ state: 'cancelled', lastActionKind: 'cancelled', lastActionBy: 'Dana (support)', lastActionAt: queuedAt });
  });

  it('abandon hands a running attempt back with outcome_unknown', () => {
    const h = queueHarness();
    const job = h.queue.enqueue(h.job());
    h.queue.claim('tascomi', 'w1', LEASE);
    expect(h.queue.abandon(job.id, 'w2')).toBe(false);
    expect(h.queue.abandon(job.id, 'w1')).toMatchObject({ state: 'queued', outcomeUnknown: true, lastErrorClass: 'interrupted' });
  });

  it('lists jobs by case', () => {
    const h = queueHarness();
    h.queue.enqueue(h.job({ caseId: 'A' }));
    h.queue.enqueue(h.job({ caseId: 'B', kind: 'update' }));
    h.queue.enqueue(h.job({ caseId: 'A', kind: 'update' }));
    expect(h.queue.byCase('A').map((j) => j.kind)).toEqual(['create', 'update']);
  });

  it('uses the claim and case indexes', () => {
    const h = queueHarness();
    const plan = (q: string) =>
      h.store.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${q}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join('\n');
    expect(plan("SELECT id FROM jobs WHERE state='queued' AND connector='tascomi' AND next_run_at<=1 ORDER BY next_run_at, id LIMIT 1")).toMatch(/jobs_claim/);
    expect(plan("SELECT * FROM jobs WHERE case_id='A'")).toMatch(/jobs_case/);
  });
});
