/** Where keyboard focus goes when a page opens or the skip link is followed. */
export const MAIN_CONTENT_ID = 'main-content';

/**
 * Moves focus to the page's `<h1>` (focusable only from script, see Page), so a keyboard or screen
 * reader user starts at the page's name; falls back to the main landmark while a page has no heading.
 */
export function focusPageHeading(): void {
  const main = document.getElementById(MAIN_CONTENT_ID);
  const heading = main?.querySelector<HTMLElement>('h1');
  (heading ?? main)?.focus();
}
