/**
 * The Jobs page's filter as a query string (`state=dead,failed&q=timeout`), for the address and the
 * copy the engine keeps (stores/saved-view-filters.ts), as the Log page's is (log-filter-query.ts).
 */
import { JobFilterSchema, type JobFilter } from '../../../shared/domain/job';
import { filterFromQuery, filterToQuery, type FilterCodec, type FilterParam } from './filter-query';

const PARAMS: FilterParam<JobFilter>[] = [
  { key: 'states', param: 'state', label: 'state', list: true },
  { key: 'connectors', param: 'connector', label: 'connector', list: true },
  { key: 'caseId', param: 'case', label: 'case' },
  { key: 'templateId', param: 'template', label: 'template', number: true },
  { key: 'errorClasses', param: 'error', label: 'error class', list: true },
  { key: 'text', param: 'q', label: 'search words' },
];

export const jobFilterToQuery = (filter: JobFilter): string => filterToQuery(filter, PARAMS);
/** The filter a query describes, and the parts that were not valid (named as a person would). */
export const jobFilterFromQuery = (query: string): { filter: JobFilter; dropped: string[] } => filterFromQuery(query, PARAMS, JobFilterSchema);

export const JOB_FILTER_CODEC: FilterCodec<JobFilter> = { toQuery: jobFilterToQuery, fromQuery: jobFilterFromQuery };
