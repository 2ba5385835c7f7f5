/**
 * The item a page has open, kept in the address (`#/jobs/42`; ui/page-address.ts), so that it
 * survives a reload, is a link of its own, and the browser's Back closes it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PageId } from '../../../shared/domain/pages';
import { openPageItemInAddress, pageItemFromAddress, showPageItemInAddress } from './page-address';

/** `openItem` adds a history entry; `replaceItem` changes the current one (ui/page-address.ts). */
export function usePageItem(page: PageId): [item: string | null, openItem: (item: string | null) => void, replaceItem: (item: string | null) => void] {
  const [item, setItem] = useState(() => pageItemFromAddress(page));
  useEffect(() => {
    const follow = () => setItem(pageItemFromAddress(page));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [page]);
  const openItem = useCallback(
    (next: string | null) => {
      openPageItemInAddress(page, next);
      setItem(next);
    },
    [page],
  );
  const replaceItem = useCallback(
    (next: string | null) => {
      showPageItemInAddress(page, next);
      setItem(next);
    },
    [page],
  );
  return [item, openItem, replaceItem];
}
