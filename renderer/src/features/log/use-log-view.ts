/**
 * The Log page's data: the filtered log a page at a time from the engine (never the whole log), live
 * entries from the `log` event batched into at most a few renders a second, and the count.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { LogFilter, LogRow } from '../../../../shared/domain/log-filter';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { entryMatches, toLogRow } from './live-filter';
import { canResumeInPlace, EMPTY_WINDOW, logWindowReducer, type LogWindow } from './log-window';

/** Rows per request: a screenful many times over, small enough to answer at once. */
export const PAGE_SIZE = 500;
/** Live entries are put on screen at most this often, however fast they come. */
export const LIVE_FLUSH_MS = 250;
const COUNT_CAP = 100_000;

export interface LogView {
  window: LogWindow;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingOlder: boolean;
  count: { count: number; capped: boolean } | null;
  loadOlder(): void;
  pause(): void;
  /** Back to the newest entries and following them (reloads when the window cannot just catch up). */
  resume(): void;
  reload(): void;
}

export function useLogView(filter: LogFilter): LogView {
  const api = useApi();
  const [window, dispatch] = useReducer(logWindowReducer, EMPTY_WINDOW);
  const [status, setStatus] = useState<LogView['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [count, setCount] = useState<LogView['count']>(null);

  // Refs for what the event handler and async answers need without re-subscribing.
  const filterRef = useRef(filter);
  const windowRef = useRef(window);
  windowRef.current = window;
  /** Bumped by each reload, so an answer to an older request is ignored. */
  const generation = useRef(0);
  const buffer = useRef<LogRow[]>([]);
  const loading = useRef(true);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const olderInFlight = useRef(false);

  const flush = useCallback(() => {
    flushTimer.current = null;
    if (loading.current || buffer.current.length === 0) return; // the load's answer flushes what waited
    const rows = buffer.current;
    buffer.current = [];
    const fresh = rows.filter((row) => row.id > windowRef.current.newestId).length;
    dispatch({ type: 'live', rows });
    if (fresh > 0) setCount((c) => (c && !c.capped ? (c.count + fresh > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: c.count + fresh, capped: false }) : c));
  }, []);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    const current = filterRef.current;
    loading.current = true;
    olderInFlight.current = false;
    setLoadingOlder(false);
    setStatus('loading');
    setError(null);
    setCount(null);
    api
      .call('queryLog', { filter: current, limit: PAGE_SIZE })
      .then((page) => {
        if (mine !== generation.current) return;
        dispatch({ type: 'loaded', rows: page.rows, hasMore: page.hasMore });
        setStatus('ready');
        loading.current = false;
        flush();
      })
      .catch((e: unknown) => {
        if (mine !== generation.current) return;
        loading.current = false;
        buffer.current = [];
        // A dropped connection is on screen already, and reconnecting reloads.
        setStatus('error');
        setError(
          e instanceof ContractCallError && e.code === 'not_connected'
            ? 'The engine is not reachable; the log loads again when it is back.'
            : `Could not load the log: ${describeError(e)}`,
        );
      });
    api
      .call('countLog', { filter: current })
      .then((answer) => mine === generation.current && setCount(answer))
      .catch(() => undefined); // the list says what went wrong; the count just stays away
  }, [api, flush]);

  // A new filter: start again from the newest matching entries.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    filterRef.current = filter;
    buffer.current = [];
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the filter
  }, [filterKey, reload]);

  useEffect(() => {
    const offLog = api.on('log', (entry) => {
      if (!entryMatches(entry, filterRef.current)) return;
      buffer.current.push(toLogRow(entry));
      flushTimer.current ??= setTimeout(flush, LIVE_FLUSH_MS);
    });
    // Entries written while the connection was down never arrived: load again once it is back.
    const offState = api.onConnectionStateChange((state) => {
      if (state === 'open') reload();
    });
    return () => {
      offLog();
      offState();
      if (flushTimer.current) clearTimeout(flushTimer.current);
      flushTimer.current = null;
    };
  }, [api, flush, reload]);

  const loadOlder = useCallback(() => {
    const current = windowRef.current;
    const last = current.rows.at(-1);
    if (loading.current || olderInFlight.current || !current.hasMore || !last) return;
    const mine = generation.current;
    olderInFlight.current = true;
    setLoadingOlder(true);
    api
      .call('queryLog', { filter: filterRef.current, limit: PAGE_SIZE, beforeId: last.id })
      .then((page) => {
        if (mine !== generation.current) return;
        dispatch({ type: 'older', rows: page.rows, hasMore: page.hasMore });
      })
      .catch((e: unknown) => {
        if (mine === generation.current) setError(`Could not load older entries: ${describeError(e)}`);
      })
      .finally(() => {
        if (mine !== generation.current) return;
        olderInFlight.current = false;
        setLoadingOlder(false);
      });
  }, [api]);

  const pause = useCallback(() => dispatch({ type: 'pause' }), []);
  const resume = useCallback(() => {
    if (canResumeInPlace(windowRef.current)) dispatch({ type: 'resume' });
    else reload();
  }, [reload]);

  return { window, status, error, loadingOlder, count, loadOlder, pause, resume, reload };
}
