import type { Freshness } from '../../../../shared/domain/tenants';
import { formatClockMinute, formatMinute } from '../../ui/time-format';

/** "2026-11-28 09:00" from an ISO time with an offset, in the configured zone. */
export const shortTime = (iso: string): string => formatMinute(iso);

/** "Fetched at 14:05 (from the cache)" / "Fetched at 14:05 (live from Civica Cx)". */
export function fetchedWords(f: Freshness): string {
  return `Fetched at ${formatClockMinute(f.fetchedAt)} (${f.fromCache ? 'from the cache' : 'live from Civica Cx'})`;
}

export const PRIORITY_WORDS: Record<string, string> = { E: 'Emergency', U: 'Urgent', R: 'Routine', P: 'Planned' };
