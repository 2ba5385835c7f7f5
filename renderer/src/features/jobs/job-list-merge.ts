/**
 * How live `jobChanged` events change the loaded part of the jobs list (newest first, by id). Pure,
 * so the rules are unit-tested:
 * - a job already shown is updated in place, even when it no longer matches the filter: it stays
 *   where the person saw it (marked on screen) until the list loads again, so nothing vanishes mid-look;
 * - a job not shown that matches is inserted at its place by id, when that place is inside the
 *   loaded part (newer than the oldest row, or everything is loaded); older ones come when Next loads them.
 *   One that matched at any point of the batch counts (it died and was retried within one flush),
 *   shown as it is now;
 * - an event older than what is shown (by `updatedAt`) never overwrites it (answers and events race).
 */
import type { JobFilter, JobView } from '../../../../shared/domain/job';
import { jobMatches } from './job-filter';

/**
 * Live inserts stop growing the list past this (the oldest rows are let go and come back when
 * Next loads them), so an unfiltered page left open through a burst stays quick.
 */
export const MAX_LIVE_ROWS = 2000;

export interface LoadedJobs {
  rows: JobView[];
  /** More (older) jobs match than are loaded. */
  hasMore: boolean;
}

const newer = (incoming: JobView, shown: JobView) => Date.parse(incoming.updatedAt) >= Date.parse(shown.updatedAt);

export function mergeJobChanges(loaded: LoadedJobs, changes: JobView[], filter: JobFilter): LoadedJobs {
  if (changes.length === 0) return loaded;
  // The last event per job wins.
  const latest = new Map<number, JobView>();
  const matched = new Set<number>();
  for (const job of changes) {
    const before = latest.get(job.id);
    if (!before || newer(job, before)) latest.set(job.id, job);
    if (jobMatches(job, filter)) matched.add(job.id);
  }
  const oldestShown = loaded.rows.at(-1)?.id;
  let changed = false;
  const rows = loaded.rows.map((row) => {
    const incoming = latest.get(row.id);
    if (!incoming) return row;
    latest.delete(row.id);
    if (!newer(incoming, row)) return row;
    changed = true;
    // Events carry no template name; the one the list was answered with still holds.
    return incoming.templateName === undefined && row.templateName !== undefined ? { ...incoming, templateName: row.templateName } : incoming;
  });
  const inserts = [...latest.values()].filter((job) => matched.has(job.id) && (!loaded.hasMore || oldestShown === undefined || job.id > oldestShown));
  if (inserts.length === 0) return changed ? { ...loaded, rows } : loaded;
  const merged = [...rows, ...inserts].sort((a, b) => b.id - a.id);
  if (merged.length > Math.max(MAX_LIVE_ROWS, loaded.rows.length)) return { rows: merged.slice(0, Math.max(MAX_LIVE_ROWS, loaded.rows.length)), hasMore: true };
  return { ...loaded, rows: merged };
}

/** A job the engine just answered for (retry, cancel): in place when shown; otherwise like an event. */
export function applyJobAnswer(loaded: LoadedJobs, job: JobView, filter: JobFilter): LoadedJobs {
  return mergeJobChanges(loaded, [job], filter);
}
