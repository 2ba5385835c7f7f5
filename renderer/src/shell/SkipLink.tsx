import type { MouseEvent } from 'react';
import { focusPageHeading } from './page-focus';
import classes from './SkipLink.module.css';

/**
 * The first thing Tab reaches: past the header and the navigation to the page itself. A click
 * handler rather than a `#fragment` href, because the address's fragment is the page's own address.
 */
export function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    focusPageHeading();
  };
  return (
    <a className={classes.skipLink} href="#main-content" onClick={skip}>
      Skip to content
    </a>
  );
}
