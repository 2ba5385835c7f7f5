/**
 * A page's filter as a query string (`level=error,warn&q=timeout`), for the address and for the copy
 * the engine keeps (stores/saved-view-filters.ts) so a view survives a restart. Both are outside
 * input: each part is checked against the filter's schema on its own, and a bad one is dropped (and
 * named as a person would), not the rest. The Log and Jobs pages each describe their parameters.
 */
import type { z } from 'zod';

/** A filter bar's typing waits this long for a pause before the list is asked again. */
export const TYPING_DEBOUNCE_MS = 300;

export interface FilterParam<F> {
  key: keyof F & string;
  /** The name in the query string. */
  param: string;
  /** What a person calls it, for "dropped" messages. */
  label: string;
  /** Comma-separated values. */
  list?: boolean;
  /** A whole number. */
  number?: boolean;
}

/** A page's filter to its query and back, as ui/use-filter-in-address.ts keeps it. */
export interface FilterCodec<F> {
  toQuery(filter: F): string;
  /** The filter a query describes, and the parts that were not valid (named as a person would). */
  fromQuery(query: string): { filter: F; dropped: string[] };
}

/** Leaves out empty parts (blank text, empty lists), so an empty filter is `{}` and two equal filters serialise alike. */
export function compactFilter<F extends object>(filter: F): F {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as F;
}

export function isEmptyFilter(filter: object): boolean {
  return Object.keys(compactFilter(filter)).length === 0;
}

export function filterToQuery<F extends object>(filter: F, params: readonly FilterParam<F>[]): string {
  const query = new URLSearchParams();
  const compact = compactFilter(filter) as Record<string, unknown>;
  for (const { key, param, list } of params) {
    const value = compact[key];
    if (value === undefined) continue;
    query.set(param, list ? (value as string[]).join(',') : String(value));
  }
  return query.toString();
}

/** The filter a query describes (compacted), and the parts that were not valid. */
export function filterFromQuery<F extends object>(query: string, params: readonly FilterParam<F>[], schema: z.ZodType<F>): { filter: F; dropped: string[] } {
  const given = new URLSearchParams(query);
  const filter: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const { key, param, label, list, number } of params) {
    const raw = given.get(param);
    if (raw === null || raw.trim() === '') continue;
    const value = list
      ? [
          ...new Set(
            raw
              .split(',')
              .map((part) => part.trim())
              .filter(Boolean),
          ),
        ]
      : number
        ? /^\d+$/.test(raw.trim())
          ? Number(raw)
          : NaN
        : raw;
    const checked = (schema as z.ZodType<Record<string, unknown>>).safeParse({ [key]: value });
    if (checked.success) filter[key] = checked.data[key];
    else dropped.push(`${label} '${raw}'`);
  }
  return { filter: compactFilter(filter as F), dropped };
}

/** Each part may be fine alone and the pair still wrong (an end before the start): the end is then dropped, and named. */
export function dropEndBeforeStart<F extends { to?: string }>(read: { filter: F; dropped: string[] }, query: string, schema: z.ZodType<F>): { filter: F; dropped: string[] } {
  if (schema.safeParse(read.filter).success || read.filter.to === undefined) return read;
  const { to: _to, ...filter } = read.filter;
  return { filter: filter as F, dropped: [...read.dropped, `to '${new URLSearchParams(query).get('to')}' (before the start)`] };
}
