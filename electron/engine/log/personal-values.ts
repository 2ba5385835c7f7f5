/**
 * The personal values of the work under way (a job's attempt), so that whatever is logged about it
 * marks them (personal-data.ts) by what they are, not by the name of the field that carries them:
 * under a remote field renamed per instance, an additional field, a field an admin marked, or in
 * the remote's words quoting them back. The key-name pattern stays as a safety net for answers'
 * fields casebridge never sent. A connector's client is shared by every job running at once, so
 * the values travel with the attempt's async context (AsyncLocalStorage), as its exchanges do
 * (connectors/http/exchange-capture.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { markOccurrences, MIN_PERSONAL_CHARS, personalValuesPattern } from './personal-data';

interface Scope {
  /** Trimmed, in lower case. */
  values: Set<string>;
  /** Built on first use after a change. */
  pattern?: RegExp | null;
}

const current = new AsyncLocalStorage<Scope>();

/** Runs `fn` in a scope of its own: values noted inside it are marked in what its calls log. */
export function withPersonalValues<T>(fn: () => Promise<T>): Promise<T> {
  return current.run({ values: new Set() }, fn);
}

/** Adds values to the current scope (nothing outside one: there is no work to mark them in). */
export function notePersonalValues(values: Iterable<string>): void {
  const scope = current.getStore();
  if (!scope) return;
  for (const value of values) {
    const text = value.trim().toLowerCase();
    if (text.length >= MIN_PERSONAL_CHARS && !scope.values.has(text)) {
      scope.values.add(text);
      scope.pattern = undefined;
    }
  }
}

/** Whether a whole value (a field's) is one of the scope's personal values. */
export function isPersonalValue(value: string): boolean {
  const values = current.getStore()?.values;
  return values !== undefined && values.size > 0 && values.has(value.trim().toLowerCase());
}

/** Marks each occurrence of the scope's personal values in text (outside what is marked already). */
export function markPersonalValues(text: string): string {
  const scope = current.getStore();
  if (!scope || scope.values.size === 0) return text;
  scope.pattern ??= personalValuesPattern(scope.values);
  return markOccurrences(text, scope.pattern);
}
