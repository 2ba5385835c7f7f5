import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryView, type AlertDelivery } from '../../../../electron/engine/alerts/delivery-queue';
import { backoffDelay, DEFAULT_BACKOFF, seededRandom } from '../../../../electron/engine/jobs/backoff';
import { ALERT_DELIVERY_MAX_ATTEMPTS } from '../../../../shared/domain/alerts';
import { alertMessage, cleanupDeliveryHarnesses, delivery, deliveryHarness, FakeSendError, OPS_EMAIL, TEAMS } from './delivery-helpers';

afterEach(cleanupDeliveryHarnesses);

const LEASE = 60_000;
const relayDown = () => new FakeSendError('The relay smtp.council.gov.uk refused the connection (ECONNREFUSED).', 'connection', true);

describe('alert delivery queue', () => {
  it('queues a grouped alert to three channels as three rows in one commit, kept across a restart', () => {
    const h = deliveryHarness();
    const rows = h.queue.enqueue([
      delivery(),
      delivery({ channelId: TEAMS, channelName: 'Support Teams' }),
      delivery({ channelId: '9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', channelName: 'Service desk webhook' }),
    ]);
    expect(rows.map((d) => [d.channelName, d.state, d.attempts, d.maxAttempts])).toEqual([
      ['Ops email', 'queued', 0, ALERT_DELIVERY_MAX_ATTEMPTS],
      ['Support Teams', 'queued', 0, ALERT_DELIVERY_MAX_ATTEMPTS],
      ['Service desk webhook', 'queued', 0, ALERT_DELIVERY_MAX_ATTEMPTS],
    ]);
    h.reopen();
    expect(rows.map((d) => h.queue.get(d.id))).toEqual(rows);
    expect(h.queue.get(rows[0].id)?.message).toEqual(alertMessage());
    // The condition and title have columns of their own (the Jobs page lists them without parsing the message).
    const stored = h.store.sqlite.prepare('SELECT condition, title FROM alert_deliveries WHERE id = ?').get(rows[0].id);
    expect(stored).toEqual({ condition: 'job-dead', title: 'casebridge: 3 Tascomi jobs died' });
  });

  it('enqueue of nothing writes nothing', () => {
    const h = deliveryHarness();
    expect(h.queue.enqueue([])).toEqual([]);
    expect(h.queue.counts().queued).toBe(0);
  });

  it('claim counts the attempt, sets the lease, and takes only due deliveries, oldest first', () => {
    const h = deliveryHarness();
    const [a, b] = h.queue.enqueue([delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' })]);
    const now = h.clock.millis();
    const first = h.queue.claim('w1', LEASE);
    expect(first).toMatchObject({ id: a.id, state: 'running', attempts: 1, leaseOwner: 'w1', leaseUntil: now + LEASE });
    expect(h.queue.get(a.id)).toEqual(first);
    expect(h.queue.claim('w1', LEASE)?.id).toBe(b.id);
    expect(h.queue.claim('w1', LEASE)).toBeUndefined();
  });

  it('two claimers on two connections never both win the same delivery', () => {
    const h = deliveryHarness();
    const other = h.second();
    const [only] = h.queue.enqueue([delivery()]);
    const wins = [h.queue.claim('w1', LEASE), other.queue.claim('w2', LEASE)].filter((d) => d !== undefined);
    expect(wins.map((d) => [d.id, d.leaseOwner])).toEqual([[only.id, 'w1']]);
    // The loser cannot finish what it did not claim.
    expect(other.queue.sent(only.id, 'w2')).toBe(false);
    expect(other.queue.failed(only.id, 'w2', relayDown())).toBe(false);
    expect(h.queue.get(only.id)?.state).toBe('running');
  });

  it('a retryable failure is queued again after a backoff that grows and is jittered', () => {
    const random = seededRandom(7);
    const h = deliveryHarness({ random: seededRandom(7) });
    const [d] = h.queue.enqueue([delivery()]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const claimed = h.queue.claim('w1', LEASE)!;
      expect(claimed.attempts).toBe(attempt);
      const now = h.clock.millis();
      const after = h.queue.failed(d.id, 'w1', relayDown()) as AlertDelivery;
      expect(after).toMatchObject({ state: 'queued', attempts: attempt, lastErrorClass: 'connection', lastError: expect.stringMatching(/refused the connection/) });
      expect(after.leaseOwner).toBeUndefined();
      delays.push(after.nextRunAt - now);
      // Not due before its time.
      h.clock.advance(after.nextRunAt - now - 1);
      expect(h.queue.claim('w1', LEASE)).toBeUndefined();
      h.clock.advance(1);
    }
    // Full jitter: each delay is random(0, 2 s * 2^(n-1)), the jobs' DEFAULT_BACKOFF.
    expect(delays).toEqual([1, 2, 3, 4].map((n) => backoffDelay(n, DEFAULT_BACKOFF, random)));
    delays.forEach((ms, i) => expect(ms).toBeLessThan(DEFAULT_BACKOFF.baseMs * 2 ** i));
    expect(new Set(delays).size).toBe(4);

    // The same failures with the top of each range: the ceiling doubles.
    const top = deliveryHarness({ random: () => 0.999_999 });
    const [t] = top.queue.enqueue([delivery()]);
    const ceilings: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      top.queue.claim('w1', LEASE);
      const now = top.clock.millis();
      const after = top.queue.failed(t.id, 'w1', relayDown()) as AlertDelivery;
      ceilings.push(after.nextRunAt - now);
      top.clock.advance(after.nextRunAt - now);
    }
    expect(ceilings).toEqual([1_999, 3_999, 7_999]);
  });

  it('is dead after its budget of attempts, and then nobody claims it', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    let after: AlertDelivery | false = false;
    for (let attempt = 1; attempt <= ALERT_DELIVERY_MAX_ATTEMPTS; attempt++) {
      h.clock.advance(DEFAULT_BACKOFF.capMs);
      expect(h.queue.claim('w1', LEASE)?.attempts).toBe(attempt);
      after = h.queue.failed(d.id, 'w1', relayDown());
    }
    expect(after).toMatchObject({ state: 'dead', attempts: 8, maxAttempts: 8, lastErrorClass: 'connection' });
    h.clock.advance(DEFAULT_BACKOFF.capMs);
    expect(h.queue.claim('w1', LEASE)).toBeUndefined();
    expect(h.queue.counts()).toMatchObject({ dead: 1, queued: 0, running: 0 });
  });

  it('a failure a retry cannot mend (a refused password, a deleted channel) is dead at once', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('w1', LEASE);
    const after = h.queue.failed(d.id, 'w1', new FakeSendError('The channel was deleted; nothing was sent.', 'setup', false));
    expect(after).toMatchObject({ state: 'dead', attempts: 1, maxAttempts: 8, lastErrorClass: 'setup', lastError: 'The channel was deleted; nothing was sent.' });
  });

  it('anything else thrown is an unexpected failure of class unknown, and is retried', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('w1', LEASE);
    expect(h.queue.failed(d.id, 'w1', new TypeError('cannot read properties of undefined'))).toMatchObject({
      state: 'queued',
      lastErrorClass: 'unknown',
      lastError: 'Unexpected failure: cannot read properties of undefined',
    });
  });

  it("a relay's page-long answer is kept as a reason of at most 1,000 characters", () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('w1', LEASE);
    const after = h.queue.failed(d.id, 'w1', new FakeSendError(`The relay answered 451: ${'try again later '.repeat(200)}`, 'server', true)) as AlertDelivery;
    expect(after.lastError).toHaveLength(1_000);
    expect(after.lastError).toMatch(/^The relay answered 451: try again later .*…$/);
  });

  it('retryNow grants a dead delivery a fresh budget and keeps its attempt count', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    for (let attempt = 1; attempt <= 8; attempt++) {
      h.clock.advance(DEFAULT_BACKOFF.capMs);
      h.queue.claim('w1', LEASE);
      h.queue.failed(d.id, 'w1', relayDown());
    }
    expect(h.queue.retryNow(d.id, 'Sam Patel')).toMatchObject({ state: 'queued', attempts: 8, maxAttempts: 16, lastActionBy: 'Sam Patel', nextRunAt: h.clock.millis() });
    expect(h.queue.claim('w1', LEASE)).toMatchObject({ id: d.id, attempts: 9 });
    // Only dead and cancelled ones: a running, queued or sent one is refused.
    expect(h.queue.retryNow(d.id, 'Sam Patel')).toBe(false);
    h.queue.sent(d.id, 'w1');
    expect(h.queue.retryNow(d.id, 'Sam Patel')).toBe(false);
    expect(h.queue.get(d.id)).toMatchObject({ state: 'sent', attempts: 9, sentAt: h.clock.millis() });
  });

  it('a lease that ran out is swept back to the queue, due now; the old holder can no longer finish it', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('crashed', 1_000);
    h.clock.advance(999);
    expect(h.queue.sweepExpiredLeases()).toEqual([]);
    h.clock.advance(1);
    const [swept] = h.queue.sweepExpiredLeases();
    expect(swept).toMatchObject({ id: d.id, state: 'queued', attempts: 1, nextRunAt: h.clock.millis(), lastErrorClass: 'lease_expired' });
    expect(swept.lastError).toMatch(/did not finish before its lease ran out/);
    expect(h.queue.sent(d.id, 'crashed')).toBe(false);
    expect(h.queue.claim('w2', LEASE)).toMatchObject({ id: d.id, attempts: 2 });
  });

  it('a lease that ran out on the last attempt leaves the delivery dead', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    for (let attempt = 1; attempt < 8; attempt++) {
      h.clock.advance(DEFAULT_BACKOFF.capMs);
      h.queue.claim('w1', LEASE);
      h.queue.failed(d.id, 'w1', relayDown());
    }
    h.clock.advance(DEFAULT_BACKOFF.capMs);
    h.queue.claim('w1', 1_000);
    h.clock.advance(1_000);
    expect(h.queue.sweepExpiredLeases()).toMatchObject([{ id: d.id, state: 'dead', attempts: 8, lastErrorClass: 'lease_expired' }]);
  });

  it('abandon gives a running delivery back, due now, with its attempt counted', () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('w1', LEASE);
    expect(h.queue.abandon(d.id, 'someone else')).toBe(false);
    expect(h.queue.abandon(d.id, 'w1')).toMatchObject({ state: 'queued', attempts: 1, nextRunAt: h.clock.millis(), lastErrorClass: 'interrupted' });
  });

  it('deleting a channel cancels its queued deliveries only', () => {
    const h = deliveryHarness();
    const [running, queued, otherChannel] = h.queue.enqueue([delivery(), delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' })]);
    h.queue.claim('w1', LEASE);
    const cancelled = h.queue.cancelForChannel(OPS_EMAIL, 'Sam Patel');
    expect(cancelled.map((d) => [d.id, d.state, d.lastActionBy])).toEqual([[queued.id, 'cancelled', 'Sam Patel']]);
    expect(h.queue.get(running.id)?.state).toBe('running');
    expect(h.queue.get(otherChannel.id)?.state).toBe('queued');
    // A cancelled one can be retried by hand, like a dead one.
    expect(h.queue.retryNow(queued.id, 'Sam Patel')).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 8 });
  });

  it('lists newest first, by state; counts every state; says when the next one is due', () => {
    const h = deliveryHarness({ random: () => 0.5 });
    const [a, b, c] = h.queue.enqueue([delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' }), delivery()]);
    expect(h.queue.list({ limit: 10 }).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    expect(h.queue.list({ limit: 2 }).map((d) => d.id)).toEqual([c.id, b.id]);
    expect(h.queue.nextDueAt()).toBe(h.clock.millis());
    h.queue.claim('w1', LEASE);
    h.queue.sent(a.id, 'w1');
    h.queue.claim('w1', LEASE);
    const failedAt = h.clock.millis();
    h.queue.failed(b.id, 'w1', relayDown());
    h.queue.cancelForChannel(OPS_EMAIL, 'Sam Patel');
    expect(h.queue.counts()).toEqual({ queued: 1, running: 0, sent: 1, dead: 0, cancelled: 1 });
    expect(h.queue.list({ states: ['sent', 'cancelled'], limit: 10 }).map((d) => [d.id, d.state])).toEqual([
      [c.id, 'cancelled'],
      [a.id, 'sent'],
    ]);
    expect(h.queue.list({ states: [], limit: 10 })).toEqual([]);
    expect(h.queue.nextDueAt()).toBe(failedAt + 1_000);
    // A running delivery's lease end counts too: that is when the sweep can hand it on.
    h.clock.advance(1_000);
    h.queue.claim('w1', LEASE);
    expect(h.queue.nextDueAt()).toBe(h.clock.millis() + LEASE);
    h.queue.sent(b.id, 'w1');
    expect(h.queue.nextDueAt()).toBeUndefined();
  });

  it('tells of changes only once they are committed, and never of one rolled back', () => {
    const h = deliveryHarness();
    // Another connection: what the console would read when it hears the event.
    const reader = new Database(h.path, { readonly: true });
    const seen: { id: number; state: string | undefined }[] = [];
    const store = h.store;
    let heardInside = -1;
    const rows = store.write(() => {
      const queued = h.queue.enqueue([delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' })]);
      heardInside = h.heard.length;
      return queued;
    });
    expect(heardInside).toBe(0);
    for (const d of h.heard) {
      const row = reader.prepare('SELECT state FROM alert_deliveries WHERE id = ?').get(d.id) as { state: string } | undefined;
      seen.push({ id: d.id, state: row?.state });
    }
    expect(seen).toEqual(rows.map((d) => ({ id: d.id, state: 'queued' })));

    expect(() =>
      store.write(() => {
        h.queue.enqueue([delivery()]);
        h.queue.claim('w1', LEASE);
        throw new Error('the alert engine failed after queueing');
      }),
    ).toThrow(/failed after queueing/);
    expect(h.heard.map((d) => d.state)).toEqual(['queued', 'queued']);
    expect(h.queue.counts().queued).toBe(2);
    reader.close();
  });

  it('the console sees times in the engine zone and the message as a condition and a title', () => {
    const h = deliveryHarness({ random: () => 0.5 });
    const [d] = h.queue.enqueue([delivery({ message: alertMessage({ condition: 'breaker-open', title: 'casebridge: Tascomi queue stopped sending' }) })]);
    h.queue.claim('w1', LEASE);
    const after = h.queue.failed(d.id, 'w1', relayDown()) as AlertDelivery;
    expect(deliveryView(after, 'Europe/London')).toEqual({
      id: d.id,
      channelId: OPS_EMAIL,
      channelName: 'Ops email',
      condition: 'breaker-open',
      title: 'casebridge: Tascomi queue stopped sending',
      state: 'queued',
      attempts: 1,
      maxAttempts: 8,
      nextRunAt: '2026-06-15T10:00:01.000+01:00',
      lastError: 'The relay smtp.council.gov.uk refused the connection (ECONNREFUSED).',
      lastErrorClass: 'connection',
      createdAt: '2026-06-15T10:00:00.000+01:00',
      updatedAt: '2026-06-15T10:00:00.000+01:00',
    });
    h.clock.advance(1_000);
    h.queue.claim('w1', LEASE);
    h.queue.sent(d.id, 'w1');
    const sent = deliveryView(h.queue.get(d.id)!, 'Europe/London');
    expect(sent).toMatchObject({ state: 'sent', sentAt: '2026-06-15T10:00:01.000+01:00' });
    expect(sent.nextRunAt).toBeUndefined();
  });
});
