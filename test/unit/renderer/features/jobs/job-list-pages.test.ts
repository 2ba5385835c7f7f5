/** The jobs list a page at a time: which rows a page shows, when Next loads, and what the count says. */
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../../../shared/domain/job';
import { describeJobsPage, jobsPage } from '../../../../../renderer/src/features/jobs/job-list-pages';

const rows = (count: number, newest = count) => Array.from({ length: count }, (_, i) => ({ id: newest - i }) as JobView);
const ids = (page: { rows: JobView[] }) => page.rows.map((r) => r.id);

describe('jobsPage', () => {
  it('cuts the loaded rows into pages, newest first', () => {
    const loaded = { rows: rows(12), hasMore: false };
    expect(jobsPage(loaded, 0, 5)).toMatchObject({ index: 0, first: 1, last: 5, hasPrevious: false, hasNext: true, nextNeedsLoad: false });
    expect(ids(jobsPage(loaded, 0, 5))).toEqual([12, 11, 10, 9, 8]);
    expect(ids(jobsPage(loaded, 2, 5))).toEqual([2, 1]);
    expect(jobsPage(loaded, 2, 5)).toMatchObject({ first: 11, last: 12, hasPrevious: true, hasNext: false });
  });

  it('offers Next while more match than are loaded, and says it needs a load when the next page is not all there', () => {
    expect(jobsPage({ rows: rows(10), hasMore: true }, 1, 5)).toMatchObject({ index: 1, hasNext: true, nextNeedsLoad: true });
    expect(jobsPage({ rows: rows(13), hasMore: true }, 1, 5)).toMatchObject({ hasNext: true, nextNeedsLoad: true }); // 3 of the next 5 loaded
    expect(jobsPage({ rows: rows(15), hasMore: true }, 1, 5)).toMatchObject({ hasNext: true, nextNeedsLoad: false });
    expect(jobsPage({ rows: rows(10), hasMore: false }, 1, 5)).toMatchObject({ hasNext: false, nextNeedsLoad: false });
  });

  it('shows the last loaded page when the one asked for is not loaded (yet, or any more after a reload)', () => {
    const page = jobsPage({ rows: rows(7), hasMore: true }, 4, 5);
    expect(page).toMatchObject({ index: 1, first: 6, last: 7 });
    expect(ids(page)).toEqual([2, 1]);
    expect(jobsPage({ rows: [], hasMore: false }, 3, 5)).toMatchObject({ index: 0, rows: [], first: 0, last: 0, hasPrevious: false, hasNext: false });
  });

  it('keeps a live insert on the page that holds it: the newest page takes it and its oldest row moves on', () => {
    const before = jobsPage({ rows: rows(10), hasMore: false }, 0, 5);
    const after = jobsPage({ rows: rows(11), hasMore: false }, 0, 5);
    expect(ids(before)).toEqual([10, 9, 8, 7, 6]);
    expect(ids(after)).toEqual([11, 10, 9, 8, 7]);
    expect(ids(jobsPage({ rows: rows(11), hasMore: false }, 1, 5))).toEqual([6, 5, 4, 3, 2]);
  });
});

describe('describeJobsPage', () => {
  it('says which rows of how many', () => {
    expect(describeJobsPage({ first: 1, last: 50 }, 183)).toBe('Showing 1–50 of 183');
    expect(describeJobsPage({ first: 1001, last: 1050 }, 2400)).toBe('Showing 1,001–1,050 of 2,400');
  });

  it('leaves out a total not known yet, or smaller than what is shown (rows kept after they stopped matching)', () => {
    expect(describeJobsPage({ first: 51, last: 100 }, null)).toBe('Showing 51–100');
    expect(describeJobsPage({ first: 1, last: 4 }, 0)).toBe('Showing 1–4');
    expect(describeJobsPage({ first: 0, last: 0 }, 0)).toBe('No jobs shown');
  });
});
