/**
 * The Log page's filter as a query string (`level=error,warn&q=timeout`), for the address and for the
 * copy the engine keeps (stores/saved-view-filters.ts) so the view survives a restart. Both are
 * outside input: each part is checked on its own and a bad one is dropped (and named), not the rest.
 */
import { LogFilterSchema, type LogFilter } from '../../../shared/domain/log-filter';
import { dropEndBeforeStart, filterFromQuery, filterToQuery, type FilterCodec, type FilterParam } from './filter-query';
import { TIME_INPUT_PLACEHOLDER, timeInputToIso } from './time-format';

const PARAMS: FilterParam<LogFilter>[] = [
  { key: 'levels', param: 'level', label: 'level', list: true },
  { key: 'sources', param: 'source', label: 'source', list: true },
  { key: 'outcomes', param: 'outcome', label: 'outcome', list: true },
  { key: 'caseId', param: 'case', label: 'case' },
  { key: 'templateId', param: 'template', label: 'template' },
  { key: 'jobId', param: 'job', label: 'job', number: true },
  { key: 'person', param: 'person', label: 'person' },
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

/** A filter bar's typed time range (`2026-03-29 09:15`, configured zone) as filter parts, with why each part left out is not usable. */
export function readTimeRange(typed: { from: string; to: string }): { parts: { from?: string; to?: string }; errors: { from?: string; to?: string } } {
  const parts: { from?: string; to?: string } = {};
  const errors: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    if (!typed[key]) continue;
    const iso = timeInputToIso(typed[key]);
    if (iso) parts[key] = iso;
    else errors[key] = `a date and time as ${TIME_INPUT_PLACEHOLDER}`;
  }
  if (parts.from && parts.to && Date.parse(parts.from) > Date.parse(parts.to)) {
    errors.to = 'the end is before the start';
    delete parts.to;
  }
  return { parts, errors };
}
