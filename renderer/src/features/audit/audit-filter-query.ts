/**
 * The Audit page's filter as a query string (`action=personal_revealed&case=CAS-1`), for its
 * address: a link or a reload shows the same view. Outside input: each part is checked on its own
 * and a bad one is dropped (and named), not the rest.
 */
import { AccessAuditFilterSchema, type AccessAuditFilter } from '../../../../shared/domain/access-audit';
import { dropEndBeforeStart, filterFromQuery, filterToQuery, type FilterCodec, type FilterParam } from '../../ui/filter-query';

const PARAMS: FilterParam<AccessAuditFilter>[] = [
  { key: 'actions', param: 'action', label: 'action', list: true },
  { key: 'who', param: 'who', label: 'who' },
  { key: 'caseId', param: 'case', label: 'case' },
  { key: 'from', param: 'from', label: 'from' },
  { key: 'to', param: 'to', label: 'to' },
  { key: 'text', param: 'q', label: 'search words' },
];

export const AUDIT_FILTER_CODEC: FilterCodec<AccessAuditFilter> = {
  toQuery: (filter) => filterToQuery(filter, PARAMS),
  fromQuery: (query) => dropEndBeforeStart(filterFromQuery(query, PARAMS, AccessAuditFilterSchema), query, AccessAuditFilterSchema),
};
