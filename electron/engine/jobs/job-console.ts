/**
 * What support staff do with jobs from the console: list and count them under a filter, open one, retry,
 * cancel, retry a whole filter (after seeing exactly how many), pause and resume a connector's queue,
 * read its state and the outcomes of recent hours. Every action is logged with who did it.
 */
import { DateTime } from 'luxon';
import {
  CONNECTOR_IDS,
  type BreakerView,
  type BulkRetryPreview,
  type ConnectorId,
  type ConnectorQueueStatus,
  type JobFilter,
  type JobView,
  type OutcomeBucket,
} from '../../../shared/domain/job';
import { LOG_OUTCOMES, type NewLogEntry } from '../../../shared/domain/log-entry';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { RateLimits } from '../connectors/rate-limits';
import type { JobQueries } from '../store/job-queries';
import type { LogQueries } from '../store/log-queries';
import type { BreakerState, CircuitBreaker } from './circuit-breaker';
import type { JobSettingsService } from './job-settings';
import { toJobView } from './job-view';
import type { Job, JobQueue } from './queue';
import type { Worker } from './worker';

export interface JobConsoleDeps {
  queue: JobQueue;
  queries: JobQueries;
  logQueries: Pick<LogQueries, 'outcomesByHour'>;
  workers: Record<ConnectorId, { worker: Worker; breaker: CircuitBreaker }>;
  jobSettings: Pick<JobSettingsService, 'setPaused'>;
  /** Live templates' names by id (a job keeps its template's id; the name may change). */
  templateNames(): Map<number, string>;
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
  /** Who is acting (acting-person.ts), read as each action is recorded. */
  operator: () => string;
  /** Per connector: what its queue status must warn about now (read each time). */
  warnings?: Partial<Record<ConnectorId, () => string | undefined>>;
  /** The connections' rate limits: the status says what they hold back ("held", not failing). */
  rateLimits?: Pick<RateLimits, 'view'>;
}

export interface JobConsole {
  list(filter: JobFilter, limit: number, beforeId?: number): JobView[];
  /** One job; refused (naming the id) when there is none. */
  get(id: number): JobView;
  count(filter: JobFilter): number;
  retry(id: number): JobView;
  cancel(id: number): JobView;
  previewBulkRetry(filter: JobFilter): BulkRetryPreview;
  /** Retries every failed and dead job of the filter, refusing when the count is no longer the one the person saw. */
  bulkRetry(filter: JobFilter, expectedCount: number): { retried: number };
  status(): ConnectorQueueStatus[];
  pause(connector: ConnectorId): ConnectorQueueStatus;
  resume(connector: ConnectorId): ConnectorQueueStatus;
  outcomeHistory(hours: number): OutcomeBucket[];
}

/** The breaker's state without its internals (the probe's cool-down). */
function breakerView(state: BreakerState): BreakerView {
  switch (state.state) {
    case 'open':
      return { state: 'open', since: state.since, probeAt: state.probeAt };
    case 'probing':
      return { state: 'probing' };
    default:
      return state;
  }
}

export function createJobConsole(deps: JobConsoleDeps): JobConsole {
  const { queue, queries, clock } = deps;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO()!;
  const views = (rows: Job[]) => {
    const names = deps.templateNames();
    return rows.map((job) => toJobView(job, clock.zone, names.get(job.templateId)));
  };
  const view = (job: Job) => views([job])[0]!;

  /** A refused action: says what state the job is in, or that there is none. */
  const refuse = (id: number, why: string): never => {
    const job = queue.get(id);
    throw new CallRefusedError(job ? `Job ${id} is ${job.state}: ${why}` : `There is no job ${id}.`, 'invalid_input', [
      { path: 'id', message: job ? `job is ${job.state}` : 'no such job' },
    ]);
  };

  const status = (connector: ConnectorId): ConnectorQueueStatus => {
    const { worker, breaker } = deps.workers[connector];
    const waitingFor = worker.waitingFor();
    const warning = deps.warnings?.[connector]?.();
    const rateLimit = deps.rateLimits?.view(connector);
    const retrying = queries.retrying(connector);
    return {
      connector,
      counts: queries.countsByState(connector),
      retrying: retrying.count,
      ...(retrying.nextRunAt !== undefined ? { nextRetryAt: iso(retrying.nextRunAt) } : {}),
      succeededToday: queries.succeededSince(connector, clock.now().startOf('day').toMillis()),
      breaker: breakerView(breaker.state()),
      running: worker.running(),
      ...(waitingFor ? { waitingFor } : {}),
      ...(warning ? { warning } : {}),
      ...(rateLimit ? { rateLimit } : {}),
    };
  };

  const wake = (connector: string) => deps.workers[connector as ConnectorId]?.worker.wake();

  return {
    list: (filter, limit, beforeId) => views(queries.list(filter, limit, beforeId)),
    get: (id) => view(queue.get(id) ?? refuse(id, '')),
    count: (filter) => queries.count(filter),
    retry(id) {
      const who = deps.operator();
      const job = queue.retryNow(id, who) || refuse(id, 'only a failed, dead or cancelled job can be retried.');
      deps.log.write({
        level: 'info',
        source: 'jobs',
        caseId: job.caseId,
        jobId: id,
        message: `Job ${id} retried by ${who}: queued now with ${job.maxAttempts - job.attempts} attempt(s).`,
      });
      wake(job.connector);
      return view(job);
    },
    cancel(id) {
      const who = deps.operator();
      const job = queue.cancel(id, who) || refuse(id, 'a running attempt cannot be recalled, and a finished or cancelled job has nothing to cancel.');
      deps.log.write({ level: 'info', source: 'jobs', caseId: job.caseId, jobId: id, message: `Job ${id} cancelled by ${who}; it will not be sent unless retried.` });
      return view(job);
    },
    previewBulkRetry(filter) {
      const { validation, unchanged } = queries.validationCounts(filter);
      return { count: queries.retryable(filter).length, validation, validationUnchanged: unchanged };
    },
    bulkRetry(filter, expectedCount) {
      const candidates = queries.retryable(filter);
      if (candidates.length !== expectedCount) {
        throw new CallRefusedError(
          `The filter now matches ${candidates.length} failed or dead job(s), not ${expectedCount}: jobs changed since you looked. Check the count and retry again.`,
          'invalid_input',
          [{ path: 'expectedCount', message: `now ${candidates.length}` }],
        );
      }
      const who = deps.operator();
      let retried = 0;
      const connectors = new Set<string>();
      for (const job of candidates) {
        // Each is guarded on its state, so a job a worker or a person changed meanwhile is skipped.
        if (queue.retryNow(job.id, who)) {
          retried++;
          connectors.add(job.connector);
        }
      }
      deps.log.write({
        level: 'info',
        source: 'jobs',
        message: `Bulk retry by ${who}: ${retried} of ${expectedCount} failed or dead job(s) queued again (filter: ${JSON.stringify(filter)}).`,
      });
      for (const c of connectors) wake(c);
      return { retried };
    },
    status: () => CONNECTOR_IDS.map(status),
    pause(connector) {
      deps.workers[connector].breaker.pause();
      deps.jobSettings.setPaused(connector, true);
      deps.log.write({ level: 'warn', source: 'jobs', message: `The ${connector} queue was paused by ${deps.operator()}: no attempt starts until it is resumed.` });
      return status(connector);
    },
    resume(connector) {
      deps.workers[connector].breaker.resume();
      deps.jobSettings.setPaused(connector, false);
      deps.log.write({ level: 'info', source: 'jobs', message: `The ${connector} queue was resumed by ${deps.operator()}.` });
      wake(connector);
      return status(connector);
    },
    outcomeHistory(hours) {
      const end = clock.now().startOf('hour').plus({ hours: 1 });
      const start = end.minus({ hours });
      const buckets = new Map<number, OutcomeBucket>();
      const firstHour = Math.floor(start.toMillis() / 3_600_000);
      for (let h = 0; h < hours; h++) {
        const hour = firstHour + h;
        buckets.set(hour, { hour: iso(hour * 3_600_000), ...(Object.fromEntries(LOG_OUTCOMES.map((o) => [o, 0])) as Record<(typeof LOG_OUTCOMES)[number], number>) });
      }
      for (const row of deps.logQueries.outcomesByHour([...CONNECTOR_IDS], start.toMillis(), end.toMillis())) {
        const bucket = buckets.get(row.hour);
        if (bucket) bucket[row.outcome] += row.n;
      }
      return [...buckets.values()];
    },
  };
}
