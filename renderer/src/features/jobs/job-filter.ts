/**
 * The Jobs page's filter rules: the same ones the engine filters by, applied to live `jobChanged`
 * events (which arrive unfiltered), and the labels of its parts. Its address form is
 * ui/job-filter-query.ts. Pure, so it is unit-tested without a page.
 */
import type { JobFilter, JobFilterState, JobView } from '../../../../shared/domain/job';

export const STATE_FILTER_LABELS: Record<JobFilterState, string> = {
  queued: 'Queued (not tried yet)',
  retrying: 'Retrying',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  dead: 'Dead',
  cancelled: 'Cancelled',
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
