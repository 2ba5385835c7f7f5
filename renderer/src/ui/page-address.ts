import { PageIdSchema, type PageId } from '../../../shared/domain/pages';

/**
 * The page also lives in the address (`#/log`), so nav entries are real links (Enter, middle
 * click, back and forward work) without a server route per page. A page may keep its own state
 * after it as a query (`#/log?level=error`), so that a reload shows the same view, and one item it
 * has open as a path segment (`#/jobs/42`, `#/templates/4`), so that an item is a link of its own.
 *
 * Decisions:
 * - Opening or closing an item adds a history entry (the browser's Back closes it); a filter or a
 *   page shown on start replaces the entry, so typing in a filter does not fill the history.
 * - A filter written into the address keeps the item that is open, and the reverse.
 */
export function pageHref(page: PageId): string {
  return `#/${page}`;
}

/** `#/jobs/42`: the address of one item a page shows (a job, a template, a case). */
export function pageItemHref(page: PageId, item: string): string {
  return `${pageHref(page)}/${encodeURIComponent(item)}`;
}

/** `#/log?level=error` -> the page (null when unknown), the item it has open, and the query (without `?`). */
export function splitPageAddress(hash: string): { page: PageId | null; item: string | null; query: string } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s, 2);
  const [pageName = '', ...rest] = path.split('/');
  const parsed = PageIdSchema.safeParse(pageName);
  const page = parsed.success ? parsed.data : null;
  return { page, item: page ? itemOf(rest.join('/')) : null, query };
}

function itemOf(segment: string): string | null {
  if (segment === '') return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // a broken escape names no item
  }
}

export function pageFromAddress(): PageId | null {
  return splitPageAddress(window.location.hash).page;
}

/** The item `page` has open in the address, or null (also when the address is another page's). */
export function pageItemFromAddress(page: PageId): string | null {
  const address = splitPageAddress(window.location.hash);
  return address.page === page ? address.item : null;
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
  replaceHash(withQuery(pathOf(page, pageItemFromAddress(page)), query));
}

/** Opens (or with null closes) an item of a page, as a new history entry; the query stays. */
export function openPageItemInAddress(page: PageId, item: string | null): void {
  const query = pageFromAddress() === page ? pageQueryFromAddress() : '';
  const hash = withQuery(pathOf(page, item), query);
  if (window.location.hash === hash) return;
  writtenHash = hash;
  window.location.hash = hash;
}

// The address the console itself last moved to, so that following it is not taken for a way out.
let writtenHash: string | null = null;

/** Whether the console itself moved to `hash` (a page opening an item), not a link or the browser's Back; asks once. */
export function consoleWroteAddress(hash: string): boolean {
  const wrote = writtenHash === hash;
  writtenHash = null;
  return wrote;
}

/** Shows (or with null closes) an item of a page in place of the current entry: an item that was
 * renamed (a new template saved under its id) or that cannot be shown. The query stays. */
export function showPageItemInAddress(page: PageId, item: string | null): void {
  const query = pageFromAddress() === page ? pageQueryFromAddress() : '';
  replaceHash(withQuery(pathOf(page, item), query));
}

function pathOf(page: PageId, item: string | null): string {
  return item === null ? pageHref(page) : pageItemHref(page, item);
}

function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}

function replaceHash(hash: string): void {
  const url = new URL(window.location.href);
  url.hash = hash;
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
