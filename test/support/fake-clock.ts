import { DateTime } from 'luxon';
import type { Clock } from '../../electron/engine/clock';

/** A clock that only moves when a test moves it. */
export interface FakeClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function fakeClock(startIso = '2026-03-29T00:30:00Z', zone = 'Europe/London'): FakeClock {
  let current = DateTime.fromISO(startIso, { setZone: true });
  if (!current.isValid) throw new Error(`fakeClock: ${startIso} is not an ISO time`);
  return {
    zone,
    now: () => current.setZone(zone),
    set(iso) {
      current = DateTime.fromISO(iso, { setZone: true });
    },
    advance(ms) {
      current = current.plus({ milliseconds: ms });
    },
  };
}
