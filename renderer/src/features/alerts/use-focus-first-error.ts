import { useEffect, useRef, type RefObject } from 'react';

/**
 * After a refusal, the keyboard goes to the first marked field (as NewCaseModal does): a person
 * using a screen reader hears what is wrong, and the field may be scrolled out of view. `attempt`
 * changes with each refused try, so the same errors twice still move the focus.
 */
export function useFocusFirstError(attempt: number): RefObject<HTMLFormElement | null> {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  return formRef;
}
