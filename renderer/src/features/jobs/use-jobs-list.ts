/**
 * The jobs list's data: the filtered jobs from the engine a page at a time (newest first; Next loads
 * the older ones by id when they are not loaded yet, job-list-pages.ts), live changes from `jobChanged` put on screen at most every LIVE_FLUSH_MS, and the counts
 * (all matching jobs, and the failed / dead ones a bulk retry would touch) reloaded at most as often.
 */
import { useThrottledCallback } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobFilter, JobView } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { retryableFilter } from './job-filter';
import { applyJobAnswer, mergeJobChanges, type LoadedJobs } from './job-list-merge';
import { JOBS_PER_PAGE, jobsPage, type JobsPage } from './job-list-pages';

/** The most rows one request may ask for (the contract's limit): a reload asks for every page up to the one shown. */
const MAX_ROWS_PER_REQUEST = 500;
/** Live changes reach the screen (and the counts reload) at most this often, however fast they come. */
export const LIVE_FLUSH_MS = 500;

export interface JobsList {
  loaded: LoadedJobs;
  /** The page of the loaded rows on screen. */
  page: JobsPage;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
  /** Jobs matching the filter, and of them the failed and dead ones; null until known. */
  counts: { total: number; retryable: number } | null;
  /** Shows the next (older) page, loading it first when needed. */
  showNext(): void;
  showPrevious(): void;
  /** Reads the list again, keeping the page shown. */
  reload(): void;
  /** Puts in a job the engine just answered for (retry now, cancel). */
  applyAnswer(job: JobView): void;
  /** Reads the counts again (after a bulk retry). */
  refreshCounts(): void;
}

const EMPTY: LoadedJobs = { rows: [], hasMore: false };

export function useJobsList(filter: JobFilter): JobsList {
  const api = useApi();
  const [loaded, setLoaded] = useState<LoadedJobs>(EMPTY);
  const [status, setStatus] = useState<JobsList['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [counts, setCounts] = useState<JobsList['counts']>(null);
  const [pageAsked, setPageAsked] = useState(0);
  const page = jobsPage(loaded, pageAsked);
  const pageShown = useRef(0);
  pageShown.current = page.index;

  const filterRef = useRef(filter);
  /** Bumped by each reload, so answers to older requests are ignored. */
  const generation = useRef(0);
  const loading = useRef(true);
  const buffer = useRef<JobView[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const moreInFlight = useRef(false);
  const countSeq = useRef(0);

  const loadCounts = useCallback(() => {
    const seq = ++countSeq.current;
    const current = filterRef.current;
    const narrowed = retryableFilter(current);
    Promise.all([api.call('countJobs', { filter: current }), narrowed ? api.call('countJobs', { filter: narrowed }) : Promise.resolve(0)]).then(
      ([total, retryable]) => seq === countSeq.current && setCounts({ total, retryable }),
      () => undefined, // the list says what went wrong; the counts just stay as they were
    );
  }, [api]);
  const throttledCounts = useThrottledCallback(loadCounts, LIVE_FLUSH_MS);

  const flush = useCallback(() => {
    flushTimer.current = null;
    if (loading.current || buffer.current.length === 0) return; // the load's answer flushes what waited
    const changes = buffer.current;
    buffer.current = [];
    setLoaded((current) => mergeJobChanges(current, changes, filterRef.current));
  }, []);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    loading.current = true;
    moreInFlight.current = false;
    setLoadingMore(false);
    setStatus('loading');
    setError(null);
    setCounts(null);
    loadCounts();
    // Every page up to the one shown, so a reload (a refresh, the engine back) leaves the person where they were.
    const limit = Math.min(MAX_ROWS_PER_REQUEST, (pageShown.current + 1) * JOBS_PER_PAGE);
    api
      .call('listJobs', { filter: filterRef.current, limit })
      .then((rows) => {
        if (mine !== generation.current) return;
        setLoaded({ rows, hasMore: rows.length === limit });
        setStatus('ready');
        loading.current = false;
        flush(); // changes that came while loading: older ones lose to the answer by updatedAt
      })
      .catch((e: unknown) => {
        if (mine !== generation.current) return;
        loading.current = false;
        buffer.current = [];
        setStatus('error');
        setError(
          e instanceof ContractCallError && e.code === 'not_connected'
            ? 'The engine is not reachable; the jobs load again when it is back.'
            : `Could not load the jobs: ${describeError(e)}`,
        );
      });
  }, [api, flush, loadCounts]);

  // A new filter: start again from the newest matching jobs.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    filterRef.current = filter;
    buffer.current = [];
    setLoaded(EMPTY); // the old filter's rows are not this one's
    setPageAsked(0);
    pageShown.current = 0;
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the filter
  }, [filterKey, reload]);

  useEffect(() => {
    const offJob = api.on('jobChanged', (job) => {
      buffer.current.push(job);
      flushTimer.current ??= setTimeout(flush, LIVE_FLUSH_MS);
      throttledCounts();
    });
    // Changes made while the connection was down never arrived: load again once it is back.
    const offState = api.onConnectionStateChange((state) => state === 'open' && reload());
    return () => {
      offJob();
      offState();
      if (flushTimer.current) clearTimeout(flushTimer.current);
      flushTimer.current = null;
    };
  }, [api, flush, reload, throttledCounts]);

  const loadMore = useCallback(() => {
    const last = loaded.rows.at(-1);
    if (loading.current || moreInFlight.current || !loaded.hasMore || !last) return;
    const mine = generation.current;
    moreInFlight.current = true;
    setLoadingMore(true);
    api
      .call('listJobs', { filter: filterRef.current, limit: JOBS_PER_PAGE, beforeId: last.id })
      .then((rows) => {
        if (mine !== generation.current) return;
        setLoaded((current) => {
          // A live insert may already hold some of these.
          const shown = new Set(current.rows.map((r) => r.id));
          return { rows: [...current.rows, ...rows.filter((r) => !shown.has(r.id))], hasMore: rows.length === JOBS_PER_PAGE };
        });
      })
      .catch((e: unknown) => {
        if (mine === generation.current) setError(`Could not load older jobs: ${describeError(e)}`);
      })
      .finally(() => {
        if (mine !== generation.current) return;
        moreInFlight.current = false;
        setLoadingMore(false);
      });
  }, [api, loaded]);

  // The page asked for is shown as soon as its rows are loaded (jobsPage shows the last loaded one until then).
  const showNext = useCallback(() => {
    if (!page.hasNext) return;
    setPageAsked(page.index + 1);
    if (page.nextNeedsLoad) loadMore();
  }, [page.hasNext, page.index, page.nextNeedsLoad, loadMore]);
  const showPrevious = useCallback(() => setPageAsked(Math.max(0, page.index - 1)), [page.index]);

  const applyAnswer = useCallback((job: JobView) => setLoaded((current) => applyJobAnswer(current, job, filterRef.current)), []);

  return { loaded, page, status, error, loadingMore, counts, showNext, showPrevious, reload, applyAnswer, refreshCounts: throttledCounts };
}
