import type { JobView } from '../../../shared/domain/job';

/**
 * What "3 of 12" in the attempts column means, in words: attempts used of those allowed, and how
 * many of those allowed were added by hand (each Retry now grants a fresh set on top of those used).
 */
export function describeAttempts(job: Pick<JobView, 'attempts' | 'maxAttempts' | 'attemptsAddedByHand'>): string {
  const used = `${job.attempts} attempt${job.attempts === 1 ? '' : 's'} used of ${job.maxAttempts} allowed`;
  const added = job.attemptsAddedByHand;
  if (added <= 0) return `${used}.`;
  return `${used}; ${added} of those ${job.maxAttempts} ${added === 1 ? 'was' : 'were'} added by hand (by retries).`;
}
