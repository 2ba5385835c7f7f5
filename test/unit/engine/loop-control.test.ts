/**
 * The waits every background loop makes: each ends at its time, at wake() or at stop(), whichever
 * comes first, and never leaves the clock's timer behind.
 */
import { describe, expect, it } from 'vitest';
import { createLoopControl, createPeriodicTask, settlesWithinClock, STOPPING } from '../../../electron/engine/loop-control';
import { settlesWithin } from '../../support/hang-guard';
import { manualClock } from '../../support/manual-clock';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a loop control', () => {
  it('ends a wait when its time has passed on the clock', async () => {
    const clock = manualClock();
    const control = createLoopControl(clock);
    let ended = false;
    const waiting = control.wait(60_000).then(() => (ended = true));
    clock.advance(59_999);
    await turn();
    expect(ended).toBe(false);
    clock.advance(1);
    await settlesWithin(waiting, 'a wait whose time has passed');
  });

  it('ends a wait at stop(), releases the timer, and aborts its signal with a reason that says why', async () => {
    const clock = manualClock();
    const control = createLoopControl(clock);
    const waiting = control.wait(60 * 60_000);
    expect(clock.waiting()).toEqual([60 * 60_000]);
    control.stop();
    await settlesWithin(waiting, 'a wait at stop()');
    expect(clock.waiting()).toEqual([]);
    expect(control.stopped).toBe(true);
    expect(control.signal.reason).toMatchObject({ name: 'AbortError', message: STOPPING });
    // Every later wait ends at once: a loop that missed the stop cannot fall asleep again.
    await settlesWithin(control.wait(60 * 60_000), 'a wait after stop()');
    await settlesWithin(control.wait(), 'an endless wait after stop()');
    expect(clock.waiting()).toEqual([]);
  });

  it('keeps a wake() that came while the loop was busy, for its next wait only', async () => {
    const clock = manualClock();
    const control = createLoopControl(clock);
    control.wake();
    control.wake();
    await settlesWithin(control.wait(60_000), 'the wait after a wake during work');
    let ended = false;
    void control.wait(60_000).then(() => (ended = true));
    await turn();
    expect(ended).toBe(false); // two wakes while busy are one
    control.wake();
    await turn();
    expect(ended).toBe(true);
    expect(clock.waiting()).toEqual([]);
  });

  it('ends a wait when other work settles, failed or not, and releases the timer', async () => {
    const clock = manualClock();
    const control = createLoopControl(clock);
    let fail!: (error: Error) => void;
    const attempt = new Promise<never>((_, reject) => (fail = reject));
    const waiting = control.wait(60_000, [attempt, new Promise(() => {})]);
    fail(new Error('the attempt failed'));
    await settlesWithin(waiting, 'a wait on work that failed');
    expect(clock.waiting()).toEqual([]);
  });
});

describe('waiting for work at most so long on the clock', () => {
  it('says the work settled in time, and releases the timer', async () => {
    const clock = manualClock();
    let finish!: () => void;
    const within = settlesWithinClock(clock, 10_000, new Promise<void>((resolve) => (finish = resolve)));
    finish();
    expect(await settlesWithin(within, 'work that settled')).toBe(true);
    expect(clock.waiting()).toEqual([]);
  });

  it('says it did not once the time has passed', async () => {
    const clock = manualClock();
    const within = settlesWithinClock(clock, 10_000, new Promise(() => {}));
    await settlesWithin(clock.sleeping(10_000), 'the wait starting');
    clock.advance(10_000);
    expect(await settlesWithin(within, 'work that hung')).toBe(false);
  });
});

describe('a periodic task (log and case retention)', () => {
  it('runs at start and then every period, carries on after a failed run, runs again on wake, and stops a run under way', async () => {
    const clock = manualClock();
    const failures: unknown[] = [];
    const runs: AbortSignal[] = [];
    let release: (() => void) | undefined;
    const task = createPeriodicTask(
      clock,
      60 * 60_000,
      async (signal) => {
        runs.push(signal);
        if (runs.length === 2) throw new Error('the disk is full');
        if (runs.length === 4) await new Promise<void>((resolve) => (release = resolve));
      },
      (error) => failures.push(error),
    );
    task.start();
    task.start(); // a started task is not started twice
    await turn();
    expect(runs).toHaveLength(1);
    clock.advance(60 * 60_000);
    await turn();
    expect(runs).toHaveLength(2);
    expect(failures).toEqual([new Error('the disk is full')]);
    clock.advance(60 * 60_000); // the failure did not end the loop
    await turn();
    expect(runs).toHaveLength(3);
    task.wake(); // new settings: run now, not in an hour
    await turn();
    expect(runs).toHaveLength(4);
    const stopped = task.stop();
    expect(runs[3]!.aborted).toBe(true); // the run under way is told, and the stop waits for it
    release!();
    await settlesWithin(stopped, 'a stop while a run is under way');
    expect(clock.waiting()).toEqual([]);
    clock.advance(2 * 60 * 60_000);
    await turn();
    expect(runs).toHaveLength(4);
  });
});
