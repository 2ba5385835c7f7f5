/**
 * The jobs list shown a page at a time. The loaded rows (newest first, grown by `beforeId` as pages
 * are asked for, and changed live by job-list-merge) are cut into pages here, so a live change lands
 * on whichever page holds it and the filter stays as it is. Pure, so the rules are unit-tested:
 * - a page past the loaded rows shows the last one there is (rows can shrink when the list reloads);
 * - Next is offered while there are more rows loaded, or more to load;
 * - Next needs a load when the next page is not all loaded and more match.
 */
import type { JobView } from '../../../../shared/domain/job';
import type { LoadedJobs } from './job-list-merge';

/** Rows on a page: a screen or two, so the actions of every row stay near the pager. */
export const JOBS_PER_PAGE = 50;

export interface JobsPage {
  /** The page shown (0 is the newest jobs), after clamping to the rows loaded. */
  index: number;
  rows: JobView[];
  /** Positions of the first and last row shown, counting from 1 (0 and 0 when there are none). */
  first: number;
  last: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /** Going to the next page needs older jobs from the engine first. */
  nextNeedsLoad: boolean;
}

export function jobsPage(loaded: LoadedJobs, asked: number, perPage = JOBS_PER_PAGE): JobsPage {
  const lastLoadedPage = Math.max(0, Math.ceil(loaded.rows.length / perPage) - 1);
  const index = Math.max(0, Math.min(Math.floor(asked), lastLoadedPage));
  const start = index * perPage;
  const rows = loaded.rows.slice(start, start + perPage);
  const nextStart = start + perPage;
  const nextLoaded = loaded.rows.length - nextStart;
  return {
    index,
    rows,
    first: rows.length === 0 ? 0 : start + 1,
    last: start + rows.length,
    hasPrevious: index > 0,
    hasNext: nextLoaded > 0 || loaded.hasMore,
    nextNeedsLoad: loaded.hasMore && nextLoaded < perPage,
  };
}

/** "Showing 51–100 of 183": the total only when it is known and covers what is shown (rows kept after they stopped matching can outnumber it). */
export function describeJobsPage(page: Pick<JobsPage, 'first' | 'last'>, total: number | null): string {
  if (page.last === 0) return 'No jobs shown';
  const of = total !== null && total >= page.last ? ` of ${total.toLocaleString('en-GB')}` : '';
  return `Showing ${page.first.toLocaleString('en-GB')}–${page.last.toLocaleString('en-GB')}${of}`;
}
