import { DateTime } from 'luxon';
import type { Clock } from '../../electron/engine/clock';

/**
 * A clock whose sleeps wait until the test moves time past their end, or until their signal aborts.
 * The fake clock's sleeps move time forward at once, so nothing ever waits on it; this one holds a
 * loop in the middle of its wait, so a test can prove that stopping the loop needs no time to pass.
 */
export interface ManualClock extends Clock {
  /** Moves time forward and ends every sleep due by then. */
  advance(ms: number): void;
  /** The sleeps waiting now: how long each asked for, in order. */
  waiting(): number[];
  /** Resolves once `count` sleeps of at least `minMs` are waiting (loops have reached their waits). */
  sleeping(minMs?: number, count?: number): Promise<void>;
}

export function manualClock(startIso = '2026-06-15T09:00:30Z', zone = 'Europe/London'): ManualClock {
  const start = DateTime.fromISO(startIso, { setZone: true });
  if (!start.isValid) throw new Error(`manualClock: ${startIso} is not an ISO time`);
  let nowMs = start.toMillis();
  const sleeps = new Set<{ ms: number; until: number; end(): void }>();
  const listeners = new Set<{ minMs: number; count: number; heard(): void }>();
  const enough = (minMs: number, count: number) => [...sleeps].filter((s) => s.ms >= minMs).length >= count;

  return {
    zone,
    now: () => DateTime.fromMillis(nowMs, { zone }),
    millis: () => nowMs,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const sleep = {
          ms,
          until: nowMs + Math.max(0, ms),
          end: () => {
            sleeps.delete(sleep);
            signal?.removeEventListener('abort', sleep.end);
            resolve();
          },
        };
        sleeps.add(sleep);
        signal?.addEventListener('abort', sleep.end, { once: true });
        for (const listener of [...listeners]) {
          if (enough(listener.minMs, listener.count)) {
            listeners.delete(listener);
            listener.heard();
          }
        }
      });
    },
    advance(ms) {
      nowMs += ms;
      for (const sleep of [...sleeps]) if (sleep.until <= nowMs) sleep.end();
    },
    waiting: () => [...sleeps].map((s) => s.ms),
    sleeping(minMs = 0, count = 1) {
      if (enough(minMs, count)) return Promise.resolve();
      return new Promise<void>((heard) => listeners.add({ minMs, count, heard }));
    },
  };
}
