/**
 * One connection's rate limit on the injected clock: starts spaced so no 1-second window holds more
 * than ceil(requestsPerSecond), at most maxConcurrent in flight, first come first served (a person's
 * request ahead of the background work), a new
 * limit taken in place, an aborted wait leaving the line at once, and a 429 pausing everything.
 */
import { describe, expect, it, vi } from 'vitest';
import { aheadOfBackground, createRateLimiter, DEFAULT_PAUSE_MS, MAX_PAUSE_MS } from '../../../../../electron/engine/connectors/http/rate-limit';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';
import { manualClock } from '../../../../support/manual-clock';

/** Lets every promise that can settle now settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The most starts inside any window [t, t + 1 s) over the given start times. */
function maxStartsPerSecond(starts: number[]): number {
  let most = 0;
  for (const from of starts) most = Math.max(most, starts.filter((t) => t >= from && t < from + 1000).length);
  return most;
}

describe('createRateLimiter', () => {
  it.each([
    { requestsPerSecond: 5, expected: 5 },
    { requestsPerSecond: 2.5, expected: 3 },
    { requestsPerSecond: 0.5, expected: 1 },
  ])('starts at most ceil($requestsPerSecond) requests in any second, spaced evenly', async ({ requestsPerSecond, expected }) => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond, maxConcurrent: 16 } });
    const t0 = clock.millis();
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) void limiter.acquire().then((release) => (starts.push(clock.millis() - t0), release()));
    // Time moves in 100 ms steps, every start due by then let out before the next step.
    for (let step = 0; step < 300 && starts.length < 12; step++) {
      await settle();
      clock.advance(100);
    }
    expect(starts).toHaveLength(12);
    expect(starts[0]).toBe(0); // the first after a quiet spell goes at once
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000 / requestsPerSecond);
    expect(maxStartsPerSecond(starts)).toBe(expected);
  });

  it('keeps at most maxConcurrent in flight, the next starting when one is released', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), limit: { requestsPerSecond: 50, maxConcurrent: 2 } });
    const started: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++)
      void limiter.acquire().then((release) => {
        started.push(i);
        releases.push(release);
      });
    await settle();
    expect(started).toEqual([0, 1]);
    expect(limiter.view()).toEqual({ held: 3 });
    releases[0]!();
    releases[0]!(); // a release is counted once
    await settle();
    expect(started).toEqual([0, 1, 2]);
    releases[1]!();
    releases[2]!();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.view()).toBeUndefined();
  });

  it('lets waiters out in the order they came, and a newcomer never overtakes the line', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 1, maxConcurrent: 16 } });
    const order: string[] = [];
    const take = (name: string) => void limiter.acquire().then(() => order.push(name));
    take('a');
    take('b');
    take('c');
    await settle();
    expect(order).toEqual(['a']);
    clock.advance(1000);
    await settle();
    take('d'); // due now by the spacing's clock, but b and c came first
    clock.advance(1000);
    await settle();
    clock.advance(1000);
    await settle();
    clock.advance(1000);
    await settle();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets a request a person waits for go ahead of the background work in line, in their own order, still spaced', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 1, maxConcurrent: 16 } });
    const order: string[] = [];
    const starts: number[] = [];
    const t0 = clock.millis();
    const take = (name: string, ahead = false) =>
      void limiter.acquire(undefined, ahead).then(() => {
        order.push(name);
        starts.push(clock.millis() - t0);
      });
    for (const job of ['job1', 'job2', 'job3', 'job4']) take(job);
    await settle();
    take('test1', true);
    take('test2', true);
    for (let i = 0; i < 6; i++) {
      clock.advance(1000);
      await settle();
    }
    expect(order).toEqual(['job1', 'test1', 'test2', 'job2', 'job3', 'job4']);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it('aheadOfBackground gives the same line with requests going ahead', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), limit: { requestsPerSecond: 50, maxConcurrent: 1 } });
    const order: string[] = [];
    const first = await limiter.acquire();
    void limiter.acquire().then((release) => (order.push('job'), release()));
    void aheadOfBackground(limiter)
      .acquire()
      .then((release) => (order.push('test'), release()));
    await settle();
    expect(limiter.view()).toEqual({ held: 2 });
    first();
    await settle();
    await settle();
    expect(order).toEqual(['test', 'job']);
  });

  it('takes a new limit in place: the waiting line stays and is spaced by the new limit', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 0.1, maxConcurrent: 1 } });
    const started: string[] = [];
    const releases: (() => void)[] = [];
    for (const name of ['a', 'b', 'c'])
      void limiter.acquire().then((release) => {
        started.push(name);
        releases.push(release);
      });
    await settle();
    releases[0]!();
    await clock.sleeping(1);
    expect(clock.waiting()).toEqual([10_000]); // b's turn is 10 s away under the old limit
    limiter.setLimit({ requestsPerSecond: 10, maxConcurrent: 2 });
    await settle();
    expect(limiter.limit()).toEqual({ requestsPerSecond: 10, maxConcurrent: 2 });
    clock.advance(100);
    await settle();
    clock.advance(100);
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it("ends an aborted wait at once with the signal's reason, and frees its place in line", async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 50, maxConcurrent: 1 } });
    const first = await limiter.acquire();
    const stopping = new AbortController();
    const aborted = limiter.acquire(stopping.signal);
    let laterStarted = false;
    void limiter.acquire().then(() => (laterStarted = true));
    await settle();
    expect(limiter.view()).toEqual({ held: 2 });
    stopping.abort(new Error('The engine is stopping.'));
    await expect(settlesWithin(aborted, 'the aborted wait')).rejects.toThrow('The engine is stopping.');
    expect(limiter.view()).toEqual({ held: 1 });
    first();
    await settle();
    clock.advance(20);
    await settle();
    expect(laterStarted).toBe(true);
    expect(clock.waiting()).toEqual([]); // nothing left sleeping to hold the process open
    await expect(limiter.acquire(AbortSignal.abort(new Error('already stopped')))).rejects.toThrow('already stopped');
  });

  it('pauses every start after a 429 until its Retry-After, clamped, and says so once', async () => {
    const clock = manualClock();
    const onPaused = vi.fn();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 50, maxConcurrent: 3 }, events: { onPaused } });
    const t0 = clock.millis();
    limiter.pauseFor(3_000);
    limiter.pauseFor(2_000); // inside the pause: neither shortens it nor says it again
    expect(onPaused).toHaveBeenCalledTimes(1);
    expect(onPaused).toHaveBeenCalledWith(t0 + 3_000);
    let started = false;
    void limiter.acquire().then(() => (started = true));
    await settle();
    expect(limiter.view()).toEqual({ held: 1, pausedUntilMs: t0 + 3_000 });
    clock.advance(2_999);
    await settle();
    expect(started).toBe(false);
    clock.advance(1);
    await settle();
    expect(started).toBe(true);
    expect(limiter.view()).toBeUndefined();

    limiter.pauseFor(10 * 3_600_000);
    expect(limiter.view()).toEqual({ held: 0, pausedUntilMs: clock.millis() + MAX_PAUSE_MS });
    clock.advance(MAX_PAUSE_MS);
    limiter.pauseFor(undefined);
    expect(limiter.view()).toEqual({ held: 0, pausedUntilMs: clock.millis() + DEFAULT_PAUSE_MS });
    expect(onPaused).toHaveBeenCalledTimes(3);
  });

  it('says it holds requests back once per episode, not per request', async () => {
    const clock = fakeClock();
    const onHeld = vi.fn();
    const limiter = createRateLimiter({ clock, limit: { requestsPerSecond: 5, maxConcurrent: 3 }, events: { onHeld } });
    const burst = () => Promise.all(Array.from({ length: 10 }, () => limiter.acquire().then((release) => release())));
    await settlesWithin(burst(), 'the first burst');
    await settlesWithin(burst(), 'the second burst');
    expect(onHeld).toHaveBeenCalledTimes(1);
    expect(onHeld).toHaveBeenCalledWith({ requestsPerSecond: 5, maxConcurrent: 3 });
    clock.advance(61_000);
    await settlesWithin(burst(), 'a burst after a quiet minute');
    expect(onHeld).toHaveBeenCalledTimes(2);
  });
});
