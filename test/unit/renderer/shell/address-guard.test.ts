/** Holding the address while there is unsaved work: a link's move is stepped back from, a Back is undone, the console's own moves are followed. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdAddressChange, startAddressGuard } from '../../../../renderer/src/shell/address-guard';
import { registerUnsavedWork, useUnsavedWorkStore } from '../../../../renderer/src/stores/unsaved-work-store';
import { openPageItemInAddress } from '../../../../renderer/src/ui/page-address';

const BASE = 'http://127.0.0.1:5000/';

/** A tab's history: entries with their state, the one on screen, and the calls the guard made. */
function fakeHistory(first: string) {
  const entries: { url: string; state: unknown }[] = [{ url: BASE + first, state: null }];
  let at = 0;
  const calls: string[] = [];
  const history = {
    get state() {
      return entries[at]!.state;
    },
    replaceState: (state: unknown, _title: string, url?: string) => {
      entries[at] = { url: url ? new URL(url, BASE).href : entries[at]!.url, state };
    },
    back: () => calls.push('back'),
    go: (delta: number) => calls.push(`go ${delta}`),
  };
  const location = {
    get href() {
      return entries[at]!.url;
    },
    get hash() {
      return new URL(entries[at]!.url).hash;
    },
    set hash(value: string) {
      entries.splice(at + 1);
      entries.push({ url: BASE + value, state: null });
      at += 1;
    },
  };
  vi.stubGlobal('window', { history, location });
  /** A move the browser makes (a link followed, Back), as the hashchange event it fires. */
  const move = (to: number | string) => {
    const oldURL = entries[at]!.url;
    if (typeof to === 'number') at = to;
    else location.hash = to;
    return { oldURL, newURL: entries[at]!.url } as HashChangeEvent;
  };
  return { entries, calls, move, address: () => location.hash };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  useUnsavedWorkStore.setState({ unsaved: new Map(), question: null });
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the address guard', () => {
  it('follows every move while nothing is unsaved', () => {
    const tab = fakeHistory('#/templates');
    startAddressGuard();
    expect(holdAddressChange(tab.move('#/templates/4'))).toBe(false);
    expect(holdAddressChange(tab.move(0))).toBe(false);
    expect(tab.calls).toEqual([]);
  });

  it("puts a link's move back at once and steps back from its entry; Leave follows the link", () => {
    const tab = fakeHistory('#/templates/4');
    startAddressGuard();
    registerUnsavedWork("the template 'Fly-tipping'");
    expect(holdAddressChange(tab.move('#/jobs'))).toBe(true);
    expect(tab.address()).toBe('#/templates/4'); // before any page's listener reads it
    vi.runAllTimers();
    expect(tab.calls).toEqual(['back']);
    useUnsavedWorkStore.getState().question!.answer(true);
    return Promise.resolve().then(() => expect(tab.address()).toBe('#/jobs'));
  });

  it("undoes the browser's Back by going forward again; Stay leaves the history as it was", () => {
    const tab = fakeHistory('#/templates');
    startAddressGuard();
    holdAddressChange(tab.move('#/templates/4'));
    registerUnsavedWork("the template 'Fly-tipping'");
    expect(holdAddressChange(tab.move(0))).toBe(true);
    expect(tab.address()).toBe('#/templates/4');
    vi.runAllTimers();
    expect(tab.entries[0]!.url).toBe(`${BASE}#/templates`); // the entry Back went to keeps its address
    expect(tab.calls).toEqual(['go 1']);
    expect(holdAddressChange({} as HashChangeEvent)).toBe(true); // the put-back itself is not followed
    useUnsavedWorkStore.getState().question!.answer(false);
    expect(tab.calls).toEqual(['go 1']);
  });

  it("follows the console's own move even with unsaved work (a new template opening)", () => {
    const tab = fakeHistory('#/templates');
    startAddressGuard();
    openPageItemInAddress('templates', 'new');
    registerUnsavedWork("the template 'New'");
    expect(holdAddressChange({ oldURL: `${BASE}#/templates`, newURL: `${BASE}#/templates/new` } as HashChangeEvent)).toBe(false);
    expect(tab.address()).toBe('#/templates/new');
  });
});
