/**
 * A job's last action by hand in words: "Retried by Sam Patel, 10:42" on the jobs table (the day
 * only when it was not today, in the configured zone), the whole time in the job's detail.
 */
import type { JobAction, JobActionKind } from '../../../shared/domain/job';
import { configuredZone, formatClockMinute, formatDay, formatMinute } from './time-format';

const DONE: Record<JobActionKind, string> = { retried: 'Retried', cancelled: 'Cancelled', queued: 'Queued' };

/** For a row: the time of day, with the day before it unless it was today. */
export function describeLastAction(action: JobAction, nowMs = Date.now(), zone = configuredZone()): string {
  const when = formatDay(action.at, zone) === formatDay(nowMs, zone) ? formatClockMinute(action.at, zone) : formatMinute(action.at, zone);
  return `${DONE[action.kind]} by ${action.by}, ${when}`;
}
