import type { LogLevel, LogOutcome } from '../../../shared/domain/log-entry';

export const LEVEL_COLOURS: Record<LogLevel, string> = { debug: 'gray', info: 'blue', warn: 'yellow', error: 'red' };
export const OUTCOME_LABELS: Record<LogOutcome, string> = { succeeded: 'succeeded', will_retry: 'will retry', failed: 'failed', dead: 'dead' };
export const OUTCOME_COLOURS: Record<LogOutcome, string> = { succeeded: 'green', will_retry: 'yellow', failed: 'red', dead: 'grape' };

// Times are shown by the one helper for them (time-format.ts); these names are kept for the log's pages.
export { formatLogClock, formatLogTime, formatTime } from './time-format';

/** "1,234 entries", "1 entry", "100,000+ entries". */
export function formatEntryCount(count: number, capped = false): string {
  return `${count.toLocaleString('en-GB')}${capped ? '+' : ''} ${count === 1 && !capped ? 'entry' : 'entries'}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
