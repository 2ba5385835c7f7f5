import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Where an answer to something the person asked for appears (a connection test, a diagnosis): it is
 * brought into view when it arrives, since it often lands below the buttons and the fold, and it is
 * a polite live region, so a screen reader reads it without the focus being taken from the button.
 * `result` is the answer itself: a new one scrolls again, the same one re-rendered does not.
 */
export function ResultInView({ result, children }: { result: unknown; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // 'nearest': an answer already in view stays put; one below the fold comes up just far enough.
    if (result) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  return (
    <div ref={ref} aria-live="polite" style={{ scrollMarginBlock: 16 }}>
      {children}
    </div>
  );
}
