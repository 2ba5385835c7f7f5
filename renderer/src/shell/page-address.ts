import { PageIdSchema, type PageId } from '../../../shared/domain/pages';

/**
 * The page also lives in the address (`#/log`), so nav entries are real links (Enter, middle
 * click, back and forward work) without a server route per page.
 */
export function pageHref(page: PageId): string {
  return `#/${page}`;
}

export function pageFromAddress(): PageId | null {
  const parsed = PageIdSchema.safeParse(window.location.hash.replace(/^#\/?/, ''));
  return parsed.success ? parsed.data : null;
}

/** Puts the page in the address without adding a history entry. */
export function showPageInAddress(page: PageId): void {
  if (pageFromAddress() === page) return;
  const url = new URL(window.location.href);
  url.hash = pageHref(page);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
