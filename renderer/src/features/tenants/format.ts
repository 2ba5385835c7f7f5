import type { Freshness } from '../../../../shared/domain/tenants';

/** "2026-11-28 09:00" from an ISO time with an offset (shown in the time it was written in). */
export const shortTime = (iso: string): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** "Fetched at 14:05 (from the cache)" / "Fetched at 14:05 (live from Civica Cx)". */
export function fetchedWords(f: Freshness): string {
  return `Fetched at ${f.fetchedAt.slice(11, 16)} (${f.fromCache ? 'from the cache' : 'live from Civica Cx'})`;
}

export const PRIORITY_WORDS: Record<string, string> = { E: 'Emergency', U: 'Urgent', R: 'Routine', P: 'Planned' };
