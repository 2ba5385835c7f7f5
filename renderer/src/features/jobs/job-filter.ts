/**
 * The Jobs page's filter: as a query string (`state=dead,failed&q=timeout`) for the address and the
 * copy the engine keeps (stores/saved-view-filters.ts), as the Log page does; and the same rules the engine filters by, applied
 * to live `jobChanged` events (which arrive unfiltered). Pure, so it is unit-tested without a page.
 */
import { JobFilterSchema, type JobFilter, type JobFilterState, type JobView } from '../../../../shared/domain/job';

type Key = keyof JobFilter;
const PARAMS: { key: Key; param: string; label: string; list?: boolean; number?: boolean }[] = [
  { key: 'states', param: 'state', label: 'state', list: true },
  { key: 'connectors', param: 'connector', label: 'connector', list: true },
  { key: 'caseId', param: 'case', label: 'case' },
  { key: 'templateId', param: 'template', label: 'template', number: true },
  { key: 'errorClasses', param: 'error', label: 'error class', list: true },
  { key: 'text', param: 'q', label: 'search words' },
];

export const STATE_FILTER_LABELS: Record<JobFilterState, string> = {
  queued: 'Queued (not tried yet)',
  retrying: 'Retrying',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  dead: 'Dead',
};

/** The classes a job's last failure can have (ConnectorError kinds and the queue's own), as a person reads them. */
export const ERROR_CLASS_LABELS: Record<string, string> = {
  connection: 'Connection failed',
  timeout: 'Timed out',
  authentication: 'Authentication',
  remote: 'Server error (5xx)',
  rate_limit: 'Rate limited (429)',
  validation: 'Validation',
  permission: 'Permission',
  not_found: 'Not found',
  unknown: 'Unexpected failure',
  lease_expired: 'Lease expired',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
};

/** Leaves out empty parts, so an empty filter is `{}` and two equal filters serialise alike. */
export function compactJobFilter(filter: JobFilter): JobFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as JobFilter;
}

export function isEmptyJobFilter(filter: JobFilter): boolean {
  return Object.keys(compactJobFilter(filter)).length === 0;
}

export function jobFilterToQuery(filter: JobFilter): string {
  const params = new URLSearchParams();
  const compact = compactJobFilter(filter) as Record<string, unknown>;
  for (const { key, param, list } of PARAMS) {
    const value = compact[key];
    if (value === undefined) continue;
    params.set(param, list ? (value as string[]).join(',') : String(value));
  }
  return params.toString();
}

/** The filter a query describes, and the parts that were not valid (named as a person would). */
export function jobFilterFromQuery(query: string): { filter: JobFilter; dropped: string[] } {
  const params = new URLSearchParams(query);
  const filter: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const { key, param, label, list, number } of PARAMS) {
    const raw = params.get(param);
    if (raw === null || raw.trim() === '') continue;
    const value = list
      ? [...new Set(raw.split(',').map((part) => part.trim()).filter(Boolean))]
      : number
        ? /^\d+$/.test(raw.trim())
          ? Number(raw)
          : NaN
        : raw;
    const checked = JobFilterSchema.safeParse({ [key]: value });
    if (checked.success) filter[key] = (checked.data as Record<string, unknown>)[key];
    else dropped.push(`${label} '${raw}'`);
  }
  return { filter: compactJobFilter(filter as JobFilter), dropped };
}

/** `retrying` is a queued job that has already used an attempt (the engine's rule). */
export function filterStateOf(job: Pick<JobView, 'state' | 'attempts'>): JobFilterState {
  if (job.state === 'queued') return job.attempts > 0 ? 'retrying' : 'queued';
  return job.state;
}

/** Whether a job belongs in the filtered list, by the engine's rules (words: any case, anywhere in the last error). */
export function jobMatches(job: JobView, filter: JobFilter): boolean {
  if (filter.states?.length && !filter.states.includes(filterStateOf(job))) return false;
  if (filter.connectors?.length && !(filter.connectors as string[]).includes(job.connector)) return false;
  if (filter.caseId !== undefined && job.caseId !== filter.caseId) return false;
  if (filter.templateId !== undefined && job.templateId !== filter.templateId) return false;
  if (filter.errorClasses?.length && (!job.lastErrorClass || !filter.errorClasses.includes(job.lastErrorClass))) return false;
  const words = filter.text?.trim().toLowerCase();
  if (words && !(job.lastError ?? '').toLowerCase().includes(words)) return false;
  return true;
}

/**
 * The filter narrowed to what a bulk retry touches (failed and dead), for counting them; null
 * when the filter's states leave none (the button then has nothing to offer).
 */
export function retryableFilter(filter: JobFilter): JobFilter | null {
  const states = filter.states?.length ? filter.states.filter((s) => s === 'failed' || s === 'dead') : (['failed', 'dead'] as JobFilterState[]);
  return states.length > 0 ? { ...filter, states } : null;
}
