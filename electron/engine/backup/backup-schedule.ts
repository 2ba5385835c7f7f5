/**
 * When the daily backup runs next: the settings' time of day in the engine's zone, the first such
 * moment after now. Across a clock change luxon moves a time that does not exist that day (01:30
 * in spring) forward, and takes the first of a time that happens twice.
 */
import type { DateTime } from 'luxon';

export function nextBackupAt(now: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  const today = now.set({ hour, minute, second: 0, millisecond: 0 });
  return today > now ? today : today.plus({ days: 1 }).set({ hour, minute });
}
