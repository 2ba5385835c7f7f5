import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDelivery } from '../../../../electron/engine/alerts/delivery-queue';
import { createDeliveryWorker, type DeliverySend, type DeliveryWorker } from '../../../../electron/engine/alerts/delivery-worker';
import { DEFAULT_BACKOFF } from '../../../../electron/engine/jobs/backoff';
import type { AlertMessage } from '../../../../shared/domain/alerts';
import { settlesWithin } from '../../../support/hang-guard';
import { cleanupDeliveryHarnesses, delivery, deliveryHarness, FakeSendError, memoryLog, TEAMS, type DeliveryHarness } from './delivery-helpers';

const workers: DeliveryWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  cleanupDeliveryHarnesses();
});

const hhmm = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/London' }).toFormat('HH:mm');
const relayDown = () => new FakeSendError('The relay smtp.council.gov.uk refused the connection (ECONNREFUSED).', 'connection', true);

/** A channel that answers as `answer` says, and records what it was sent. */
function channel(answer: (channelId: string, message: AlertMessage, signal: AbortSignal) => Promise<{ detail: string }>) {
  const sends: { channelId: string; title: string; signal: AbortSignal }[] = [];
  const send: DeliverySend = (channelId, message, signal) => {
    sends.push({ channelId, title: message.title, signal });
    return answer(channelId, message, signal);
  };
  return { send, sends };
}

function worker(h: DeliveryHarness, send: DeliverySend, log = memoryLog(), leaseMs?: number) {
  const w = createDeliveryWorker({ queue: h.queue, clock: h.clock, send, log, ...(leaseMs ? { leaseMs } : {}) });
  workers.push(w);
  return { w, log };
}

describe('alert delivery worker', () => {
  it('sends what is due and says so in the log', async () => {
    const h = deliveryHarness();
    const [email, teams] = h.queue.enqueue([delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' })]);
    const relay = channel(async (id) => ({ detail: id === TEAMS ? 'Teams answered 200' : '250 2.0.0 queued as 4F2A' }));
    const { w, log } = worker(h, relay.send);
    await w.runUntilIdle();
    expect(relay.sends.map((s) => s.channelId)).toEqual([email.channelId, TEAMS]);
    expect(h.queue.get(email.id)).toMatchObject({ state: 'sent', attempts: 1, sentAt: h.clock.millis() });
    expect(h.queue.get(teams.id)?.state).toBe('sent');
    expect(log.entries).toEqual([
      expect.objectContaining({
        source: 'alerts',
        level: 'info',
        message: "Alert 'casebridge: 3 Tascomi jobs died' sent to channel 'Ops email' (250 2.0.0 queued as 4F2A).",
        outcome: 'succeeded',
        attempt: 1,
      }),
      expect.objectContaining({ level: 'info', message: "Alert 'casebridge: 3 Tascomi jobs died' sent to channel 'Support Teams' (Teams answered 200)." }),
    ]);
  });

  it('a failed send waits for its backoff, says when it comes back, and is sent once the relay answers', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    let down = true;
    const relay = channel(async () => {
      if (down) throw relayDown();
      return { detail: '250 OK' };
    });
    const { w, log } = worker(h, relay.send);
    await w.runUntilIdle();
    const after = h.queue.get(d.id)!;
    expect(after).toMatchObject({ state: 'queued', attempts: 1 });
    expect(log.entries.at(-1)).toMatchObject({
      level: 'warn',
      message: `Alert 'casebridge: 3 Tascomi jobs died' could not be sent to channel 'Ops email': The relay smtp.council.gov.uk refused the connection (ECONNREFUSED).; attempt 1 of 8, next at ${hhmm(after.nextRunAt)}.`,
      outcome: 'will_retry',
      errorClass: 'connection',
      retryAtMs: after.nextRunAt,
    });
    // Not due yet: nothing is sent.
    await w.runUntilIdle();
    expect(relay.sends).toHaveLength(1);
    h.clock.advance(after.nextRunAt - h.clock.millis());
    down = false;
    await w.runUntilIdle();
    expect(h.queue.get(d.id)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(log.entries.at(-1)).toMatchObject({ level: 'info', attempt: 2, message: expect.stringContaining("sent to channel 'Ops email' (250 OK)") });
  });

  it('gives up after 8 attempts and says to retry it from the Jobs page', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    const relay = channel(async () => Promise.reject(relayDown()));
    const { w, log } = worker(h, relay.send);
    for (let i = 0; i < 8; i++) {
      await w.runUntilIdle();
      h.clock.advance(DEFAULT_BACKOFF.capMs);
    }
    expect(relay.sends).toHaveLength(8);
    expect(h.queue.get(d.id)).toMatchObject({ state: 'dead', attempts: 8 });
    expect(log.entries.filter((e) => e.level === 'warn')).toHaveLength(7);
    expect(log.entries.at(-1)).toMatchObject({
      level: 'error',
      outcome: 'dead',
      message:
        "Alert 'casebridge: 3 Tascomi jobs died' could not be sent to channel 'Ops email': The relay smtp.council.gov.uk refused the connection (ECONNREFUSED).; gave up after 8 attempts; retry it from the Jobs page.",
    });
    await w.runUntilIdle();
    expect(relay.sends).toHaveLength(8);
  });

  it("a channel that was deleted fails once, as not retryable, in the send's own words", async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    const relay = channel(async () => {
      throw new FakeSendError('The channel Ops email was deleted, so this alert was not sent.', 'setup', false);
    });
    const { w, log } = worker(h, relay.send);
    await w.runUntilIdle();
    expect(h.queue.get(d.id)).toMatchObject({ state: 'dead', attempts: 1, lastErrorClass: 'setup' });
    expect(log.entries.at(-1)).toMatchObject({
      level: 'error',
      message:
        "Alert 'casebridge: 3 Tascomi jobs died' could not be sent to channel 'Ops email': The channel Ops email was deleted, so this alert was not sent.; gave up after 1 attempt (trying again would fail the same way); retry it from the Jobs page.",
    });
  });

  it('a send that throws before it returns a promise is a failure like any other', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    const { w, log } = worker(h, () => {
      throw new Error('channel settings could not be read');
    });
    await w.runUntilIdle();
    expect(h.queue.get(d.id)).toMatchObject({ state: 'queued', attempts: 1, lastErrorClass: 'unknown' });
    expect(log.entries.at(-1)?.message).toContain('Unexpected failure: channel settings could not be read; attempt 1 of 8');
  });

  it('after a restart, queued deliveries are still there and are sent', async () => {
    const h = deliveryHarness();
    const [a, b] = h.queue.enqueue([delivery(), delivery({ channelId: TEAMS, channelName: 'Support Teams' })]);
    h.reopen();
    const relay = channel(async () => ({ detail: '250 OK' }));
    const { w } = worker(h, relay.send);
    await w.runUntilIdle();
    expect(relay.sends.map((s) => s.channelId)).toEqual([a.channelId, b.channelId]);
    expect([h.queue.get(a.id)?.state, h.queue.get(b.id)?.state]).toEqual(['sent', 'sent']);
  });

  it('a delivery cut off by a crash is swept when its lease runs out and sent again', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    h.queue.claim('the engine before the crash', 60_000);
    h.reopen();
    const relay = channel(async () => ({ detail: '250 OK' }));
    const { w, log } = worker(h, relay.send);
    await w.runUntilIdle();
    expect(relay.sends).toHaveLength(0);
    h.clock.advance(60_000);
    await w.runUntilIdle();
    expect(h.queue.get(d.id)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(log.entries[0]).toMatchObject({ level: 'warn', errorClass: 'lease_expired', outcome: 'will_retry' });
    expect(log.entries[0].message).toMatch(
      /^Alert 'casebridge: 3 Tascomi jobs died' to channel 'Ops email': Attempt 1 did not finish before its lease ran out .* Queued again, next at \d\d:\d\d\.$/,
    );
  });

  it('started, it sends a delivery queued later once woken, and waits out a backoff on its own', async () => {
    const h = deliveryHarness();
    let calls = 0;
    let sent: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (sent = resolve));
    const relay = channel(async () => {
      if (++calls === 1) throw relayDown();
      sent();
      return { detail: '250 OK' };
    });
    const { w } = worker(h, relay.send);
    w.start();
    // A few turns of the event loop: it has found nothing due and waits for wake() with no end.
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    await turns(5);
    const [d] = h.queue.enqueue([delivery()]);
    await turns(5);
    expect(relay.sends).toHaveLength(0);
    w.wake();
    await settlesWithin(done, 'the second attempt, after its backoff');
    await settlesWithin(w.stop(), 'stop() after the send');
    expect(h.queue.get(d.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('stop() during a send that only ends when aborted resolves promptly; the delivery is queued again', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    let started: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const relay = channel(
      (_id, _message, signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        }),
    );
    const { w, log } = worker(h, relay.send);
    w.start();
    await settlesWithin(sending, 'the send to start');
    expect(h.queue.get(d.id)?.state).toBe('running');
    await settlesWithin(w.stop(), 'stop() in the middle of a send');
    expect(relay.sends[0].signal.aborted).toBe(true);
    expect(h.queue.get(d.id)).toMatchObject({ state: 'queued', attempts: 1, lastErrorClass: 'interrupted', nextRunAt: h.clock.millis() });
    expect(log.entries.at(-1)).toMatchObject({
      level: 'warn',
      errorClass: 'interrupted',
      message: expect.stringMatching(/was interrupted because casebridge was stopping.*Queued again/),
    });

    // The next start sends it.
    const next = channel(async () => ({ detail: '250 OK' }));
    const { w: again } = worker(h, next.send);
    await again.runUntilIdle();
    expect(h.queue.get(d.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('stop() does not wait for a send that ignores its signal', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    let started: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const { w } = worker(h, () => {
      started();
      return new Promise<{ detail: string }>(() => undefined);
    });
    w.start();
    await settlesWithin(sending, 'the send to start');
    await settlesWithin(w.stop(), 'stop() with a send that never ends');
    expect(h.queue.get(d.id)?.state).toBe('queued');
  });

  it('a log that refuses entries does not stop alerts going out', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    const refusing = {
      ...memoryLog(),
      write(): never {
        throw new Error('database or disk is full');
      },
    };
    const { w } = worker(h, async () => ({ detail: '250 OK' }), refusing);
    await w.runUntilIdle();
    expect(h.queue.get(d.id)?.state).toBe('sent');
  });

  it('a store that fails is logged and tried again later, not in a spin', async () => {
    const h = deliveryHarness();
    const [d] = h.queue.enqueue([delivery()]);
    const realClaim = h.queue.claim.bind(h.queue);
    let failures = 1;
    h.queue.claim = (owner, leaseMs): AlertDelivery | undefined => {
      if (failures-- > 0) throw new Error('SQLITE_IOERR: disk I/O error');
      return realClaim(owner, leaseMs);
    };
    let sent: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (sent = resolve));
    const { w, log } = worker(h, async () => {
      sent();
      return { detail: '250 OK' };
    });
    const before = h.clock.millis();
    w.start();
    await settlesWithin(done, 'the send after the pause');
    await w.stop();
    expect(log.entries[0]).toMatchObject({ level: 'error', message: 'Alerts could not be sent: SQLITE_IOERR: disk I/O error. Trying again in 30 s.' });
    expect(h.clock.millis() - before).toBe(30_000);
    expect(h.queue.get(d.id)?.state).toBe('sent');
  });
});
