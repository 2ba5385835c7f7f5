/**
 * Sleeping on the clock: a sleep given a signal ends when it aborts (how a stopping loop leaves its
 * wait at once), and the system clock then clears its timer, so nothing is left to hold the process.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/engine/clock';
import { fakeClock } from '../../support/fake-clock';
import { settlesWithin } from '../../support/hang-guard';

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('the system clock', () => {
  it("ends a sleep when its signal aborts, and clears the sleep's timer", async () => {
    const clock = systemClock();
    const before = timers();
    const stop = new AbortController();
    const sleeping = clock.sleep(60 * 60_000, stop.signal);
    expect(timers()).toBe(before + 1);
    stop.abort();
    await settlesWithin(sleeping, 'an hour-long sleep whose signal aborted');
    expect(timers()).toBe(before);
  });

  it('does not start a sleep whose signal has already aborted', async () => {
    const clock = systemClock();
    const before = timers();
    const sleeping = clock.sleep(60 * 60_000, AbortSignal.abort());
    expect(timers()).toBe(before);
    await settlesWithin(sleeping, 'a sleep asked for after its stop');
  });

  it('still sleeps the time asked when nothing aborts it', async () => {
    const clock = systemClock();
    const started = performance.now();
    await clock.sleep(20, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe('the fake clock', () => {
  it('does not move for a sleep whose signal has already aborted', async () => {
    const clock = fakeClock();
    const before = clock.millis();
    await clock.sleep(60_000, AbortSignal.abort());
    expect(clock.millis()).toBe(before);
    await clock.sleep(60_000);
    expect(clock.millis()).toBe(before + 60_000);
  });
});
