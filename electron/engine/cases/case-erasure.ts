/**
 * Erases a case's personal data (UK GDPR article 17; design.md section 12), asked from the console,
 * by the CRM's signed DELETE on the webhook, or by retention (case-retention.ts). What is left is a
 * skeleton that still tells what happened, and who erased it when, without anything about the person.
 *
 * Decisions
 * - One IMMEDIATE transaction per case: the case row, its jobs' error text, its log entries and their
 *   search index rows, the Cx cache rows that name its people, the audit record and the log line all
 *   commit together or not at all (an erasure the audit cannot record is not done).
 * - The case row is deleted: its body is the only revision kept (case-store.ts replaces it on each
 *   revision; incoming fields and references live in it). Older revisions' bytes, and every erased
 *   value's, are overwritten because the store runs with `PRAGMA secure_delete = ON` (open-store.ts),
 *   and the WAL is checkpointed and emptied after the erasure so its old frames go too.
 * - Jobs keep their ids, state, times, attempts, class and result (the remote record number, which
 *   is the back office's id, not the person's data); their error text is replaced by the skeleton
 *   (an error may quote a value). Jobs hold no payload: it is evaluated at each attempt and only the
 *   log keeps it. A queued job is cancelled (it cannot be sent without the case); a failed or dead
 *   one keeps its state and class, so its history still says why it failed.
 * - A job running now refuses the erasure: its attempt has the case in hand and would write its
 *   reference and log its request after the erasure. Attempts end within their timeout, so "try again
 *   in a minute" is the answer; waiting here would hold the console's call or the CRM's request.
 * - Log entries of the case (by case id, or by a job of it) keep time, level, source, outcome, job,
 *   attempt, duration and error class; the message becomes "Personal data erased by X on DATE. Was:
 *   a tascomi entry (succeeded, job 3, attempt 1)." and request/answer are emptied. The search index
 *   re-indexes the new message by trigger, with FTS5's secure-delete on for that statement so the old
 *   tokens leave the index pages at once rather than at a later merge.
 * - The Cx cache is found by what it could hold of the case's people: a cache row whose key or body
 *   names a person reference, surname, email, phone, postcode or UPRN of the case (3 characters or
 *   more, ignoring case and spaces) is removed. Removing too much costs only a fresh read from Cx.
 * - The remote systems are never touched (REMOTE_NOT_TOUCHED says so wherever a case is erased).
 */
import { CallRefusedError } from '../../../shared/dispatch';
import type { Case } from '../../../shared/domain/case';
import { REMOTE_NOT_TOUCHED, type CaseErasure } from '../../../shared/domain/case-erasure';
import type { Clock } from '../clock';
import type { JobQueue } from '../jobs/queue';
import type { AccessAudit } from '../log/access-audit';
import type { LogBus } from '../log/log-bus';
import type { CaseErasureRepo } from '../store/case-erasure-repo';
import type { Job } from '../store/job-repo';
import type { Store } from '../store/open-store';
import type { CaseStore } from './case-store';

/** Who erased, when it was not a person at the console. */
export const ERASED_BY_CRM = 'the CRM (webhook)';
export const ERASED_BY_RETENTION = 'case retention';

/** Why an erasure was refused: no such case (404 to the CRM), or a job sending its data now (409). */
export class ErasureRefused extends CallRefusedError {
  constructor(
    message: string,
    readonly why: 'unknown_case' | 'job_running',
  ) {
    super(message, why === 'unknown_case' ? 'invalid_input' : 'failed', why === 'unknown_case' ? [{ path: 'id', message: 'no such case' }] : undefined);
  }
}

export interface EraseOptions {
  /** Why, for the access audit (the CRM's request, retention's rule); a person at the console gives none. */
  reason?: string;
  /** Retention logs one line for its whole run, not one per case. */
  logLine?: boolean;
  /** Retention checkpoints once per run, not once per case. */
  checkpoint?: boolean;
}

export interface CaseErasureService {
  /** Erases the case now, as `who`; refuses an unknown case and a case with a job running. */
  erase(id: string, who: string, options?: EraseOptions): CaseErasure;
  /** Empties the WAL so erased values do not linger in its old frames; false when a reader held it. */
  checkpoint(): boolean;
}

/** Shortest value looked for in the Cx cache: shorter ones ("Ng", "1") would match most rows' JSON. */
const CACHE_NEEDLE_MIN = 3;

/** What the Cx cache could hold of the case's people and addresses, lower case without spaces. */
export function cacheNeedles(kase: Case): string[] {
  const values = [
    ...kase.people.flatMap((p) => [p.reference, p.surname, p.email, p.phone, p.address?.postcode, p.address?.uprn]),
    ...kase.addresses.flatMap((a) => [a.postcode, a.uprn]),
  ];
  const needles = values.map((v) => (v ?? '').toLowerCase().replace(/\s+/g, '')).filter((v) => v.length >= CACHE_NEEDLE_MIN);
  return [...new Set(needles)];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function createCaseErasure(deps: {
  store: Pick<Store, 'write' | 'afterCommit'>;
  repo: CaseErasureRepo;
  cases: Pick<CaseStore, 'get'>;
  jobs: Pick<JobQueue, 'byCase'>;
  /** Tells the consoles a job row changed (the contract's `jobChanged`). */
  jobChanged(job: Job): void;
  log: Pick<LogBus, 'write' | 'flush'>;
  audit: Pick<AccessAudit, 'record'>;
  clock: Clock;
}): CaseErasureService {
  const { repo, clock } = deps;

  const refuseRunning = (id: string, running: { id: number; connector: string; attempts: number }[]) => {
    const which = running.map((j) => `job ${j.id} (attempt ${j.attempts} to ${j.connector})`).join(', ');
    return new ErasureRefused(
      `Case ${id} was not erased: ${which} is sending its data now. Erase it once the attempt has ended (within a minute or two; the Jobs page shows it).`,
      'job_running',
    );
  };

  function erase(id: string, who: string, options: EraseOptions = {}): CaseErasure {
    const erasure = deps.store.write((): CaseErasure => {
      // Entries waiting for their group commit are stored first, so they are erased with the rest.
      deps.log.flush();
      const kase = deps.cases.get(id);
      if (!kase) throw new ErasureRefused(`There is no case '${id}' in casebridge (it may have been erased already).`, 'unknown_case');
      const jobs = repo.jobsOf(id);
      const running = jobs.filter((j) => j.state === 'running');
      if (running.length > 0) throw refuseRunning(id, running);

      const now = clock.now();
      const skeleton = `Personal data erased by ${who} on ${now.toISODate()}.`;
      repo.eraseJobErrors(id, skeleton);
      const jobsCancelled = repo.cancelQueuedJobs(id, who, `Cancelled: the case's personal data was erased by ${who} on ${now.toISODate()}, so it cannot be sent.`, now.toMillis());
      repo.setSearchIndexSecureDelete(true);
      const logEntries = repo.eraseLogEntries(id, skeleton);
      repo.setSearchIndexSecureDelete(false);
      const cxCacheRows = repo.deleteCxCacheMentioning(cacheNeedles(kase));
      repo.deleteCase(id);

      const counts = `${plural(jobs.length, 'job')} (${jobsCancelled} queued cancelled), ${plural(logEntries, 'log entry', 'log entries')}, ${plural(cxCacheRows, 'Civica Cx cache row')}`;
      deps.audit.record({ action: 'case_erased', subject: `case ${id}: ${counts}`, caseId: id, who, ...(options.reason ? { reason: options.reason } : {}) });
      if (options.logLine !== false) {
        deps.log.write({ level: 'info', source: 'cases', caseId: id, message: `Case ${id}: personal data erased by ${who}: ${counts}. ${REMOTE_NOT_TOUCHED}` });
      }
      for (const job of deps.jobs.byCase(id)) deps.store.afterCommit(() => deps.jobChanged(job));
      return { caseId: id, erasedAt: now.toISO()!, erasedBy: who, jobs: jobs.length, jobsCancelled, logEntries, cxCacheRows, notTouched: REMOTE_NOT_TOUCHED };
    });
    if (options.checkpoint !== false) checkpoint();
    return erasure;
  }

  function checkpoint(): boolean {
    const done = repo.checkpoint();
    if (!done) {
      deps.log.write({
        level: 'info',
        source: 'cases',
        message: 'The store could not empty its WAL after an erasure (a reader was busy); erased values there are overwritten at the next checkpoint.',
      });
    }
    return done;
  }

  return { erase, checkpoint };
}
