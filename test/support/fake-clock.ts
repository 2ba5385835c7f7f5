import { DateTime } from 'luxon';
import type { Clock } from '../../electron/engine/clock';

/**
 * A clock that only moves when a test moves it, or when code sleeps on it: `sleep(ms)` moves the
 * clock forward by `ms` at once, so waiting code runs without real time passing (unless the sleep's
 * signal has already aborted: a stopped loop's sleep takes no time). To hold code in the middle of a
 * wait, use manual-clock.ts.
 */
export interface FakeClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
  /** Every sleep asked for, in order, so tests can see that code waited and for how long. */
  readonly sleeps: number[];
}

export function fakeClock(startIso = '2026-03-29T00:30:00Z', zone = 'Europe/London'): FakeClock {
  let current = DateTime.fromISO(startIso, { setZone: true });
  if (!current.isValid) throw new Error(`fakeClock: ${startIso} is not an ISO time`);
  const sleeps: number[] = [];
  return {
    zone,
    sleeps,
    now: () => current.setZone(zone),
    millis: () => current.toMillis(),
    async sleep(ms, signal) {
      if (signal?.aborted) return;
      sleeps.push(ms);
      current = current.plus({ milliseconds: Math.max(0, ms) });
    },
    set(iso) {
      current = DateTime.fromISO(iso, { setZone: true });
    },
    advance(ms) {
      current = current.plus({ milliseconds: ms });
    },
  };
}
