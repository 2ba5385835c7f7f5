/**
 * How a background loop waits and stops (log retention, the Tascomi sync, the job workers, the demo
 * feed): every wait ends at once on stop(), so closing the engine never sits out an hour's sleep,
 * and the clock's timer is cleared rather than left to hold the process open.
 *
 * Decisions:
 * - A loop checks `stopped` after every await; work that waits on something outside (an HTTP
 *   request, a retry's sleep) takes `signal`, which stop() aborts, so it ends at its next step.
 * - A wake() while the loop is busy is kept and ends its next wait at once: a settings save during
 *   a prune, or an enqueue during a claim, is not lost.
 * - stop() is final; a component that can start again makes a new control.
 */
import type { Clock } from './clock';

export interface LoopControl {
  /** Aborted by stop(), with a reason that says the engine is stopping. */
  readonly signal: AbortSignal;
  readonly stopped: boolean;
  /**
   * Waits until `ms` of the clock passes (no limit when omitted), one of `also` settles, wake() or
   * stop(), whichever comes first. Resolves either way; the loop looks at `stopped` next.
   */
  wait(ms?: number, also?: readonly Promise<unknown>[]): Promise<void>;
  /** Ends the current wait now, or the next one if the loop is busy. */
  wake(): void;
  stop(): void;
}

/** What a stopped loop's aborted work fails with. */
export const STOPPING = 'casebridge is stopping';

export function createLoopControl(clock: Pick<Clock, 'sleep'>): LoopControl {
  const stopper = new AbortController();
  const waits = new Set<() => void>();
  let wakePending = false;
  const endWaits = () => [...waits].forEach((end) => end());

  return {
    signal: stopper.signal,
    get stopped() {
      return stopper.signal.aborted;
    },
    wait(ms = Infinity, also = []) {
      if (stopper.signal.aborted || wakePending) {
        wakePending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        // Only a timed wait has a timer to release (waits on running attempts are the hot path).
        const timer = Number.isFinite(ms) ? new AbortController() : undefined;
        const end = () => {
          if (!waits.delete(end)) return;
          timer?.abort(); // releases the clock's timer when something else ended the wait
          resolve();
        };
        waits.add(end);
        if (timer) void clock.sleep(Math.max(0, ms), timer.signal).then(end);
        for (const work of also) work.then(end, end);
      });
    },
    wake() {
      if (waits.size === 0) wakePending = true;
      else endWaits();
    },
    stop() {
      if (!stopper.signal.aborted) stopper.abort(new DOMException(STOPPING, 'AbortError'));
      endWaits();
    },
  };
}

/**
 * Waits for `work` to settle, at most `ms` of the clock (its timer cleared either way); true when
 * the work settled in time. A stop that lets running work finish, but not forever, uses it.
 */
export async function settlesWithinClock(clock: Pick<Clock, 'sleep'>, ms: number, work: Promise<unknown>): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, clock.sleep(ms, timer.signal).then(() => false)]);
  } finally {
    timer.abort();
  }
}

/** A task that runs in the background now and again (log retention, case retention). */
export interface PeriodicTask {
  /** Runs the task now, then every `everyMs` until stop(); starting a started task does nothing. */
  start(): void;
  /** Runs it again as soon as the run under way (if any) ends: new settings were saved. */
  wake(): void;
  /** Stops it: a run under way sees its signal aborted and ends at its next step; resolves once it has. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `everyMs` on the clock. A run that fails is reported through `failed` and the
 * task carries on (the next turn tries again): one bad run must not end the loop for good.
 */
export function createPeriodicTask(clock: Pick<Clock, 'sleep'>, everyMs: number, run: (signal: AbortSignal) => Promise<unknown>, failed: (error: unknown) => void): PeriodicTask {
  let control = createLoopControl(clock);
  let loop: Promise<void> | undefined;
  return {
    start() {
      if (loop) return;
      if (control.stopped) control = createLoopControl(clock);
      const current = control;
      loop = (async () => {
        while (!current.stopped) {
          try {
            await run(current.signal);
          } catch (error) {
            failed(error);
          }
          await current.wait(everyMs);
        }
      })();
    },
    wake: () => control.wake(),
    async stop() {
      control.stop();
      await loop;
      loop = undefined;
    },
  };
}
