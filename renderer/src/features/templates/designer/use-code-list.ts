import { useEffect, useState } from 'react';
import type { TascomiCodeListName } from '../../../../../shared/connectors/tascomi-schema';
import type { CodeEntryView } from '../../../../../shared/domain/tascomi';
import { useApi } from '../../../api/api-context';
import { describeError } from '../../../api/contract-call-error';
import type { Api } from '../../../api/create-api';

// Many rows ask for the same list; one request per list while the console runs. Failures are not
// kept, so configuring Tascomi later and reopening the designer loads the lists.
const cache = new WeakMap<Api, Map<TascomiCodeListName, Promise<CodeEntryView[]>>>();

function load(api: Api, list: TascomiCodeListName): Promise<CodeEntryView[]> {
  let lists = cache.get(api);
  if (!lists) cache.set(api, (lists = new Map()));
  let promise = lists.get(list);
  if (!promise) {
    promise = api.call('getTascomiCodeList', { list });
    lists.set(list, promise);
    promise.catch(() => lists.delete(list));
  }
  return promise;
}

export type CodeListState = { status: 'loading' } | { status: 'loaded'; entries: CodeEntryView[] } | { status: 'failed'; message: string };

export function useCodeList(list: TascomiCodeListName | undefined): CodeListState | null {
  const api = useApi();
  const [state, setState] = useState<CodeListState | null>(list ? { status: 'loading' } : null);
  useEffect(() => {
    if (!list) return setState(null);
    let current = true;
    setState({ status: 'loading' });
    load(api, list).then(
      (entries) => current && setState({ status: 'loaded', entries }),
      (error: unknown) => current && setState({ status: 'failed', message: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, list]);
  return state;
}

/** Picker options: value is what a row stores (the code, else the id); duplicates are dropped. */
export function codeOptions(entries: CodeEntryView[]): { value: string; label: string; disabled?: boolean }[] {
  const seen = new Set<string>();
  return entries.flatMap((e) => {
    const value = e.code ?? e.id;
    if (seen.has(value)) return [];
    seen.add(value);
    // Listed so an old template's value still reads, but not choosable (ceased or disabled in Tascomi).
    return [{ value, label: `${e.code ?? e.id} — ${e.label}${e.active ? '' : ` (${e.inactive ?? 'not in use'})`}`, disabled: !e.active }];
  });
}
