import { leaveIfConfirmed, unsavedWork } from '../stores/unsaved-work-store';
import { consoleWroteAddress } from '../ui/page-address';

/**
 * Holds the address while there is unsaved work: a nav link or the browser's Back or Forward
 * moves the address before anything can ask, so the move is put back (before a page's own
 * listener reads the address) and made again only once the person chooses to leave.
 *
 * Decisions:
 * - Each history entry carries its position (`casebridgeEntry` in its state), so a move is told
 *   apart: a new entry (a link) is stepped back from, a Back or Forward is undone by going the
 *   other way, and Leave then makes the same move again. The history stays as it was.
 * - The console's own moves (a page opening an item) are not ways out: they are followed.
 */
const KEY = 'casebridgeEntry';
let current = 0;
let undoing = false; // the next hashchange is the put-back itself

function entryOf(state: unknown): number | undefined {
  const entry = (state as Record<string, unknown> | null)?.[KEY];
  return typeof entry === 'number' ? entry : undefined;
}

function markCurrentEntry(position: number): void {
  current = position;
  window.history.replaceState({ ...((window.history.state as object | null) ?? {}), [KEY]: position }, '');
}

/** Marks the entry the console starts on (after a reload it keeps its position). */
export function startAddressGuard(): void {
  markCurrentEntry(entryOf(window.history.state) ?? 0);
}

/** True when this address change is held (or is the put-back): the shell then does not follow it. */
export function holdAddressChange(event: HashChangeEvent): boolean {
  if (undoing) {
    undoing = false;
    return true;
  }
  const landed = entryOf(window.history.state);
  const ownMove = consoleWroteAddress(window.location.hash);
  if (unsavedWork().length === 0 || ownMove) {
    markCurrentEntry(landed ?? current + 1);
    return false;
  }
  const target = window.location.href;
  const from = current;
  window.history.replaceState(window.history.state, '', event.oldURL);
  // After this event's other listeners (a page's own reads the address): a task, not a microtask.
  setTimeout(() => {
    if (landed === undefined) {
      window.history.back(); // to the entry the link left, at the same address: no event
    } else {
      window.history.replaceState(window.history.state, '', target);
      undoing = true;
      window.history.go(from - landed);
    }
  });
  leaveIfConfirmed(() => {
    if (landed === undefined) window.location.hash = new URL(target).hash;
    else window.history.go(landed - from);
  });
  return true;
}
