import { create } from 'zustand';

/**
 * Unsaved work is never lost without a word. A form with unsaved changes registers here while it
 * has them (ui/use-unsaved-work.ts); every way out of the page it is on (the shell's page switching, the browser's Back, a
 * form's own Close, reloading or closing the window) asks through `confirmLeaving` first, and the
 * shell shows the question (LeaveConfirmModal).
 *
 * Decisions:
 * - One registry, asked by the shell's page switching, not by each link: a new link is guarded
 *   without knowing it.
 * - Leaving discards every registration at once, so the navigation that follows is not asked
 *   again while the forms it leaves are still on screen.
 * - A second question while one is open answers the first with Stay: only the latest way out
 *   is on screen.
 */
interface UnsavedWorkStore {
  /** What has unsaved changes, by registration: "the template 'Fly-tipping'". */
  unsaved: ReadonlyMap<number, string>;
  /** The open question: what would be lost, and where the answer goes. */
  question: { losing: string[]; answer: (leave: boolean) => void } | null;
}

export const useUnsavedWorkStore = create<UnsavedWorkStore>(() => ({ unsaved: new Map(), question: null }));

let nextRegistration = 0;

/** Marks `what` as having unsaved changes until the returned function is called. */
export function registerUnsavedWork(what: string): () => void {
  const id = nextRegistration++;
  useUnsavedWorkStore.setState(({ unsaved }) => ({ unsaved: new Map(unsaved).set(id, what) }));
  return () =>
    useUnsavedWorkStore.setState(({ unsaved }) => {
      if (!unsaved.has(id)) return {};
      const rest = new Map(unsaved);
      rest.delete(id);
      return { unsaved: rest };
    });
}

/** What would be lost by leaving now (empty when nothing is unsaved). */
export function unsavedWork(): string[] {
  return [...useUnsavedWorkStore.getState().unsaved.values()];
}

/**
 * Resolves true when it is fine to leave: at once when nothing is unsaved, else once the person
 * has chosen to leave (and lose the changes), false when they chose to stay.
 */
export function confirmLeaving(): Promise<boolean> {
  const losing = unsavedWork();
  if (losing.length === 0) return Promise.resolve(true);
  useUnsavedWorkStore.getState().question?.answer(false);
  return new Promise((resolve) => {
    useUnsavedWorkStore.setState({
      question: {
        losing,
        answer: (leave) => {
          useUnsavedWorkStore.setState(leave ? { question: null, unsaved: new Map() } : { question: null });
          resolve(leave);
        },
      },
    });
  });
}

/** Runs `leave` once leaving is confirmed (at once when nothing is unsaved). */
export function leaveIfConfirmed(leave: () => void): void {
  if (unsavedWork().length === 0)
    leave(); // at once: a page switch stays synchronous
  else void confirmLeaving().then((confirmed) => confirmed && leave());
}

/** The browser's own question before reloading or closing the window with unsaved changes. */
export function guardUnload(): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (unsavedWork().length === 0) return;
    event.preventDefault();
    event.returnValue = ''; // older engines ask only when this is set
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
