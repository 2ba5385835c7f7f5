import { PageIdSchema, type PageId } from '../../../shared/domain/pages';

/**
 * The page also lives in the address (`#/log`), so nav entries are real links (Enter, middle
 * click, back and forward work) without a server route per page. A page may keep its own state
 * after it as a query (`#/log?level=error`), so that a reload shows the same view.
 */
export function pageHref(page: PageId): string {
  return `#/${page}`;
}

/** `#/log?level=error` -> the page (null when unknown) and the query after it (without `?`). */
export function splitPageAddress(hash: string): { page: PageId | null; query: string } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s, 2);
  const parsed = PageIdSchema.safeParse(path);
  return { page: parsed.success ? parsed.data : null, query };
}

export function pageFromAddress(): PageId | null {
  return splitPageAddress(window.location.hash).page;
}

/** The query a page keeps after its address, e.g. `level=error` on `#/log?level=error`. */
export function pageQueryFromAddress(): string {
  return splitPageAddress(window.location.hash).query;
}

/** Puts the page in the address without adding a history entry. */
export function showPageInAddress(page: PageId): void {
  if (pageFromAddress() === page) return;
  replaceHash(pageHref(page));
}

/** Puts a page's own state after it in the address (no history entry; an empty query removes it). */
export function showPageQueryInAddress(page: PageId, query: string): void {
  replaceHash(query ? `${pageHref(page)}?${query}` : pageHref(page));
}

function replaceHash(hash: string): void {
  const url = new URL(window.location.href);
  url.hash = hash;
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
