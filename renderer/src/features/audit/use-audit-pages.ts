/**
 * The Audit page's data: the filtered audit from the engine a page at a time, newest first, each
 * "Load more" continuing after the last row shown (by id: entries added meanwhile do not shift it).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccessAuditEntry, AccessAuditFilter } from '../../../../shared/domain/access-audit';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';

/** Rows per request: a long screenful. */
export const AUDIT_PAGE_SIZE = 100;

export interface AuditPages {
  rows: AccessAuditEntry[];
  hasMore: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
  loadMore(): void;
  /** From the newest again (entries recorded since the page was opened). */
  reload(): void;
}

export function useAuditPages(filter: AccessAuditFilter): AuditPages {
  const api = useApi();
  const [rows, setRows] = useState<AccessAuditEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [status, setStatus] = useState<AuditPages['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Bumped by each reload, so an answer for an older filter is ignored.
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setStatus('loading');
    setError(null);
    setLoadingMore(false);
    api.call('queryAccessAudit', { filter, limit: AUDIT_PAGE_SIZE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows(page.rows);
        setHasMore(page.hasMore);
        setStatus('ready');
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(describeError(e));
        setStatus('error');
      },
    );
  }, [api, filter]);

  useEffect(reload, [reload]);

  const loadMore = useCallback(() => {
    const last = rows.at(-1);
    if (!last || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    api.call('queryAccessAudit', { filter, limit: AUDIT_PAGE_SIZE, beforeId: last.id }).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows((shown) => [...shown, ...page.rows]);
        setHasMore(page.hasMore);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(describeError(e));
        setLoadingMore(false);
      },
    );
  }, [api, filter, rows, loadingMore]);

  return { rows, hasMore, status, error, loadingMore, loadMore, reload };
}
