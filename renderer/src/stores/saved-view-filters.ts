/**
 * The Log and Jobs pages' filters, kept in the engine's preferences so a view survives a restart of
 * either host: a browser's own storage belongs to an address, and the headless host's address (its
 * port and token) changes from one start to the next. Saving waits until the person stops changing
 * the filter.
 */
import { describeError } from '../api/contract-call-error';
import type { Api } from '../api/create-api';
import { usePreferencesStore } from './preferences-store';
import { useProblemStore } from './problem-store';

export type FilteredView = 'log' | 'jobs';
const KEY = { log: 'logFilter', jobs: 'jobsFilter' } as const;

/** Whether a page's filter is kept in the preferences (others, such as the Audit page's, live in the address only). */
export function isSavedView(page: string): page is FilteredView {
  return Object.hasOwn(KEY, page);
}
const SAVE_AFTER_MS = 600;
const pending = new Map<FilteredView, { timer: ReturnType<typeof setTimeout>; save: () => void }>();

/** The filter last used on this view (as its address query), '' when none. */
export function loadSavedFilter(view: FilteredView): string {
  return usePreferencesStore.getState().preferences?.[KEY[view]] ?? '';
}

export function saveFilter(api: Api, view: FilteredView, query: string): void {
  const previous = pending.get(view);
  if (previous) clearTimeout(previous.timer);
  const save = () => {
    pending.delete(view);
    if (loadSavedFilter(view) === query) return;
    api
      .call('setPreferences', { [KEY[view]]: query })
      .then((preferences) => usePreferencesStore.setState({ preferences }))
      .catch((error: unknown) => useProblemStore.getState().report(`Could not remember the ${view === 'log' ? 'Log' : 'Jobs'} page's filter: ${describeError(error)}`));
  };
  pending.set(view, { timer: setTimeout(save, SAVE_AFTER_MS), save });
}

/** A filter changed just before the window closes is saved at once rather than lost with the wait. */
function saveWaitingFilters(): void {
  for (const { timer, save } of [...pending.values()]) {
    clearTimeout(timer);
    save();
  }
}
if (typeof window !== 'undefined') window.addEventListener('pagehide', saveWaitingFilters);
