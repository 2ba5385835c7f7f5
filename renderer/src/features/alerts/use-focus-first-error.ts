import { useEffect, useRef, type RefObject } from 'react';

/** A marked field: Mantine's PasswordInput marks its input with data-invalid only, the other inputs with aria-invalid. */
const MARKED_FIELD = ':is(input, textarea, select):is([aria-invalid="true"], [data-invalid="true"])';

/**
 * After a refusal, the keyboard goes to the first marked field (as NewCaseModal does): a person
 * using a screen reader hears what is wrong, and the field may be scrolled out of view. `attempt`
 * changes with each refused try, so the same errors twice still move the focus.
 */
export function useFocusFirstError(attempt: number): RefObject<HTMLFormElement | null> {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>(MARKED_FIELD)?.focus();
  }, [attempt]);
  return formRef;
}
