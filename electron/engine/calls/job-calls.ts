/** The job console's calls: jobs listed, counted, opened (with their attempts from the log), retried and cancelled, the queues' status and pauses, outcomes, queue settings. */
import type { Handlers } from '../../../shared/contract';
import type { AttemptView } from '../../../shared/domain/log-filter';
import type { JobConsole } from '../jobs/job-console';
import type { JobSettingsService } from '../jobs/job-settings';

export function jobCalls(deps: {
  console: JobConsole;
  settings: Pick<JobSettingsService, 'get' | 'save'>;
  /** A job's attempts as the log recorded them (the log viewer's). */
  attempts: (jobId: number) => AttemptView[];
}) {
  const { console: jobs, settings } = deps;
  return {
    listJobs: ({ filter, limit, beforeId }) => jobs.list(filter, limit, beforeId),
    countJobs: ({ filter }) => jobs.count(filter),
    getJobDetail: ({ id }) => ({ job: jobs.get(id), attempts: deps.attempts(id) }),
    retryJob: ({ id }) => jobs.retry(id),
    cancelJob: ({ id }) => jobs.cancel(id),
    previewBulkRetry: ({ filter }) => jobs.previewBulkRetry(filter),
    bulkRetryJobs: ({ filter, expectedCount }) => jobs.bulkRetry(filter, expectedCount),
    getQueueStatus: () => jobs.status(),
    pauseQueue: ({ connector }) => jobs.pause(connector),
    resumeQueue: ({ connector }) => jobs.resume(connector),
    getOutcomeHistory: ({ hours }) => jobs.outcomeHistory(hours),
    getJobSettings: ({ connector }) => settings.get(connector),
    saveJobSettings: ({ connector, settings: input }) => settings.save(connector, input),
  } satisfies Partial<Handlers>;
}
