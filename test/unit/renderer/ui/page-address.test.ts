/** The page in the address (`#/log?level=error`, `#/jobs/42`): which page, the item it has open, and the query it keeps. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  consoleWroteAddress,
  openPageItemInAddress,
  pageItemFromAddress,
  pageItemHref,
  showPageItemInAddress,
  showPageQueryInAddress,
  splitPageAddress,
} from '../../../../renderer/src/ui/page-address';

/** A window with just the address and the history the module uses; counts history entries. */
function fakeWindow(hash: string) {
  const entries = [hash];
  const location = {
    get hash() {
      return entries.at(-1)!;
    },
    set hash(value: string) {
      entries.push(value.startsWith('#') ? value : `#${value}`);
    },
    get href() {
      return `http://127.0.0.1:5000/console/${entries.at(-1)}`;
    },
  };
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, url: string) => {
      entries[entries.length - 1] = url.slice(url.indexOf('#'));
    },
  };
  vi.stubGlobal('window', { location, history });
  return entries;
}

afterEach(() => vi.unstubAllGlobals());

describe('the page address', () => {
  it('reads the page and the query a page keeps after it', () => {
    expect(splitPageAddress('#/log')).toEqual({ page: 'log', item: null, query: '' });
    expect(splitPageAddress('#/log?level=error&q=a?b')).toEqual({ page: 'log', item: null, query: 'level=error&q=a?b' });
    expect(splitPageAddress('#/nowhere?x=1')).toEqual({ page: null, item: null, query: 'x=1' });
    expect(splitPageAddress('')).toEqual({ page: null, item: null, query: '' });
  });

  it('reads the item a page has open, decoded, and names no item for a broken escape or an unknown page', () => {
    expect(splitPageAddress('#/jobs/42?states=dead')).toEqual({ page: 'jobs', item: '42', query: 'states=dead' });
    expect(splitPageAddress(pageItemHref('cases', 'CASE/10 01'))).toEqual({ page: 'cases', item: 'CASE/10 01', query: '' });
    expect(pageItemHref('cases', 'CASE/10 01')).toBe('#/cases/CASE%2F10%2001');
    expect(splitPageAddress('#/jobs/%E0%A4%A')).toEqual({ page: 'jobs', item: null, query: '' });
    expect(splitPageAddress('#/nowhere/42')).toEqual({ page: null, item: null, query: '' });
  });

  it('opens and closes an item as history entries, keeping the filter; a filter change keeps the item and adds none', () => {
    const entries = fakeWindow('#/jobs?states=dead');
    openPageItemInAddress('jobs', '42');
    expect(entries).toEqual(['#/jobs?states=dead', '#/jobs/42?states=dead']);
    expect(pageItemFromAddress('jobs')).toBe('42');
    expect(pageItemFromAddress('log')).toBeNull();
    showPageQueryInAddress('jobs', 'states=failed');
    expect(entries).toEqual(['#/jobs?states=dead', '#/jobs/42?states=failed']);
    openPageItemInAddress('jobs', '42'); // already open: no new entry
    expect(entries).toHaveLength(2);
    openPageItemInAddress('jobs', null);
    expect(entries.at(-1)).toBe('#/jobs?states=failed');
  });

  it("does not carry another page's filter into the item it opens", () => {
    const entries = fakeWindow('#/log?level=error');
    openPageItemInAddress('jobs', '7');
    expect(entries.at(-1)).toBe('#/jobs/7');
  });

  it('shows an item in place of the current entry (a new template saved under its id), keeping the filter', () => {
    const entries = fakeWindow('#/templates');
    openPageItemInAddress('templates', 'new');
    showPageItemInAddress('templates', '12');
    expect(entries).toEqual(['#/templates', '#/templates/12']);
    showPageItemInAddress('templates', null);
    expect(entries).toEqual(['#/templates', '#/templates']);
    const filtered = fakeWindow('#/jobs/4?states=dead');
    showPageItemInAddress('jobs', '5');
    expect(filtered).toEqual(['#/jobs/5?states=dead']);
  });

  it("tells the console's own moves from a link's or the browser's, once", () => {
    fakeWindow('#/templates');
    openPageItemInAddress('templates', '4');
    expect(consoleWroteAddress('#/templates/4')).toBe(true);
    expect(consoleWroteAddress('#/templates/4')).toBe(false); // the browser's Back to it later is not the console's
    openPageItemInAddress('templates', null);
    expect(consoleWroteAddress('#/jobs')).toBe(false); // a nav link followed before the console's move was seen
    expect(consoleWroteAddress('#/templates')).toBe(false);
  });
});
