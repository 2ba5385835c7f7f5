/**
 * The Log page's filter as a query string (`level=error,warn&q=timeout`), for the address and for the
 * copy the engine keeps (stores/saved-view-filters.ts) so the view survives a restart. Both are
 * outside input: each part is checked on its own and a bad one is dropped (and named), not the rest.
 */
import { LogFilterSchema, type LogFilter } from '../../../shared/domain/log-filter';
import { dropEndBeforeStart, filterFromQuery, filterToQuery, type FilterCodec, type FilterParam } from './filter-query';

const PARAMS: FilterParam<LogFilter>[] = [
  { key: 'levels', param: 'level', label: 'level', list: true },
  { key: 'sources', param: 'source', label: 'source', list: true },
  { key: 'outcomes', param: 'outcome', label: 'outcome', list: true },
  { key: 'caseId', param: 'case', label: 'case' },
  { key: 'templateId', param: 'template', label: 'template' },
  { key: 'jobId', param: 'job', label: 'job', number: true },
  { key: 'from', param: 'from', label: 'from' },
  { key: 'to', param: 'to', label: 'to' },
  { key: 'text', param: 'q', label: 'search words' },
];

export const logFilterToQuery = (filter: LogFilter): string => filterToQuery(filter, PARAMS);

/** The filter a query describes, and the parts that were not valid (as a person would name them). */
export function logFilterFromQuery(query: string): { filter: LogFilter; dropped: string[] } {
  return dropEndBeforeStart(filterFromQuery(query, PARAMS, LogFilterSchema), query, LogFilterSchema);
}

export const LOG_FILTER_CODEC: FilterCodec<LogFilter> = { toQuery: logFilterToQuery, fromQuery: logFilterFromQuery };

/** `2026-03-29T09:15` from a datetime-local input -> ISO with this machine's offset, or null when not a time. */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00'] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A filter bar's typed time range (datetime-local values) as filter parts, with why each part left out is not usable. */
export function readTimeRange(typed: { from: string; to: string }): { parts: { from?: string; to?: string }; errors: { from?: string; to?: string } } {
  const parts: { from?: string; to?: string } = {};
  const errors: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    if (!typed[key]) continue;
    const iso = localInputToIso(typed[key]);
    if (iso) parts[key] = iso;
    else errors[key] = 'a date and time';
  }
  if (parts.from && parts.to && Date.parse(parts.from) > Date.parse(parts.to)) {
    errors.to = 'the end is before the start';
    delete parts.to;
  }
  return { parts, errors };
}

/** ISO with any offset -> the datetime-local value for this machine's zone ('' when not a time). */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
