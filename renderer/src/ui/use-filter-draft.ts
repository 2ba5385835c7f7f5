/**
 * A filter bar's typed values (case, words, times…): kept as typed, applied after a short pause so
 * each key press is not a query, each one that is not usable left out with why. Choices (the
 * multi-selects) apply at once, with what was typed so far. The draft's keys are the filter's keys
 * it types; every other key of the filter is a choice.
 */
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { compactFilter, TYPING_DEBOUNCE_MS } from './filter-query';

export interface ReadDraft<F, D> {
  parts: Partial<F>;
  errors?: Partial<Record<keyof D, string>>;
}

export function useFilterDraft<F extends object, D extends { [K in keyof D]: string }>(
  filter: F,
  onChange: (filter: F) => void,
  draftOf: (filter: F) => D,
  readDraft: (draft: D) => ReadDraft<F, D>,
) {
  const [draft, setDraft] = useState<D>(() => draftOf(filter));
  const [errors, setErrors] = useState<Partial<Record<keyof D, string>>>({});

  const choicesOf = (base: F) => Object.fromEntries(Object.entries(base).filter(([key]) => !Object.hasOwn(draft, key))) as Partial<F>;
  const commit = useDebouncedCallback((next: D, base: F) => {
    const read = readDraft(next);
    setErrors(read.errors ?? {});
    onChange(compactFilter({ ...choicesOf(base), ...read.parts } as F));
  }, TYPING_DEBOUNCE_MS);

  return {
    draft,
    errors,
    type(key: keyof D, value: string) {
      const next = { ...draft, [key]: value };
      setDraft(next);
      commit(next, filter);
    },
    choose(parts: Partial<F>) {
      commit.cancel();
      onChange(compactFilter({ ...filter, ...readDraft(draft).parts, ...parts }));
    },
    /** Whether anything is typed (applied or not). */
    typed: Object.values(draft).some((value) => value !== ''),
    /** Drops typing not yet applied (before the filter is replaced from outside, e.g. Clear). */
    cancelTyping: () => commit.cancel(),
  };
}
