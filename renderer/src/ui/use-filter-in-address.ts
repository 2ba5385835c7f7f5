/**
 * A page's filter kept after its address (`#/log?level=error`) and in the engine's preferences, so a
 * link, a reload and a restart all show the same view. The Log, Jobs and Audit pages share it; each
 * gives its own codec (ui/log-filter-query.ts, ui/job-filter-query.ts, features/audit/audit-filter-query.ts);
 * the Audit page's filter is kept in its address only (stores/saved-view-filters.ts).
 *
 * Decisions:
 * - The address wins over the saved copy (a link or a reload); the saved copy is read only when the
 *   address has none.
 * - A filter pasted into the address applies at once; following the page's own link (no filter in
 *   it) keeps the current filter and writes it back into the address.
 * - Parts that were not valid are dropped, not the whole filter, and named with where they came from.
 * - `barKey` changes whenever the filter was set from outside the filter bar (Clear, a count, the
 *   address), so the page remounts the bar and its typed values follow.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/api-context';
import type { PageId } from '../../../shared/domain/pages';
import { isSavedView, loadSavedFilter, saveFilter } from '../stores/saved-view-filters';
import type { FilterCodec } from './filter-query';
import { pageHref, pageQueryFromAddress, showPageQueryInAddress } from './page-address';

/** The parts of a filter that were not valid, and whether they came from the address or the saved copy. */
export interface DroppedParts {
  values: string[];
  from: 'address' | 'saved';
}

export interface FilterInAddress<F> {
  filter: F;
  /** A change made in the filter bar. */
  setFilter(filter: F): void;
  /** A change made elsewhere (Clear, a link on the page): the bar is remounted to show it. */
  replaceFilter(filter: F): void;
  barKey: number;
  dropped: DroppedParts;
  dismissDropped(): void;
}

export function useFilterInAddress<F extends object>(page: PageId, codec: FilterCodec<F>): FilterInAddress<F> {
  const api = useApi();
  const [initial] = useState(() => {
    const fromAddress = pageQueryFromAddress();
    const parsed = codec.fromQuery(fromAddress || (isSavedView(page) ? loadSavedFilter(page) : ''));
    return { filter: parsed.filter, dropped: { values: parsed.dropped, from: fromAddress ? 'address' : 'saved' } satisfies DroppedParts };
  });
  const [filter, setFilter] = useState<F>(initial.filter);
  const [dropped, setDropped] = useState<DroppedParts>(initial.dropped);
  const [barKey, setBarKey] = useState(0);

  const replaceFilter = useCallback((next: F) => {
    setFilter(next);
    setBarKey((k) => k + 1);
  }, []);

  const query = useMemo(() => codec.toQuery(filter), [codec, filter]);
  useEffect(() => {
    showPageQueryInAddress(page, query);
    if (isSavedView(page)) saveFilter(api, page, query);
  }, [api, page, query]);

  useEffect(() => {
    const onHashChange = () => {
      const fromAddress = pageQueryFromAddress();
      if (!window.location.hash.startsWith(pageHref(page)) || fromAddress === query) return;
      if (!fromAddress) return showPageQueryInAddress(page, query);
      const parsed = codec.fromQuery(fromAddress);
      replaceFilter(parsed.filter);
      setDropped({ values: parsed.dropped, from: 'address' });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [codec, page, query, replaceFilter]);

  const dismissDropped = useCallback(() => setDropped({ values: [], from: 'address' }), []);
  return { filter, setFilter, replaceFilter, barKey, dropped, dismissDropped };
}
