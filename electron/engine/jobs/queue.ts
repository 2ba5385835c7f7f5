/**
 * The durable job queue: the policy over job-repo's guarded statements. What a failure leads to is
 * decided by ConnectorError.retryable (the one retry table in connectors/errors.ts), never here.
 *
 * Decisions:
 * - A thrown value that is not a ConnectorError is an UNKNOWN failure: retryable (a local hiccup
 *   should not fail a case for good, and the attempt budget bounds a real bug), class `unknown`,
 *   and outcome_unknown is set because we cannot tell whether the request was sent.
 * - retryNow keeps the attempt count (so attempt numbers in the log stay unique per job and every
 *   attempt stays visible) and grants a fresh budget: max_attempts = attempts + maxAttempts; what
 *   that added to the budget is counted (attempts_added_by_hand), so "3 of 12" can say why 12.
 * - cancel makes a queued/failed/dead job `cancelled`, a state of its own with who cancelled it
 *   (the last error is kept as history, and retryNow can undo it); a running attempt cannot be
 *   recalled, so cancelling it is refused.
 * - complete/fail are accepted from the lease holder while the job is still `running` under its
 *   name, even if the lease time has passed but no sweep has run yet: nobody else can have
 *   claimed it, and the work did happen. Once swept or re-claimed, they are refused (false).
 */
import type { Clock } from '../clock';
import { isConnectorError } from '../connectors/errors';
import type { AttemptEnd, Job, JobRepo, NewJob } from '../store/job-repo';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings, type Random } from './backoff';

export type { Job, NewJob } from '../store/job-repo';

export const DEFAULT_MAX_ATTEMPTS = 10;

export interface JobQueueOptions {
  repo: JobRepo;
  clock: Clock;
  /** A connector's backoff and attempt budget (its settings); the defaults when not given. */
  policy?: (connector: string) => QueuePolicy;
  random?: Random;
  /** Hears every job row the queue changed (the console's live `jobChanged` event), once the change commits. */
  onChange?: (job: Job) => void;
}

export interface QueuePolicy {
  backoff: BackoffSettings;
  /** The budget of a new job, and the fresh budget retryNow grants. */
  maxAttempts: number;
}

export interface JobQueue {
  /** One committed INSERT; call it before anything is sent. */
  enqueue(job: NewJob): Job;
  get(id: number): Job | undefined;
  byCase(caseId: string): Job[];
  claim(connector: string, owner: string, leaseMs: number, nowMs?: number): Job | undefined;
  /** Claims up to `max` due jobs in one commit: a worker filling several free slots pays one fsync. */
  claimMany(connector: string, owner: string, leaseMs: number, max: number): Job[];
  /** Records success; `alsoWrite` (e.g. the case's reference) is written in the same commit, only if the lease still holds. */
  complete(id: number, owner: string, result: string, alsoWrite?: () => void): Job | false;
  fail(id: number, owner: string, error: unknown): Job | false;
  /** Gives a running attempt back (a worker stopping without waiting for it): like an expired lease. */
  abandon(id: number, owner: string): Job | false;
  /** Extends the owner's leases on its running attempts to `leaseMs` from now; returns how many it still held. */
  renewLeases(ids: readonly number[], owner: string, leaseMs: number): number;
  /** Returns the jobs whose expired lease was ended (re-queued or dead). */
  sweepExpiredLeases(nowMs?: number): Job[];
  /** `who`: the person who retried it, kept on the job as its last action by hand. */
  retryNow(id: number, who: string): Job | false;
  /** `who`: the person who cancelled it, kept on the job (and as its last action by hand). */
  cancel(id: number, who: string): Job | false;
  nextDueAt(connector: string): number | undefined;
  countQueued(connector: string): number;
}

/** How an error is recorded, whatever was thrown. */
export function describeFailure(error: unknown): { message: string; errorClass: string; retryable: boolean; mayHaveApplied: boolean; retryAfterMs?: number } {
  if (isConnectorError(error)) {
    return { message: error.message, errorClass: error.kind, retryable: error.retryable, mayHaveApplied: error.mayHaveApplied, retryAfterMs: error.retryAfterMs };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected failure: ${message || 'no message'}`, errorClass: 'unknown', retryable: true, mayHaveApplied: true };
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { repo, clock } = options;
  const policy = options.policy ?? (() => ({ backoff: DEFAULT_BACKOFF, maxAttempts: DEFAULT_MAX_ATTEMPTS }));
  const random = options.random ?? Math.random;
  /**
   * Passes a changed row to onChange once its transaction commits (inside the intake's, at its end;
   * not at all when it rolls back) and returns it; false/undefined (nothing changed) pass through.
   */
  const changed = <T extends Job | false | undefined>(job: T): T => {
    const { onChange } = options;
    if (job && onChange) repo.afterCommit(() => onChange(job));
    return job;
  };
  const nowMs = () => clock.millis();

  /** Where an attempt that did not succeed goes next. */
  function afterFailure(job: Job, retryable: boolean, now: number, retryAfterMs?: number): Pick<AttemptEnd, 'state' | 'nextRunAt'> {
    if (!retryable) return { state: 'failed' };
    if (job.attempts >= job.maxAttempts) return { state: 'dead' };
    return { state: 'queued', nextRunAt: now + backoffDelay(job.attempts, policy(job.connector).backoff, random, retryAfterMs) };
  }

  return {
    enqueue(job) {
      return changed(repo.insert({ ...job, maxAttempts: job.maxAttempts ?? policy(job.connector).maxAttempts }, nowMs()));
    },
    get: (id) => repo.get(id),
    byCase: (caseId) => repo.byCase(caseId),
    claim(connector, owner, leaseMs, now = nowMs()) {
      return changed(repo.claim(connector, owner, now + leaseMs, now));
    },
    claimMany(connector, owner, leaseMs, max) {
      if (max < 1) return [];
      const now = nowMs();
      return repo.claimMany(connector, owner, now + leaseMs, now, max).map((job) => changed(job));
    },
    complete(id, owner, result, alsoWrite) {
      return changed(repo.succeed(id, owner, result, nowMs(), alsoWrite) ?? false);
    },
    fail(id, owner, error) {
      const job = repo.get(id);
      if (!job || job.state !== 'running' || job.leaseOwner !== owner) return false;
      const now = nowMs();
      const failure = describeFailure(error);
      const end: AttemptEnd = {
        ...afterFailure(job, failure.retryable, now, failure.retryAfterMs),
        lastError: failure.message,
        lastErrorClass: failure.errorClass,
        outcomeUnknown: failure.mayHaveApplied,
      };
      // Guarded again in SQL: a sweep between the read above and this write wins.
      return changed(repo.endAttempt(id, owner, end, now) ?? false);
    },
    abandon(id, owner) {
      const job = repo.get(id);
      if (!job || job.state !== 'running' || job.leaseOwner !== owner) return false;
      const now = nowMs();
      const end: AttemptEnd = {
        ...afterFailure(job, true, now),
        lastError: `Attempt ${job.attempts} was interrupted because the worker stopped. It may have reached the remote system, so it will be checked before anything is resent.`,
        lastErrorClass: 'interrupted',
        outcomeUnknown: true,
      };
      return changed(repo.endAttempt(id, owner, end, now) ?? false);
    },
    renewLeases(ids, owner, leaseMs) {
      if (ids.length === 0) return 0;
      return repo.renewLeases(ids, owner, nowMs() + leaseMs);
    },
    sweepExpiredLeases(now = nowMs()) {
      const ended: Job[] = [];
      for (const job of repo.expiredLeases(now)) {
        const end: AttemptEnd = {
          ...afterFailure(job, true, now),
          lastError: `Attempt ${job.attempts} did not finish before its lease ran out (the app stopped or the attempt hung). It may have reached the remote system, so it will be checked before anything is resent.`,
          lastErrorClass: 'lease_expired',
          outcomeUnknown: true,
        };
        const row = changed(repo.endExpiredLease(job, end, now));
        if (row) ended.push(row);
      }
      return ended;
    },
    retryNow(id, who) {
      const job = repo.get(id);
      return changed((job && repo.requeue(id, policy(job.connector).maxAttempts, nowMs(), who)) || false);
    },
    cancel(id, who) {
      return changed(repo.cancel(id, who, nowMs()) ?? false);
    },
    nextDueAt: (connector) => repo.nextDueAt(connector),
    countQueued: (connector) => repo.countQueued(connector),
  };
}
