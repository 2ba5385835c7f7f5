import { useEffect } from 'react';
import { registerUnsavedWork } from '../stores/unsaved-work-store';

/** Registers `what` as unsaved (stores/unsaved-work-store.ts) while `dirty` is true and the component is on screen. */
export function useUnsavedWork(dirty: boolean, what: string): void {
  useEffect(() => (dirty ? registerUnsavedWork(what) : undefined), [dirty, what]);
}
