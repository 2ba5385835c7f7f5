import type { BulkRetryPreview, JobView } from '../../../../shared/domain/job';

/** The sentence that warns about retries that will fail again; null when none failed validation. */
export function validationWarning(preview: BulkRetryPreview): string | null {
  if (preview.validation === 0) return null;
  const v = preview.validation;
  const u = preview.validationUnchanged;
  return `${v} of them failed validation; ${u} ${u === 1 ? 'has' : 'have'} neither a new template version nor a changed case, so ${u === 1 ? 'it' : 'they'} will fail again unless the template or the case is changed first.`;
}

/** The warning before one job's Retry now: a validation failure gives the same answer unless something changed. */
export function jobRetryWarning(job: Pick<JobView, 'id' | 'lastErrorClass'>): string | null {
  if (job.lastErrorClass !== 'validation') return null;
  return `Job ${job.id} last failed validation: the back-office system refused what was sent. It will fail again unless the template or the case has been changed since.`;
}
