import type { LogLevel, LogOutcome } from '../../../shared/domain/log-entry';

export const LEVEL_COLOURS: Record<LogLevel, string> = { debug: 'gray', info: 'blue', warn: 'yellow', error: 'red' };
export const OUTCOME_LABELS: Record<LogOutcome, string> = { succeeded: 'succeeded', will_retry: 'will retry', failed: 'failed', dead: 'dead' };
export const OUTCOME_COLOURS: Record<LogOutcome, string> = { succeeded: 'green', will_retry: 'yellow', failed: 'red', dead: 'grape' };

/** `2025-11-23T12:53:02.123+00:00` -> `2025-11-23 12:53:02`: the engine already wrote it in its own zone. */
export function formatLogTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** `2025-11-23T12:53:02.123+00:00` -> `12:53:02`: the time of day alone, in the engine's zone too. */
export function formatLogClock(iso: string): string {
  return formatLogTime(iso).slice(11);
}

/** The same, for a time that may be missing (a job not finished yet): a dash says so. */
export const formatTime = (iso: string | undefined): string => (iso ? formatLogTime(iso) : '—');

/** "1,234 entries", "1 entry", "100,000+ entries". */
export function formatEntryCount(count: number, capped = false): string {
  return `${count.toLocaleString('en-GB')}${capped ? '+' : ''} ${count === 1 && !capped ? 'entry' : 'entries'}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
