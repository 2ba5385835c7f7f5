/**
 * The statements that erase one case's personal data across the tables that hold it (cases, jobs,
 * log_entries and its search index, cx_cache), and find the cases retention erases. Rows only: what
 * is kept, what the skeleton says and who may erase when is decided in cases/case-erasure.ts.
 */
import type { Store } from './open-store';

export interface ErasedJobRow {
  id: number;
  state: string;
  connector: string;
  attempts: number;
}

export interface RetentionCursor {
  receivedAt: number;
  id: string;
}

export interface CaseErasureRepo {
  jobsOf(caseId: string): ErasedJobRow[];
  /** Replaces every stored error text of the case's jobs with `skeleton` + what it was (its class); returns how many. */
  eraseJobErrors(caseId: string, skeleton: string): number;
  /** Queued jobs of the case become cancelled by `who`, with `message` as their last error; returns how many. */
  cancelQueuedJobs(caseId: string, who: string, message: string, nowMs: number): number;
  /**
   * Log entries of the case (by case id, or by one of its jobs): request and answer gone, the message
   * replaced by `skeleton` + what the entry was; time, level, source, outcome, ids, attempt, duration
   * and error class kept. The search index follows (migration 0005's update trigger).
   */
  eraseLogEntries(caseId: string, skeleton: string): number;
  deleteCase(caseId: string): boolean;
  /** Removes cache rows whose key or body holds any of `needles` (lower case, no spaces), ignoring case and spaces. */
  deleteCxCacheMentioning(needles: readonly string[]): number;
  /**
   * While on, the log's search index removes a deleted entry's tokens from its pages at once, instead
   * of recording the deletion and leaving the tokens until segments merge (FTS5 'secure-delete').
   */
  setSearchIndexSecureDelete(on: boolean): void;
  /**
   * Cases last written before `beforeMs` none of whose jobs is queued, running or changed since then,
   * oldest received first, after `after`.
   */
  retentionCandidates(beforeMs: number, limit: number, after?: RetentionCursor): RetentionCursor[];
  /**
   * Copies the WAL into the database file and empties it, so frames holding erased values do not
   * linger in the WAL file; false when a reader kept it from completing (it is not waited for).
   */
  checkpoint(): boolean;
}

/** What a log entry was, from its kept columns: "a tascomi entry (succeeded, job 3, attempt 1)". */
const LOG_WAS = `'a ' || source || ' entry (' || coalesce(outcome, level)
  || coalesce(', job ' || job_id, '') || coalesce(', attempt ' || attempt, '') || ').'`;

export function createCaseErasureRepo(store: Pick<Store, 'sqlite'>): CaseErasureRepo {
  const { sqlite } = store;
  const s = {
    jobsOf: sqlite.prepare('SELECT id, state, connector, attempts FROM jobs WHERE case_id = ? ORDER BY id'),
    eraseJobErrors: sqlite.prepare(
      `UPDATE jobs SET last_error = @skeleton || ' Was: ' || coalesce(last_error_class, 'an error') || '.'
       WHERE case_id = @caseId AND last_error IS NOT NULL`,
    ),
    cancelQueued: sqlite.prepare(
      `UPDATE jobs SET state = 'cancelled', cancelled_by = @who, last_error = @message, last_error_class = 'cancelled', lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE case_id = @caseId AND state = 'queued'`,
    ),
    eraseLog: sqlite.prepare(
      `UPDATE log_entries SET message = @skeleton || ' Was: ' || ${LOG_WAS}, request = NULL, response = NULL
       WHERE case_id = @caseId OR job_id IN (SELECT id FROM jobs WHERE case_id = @caseId)`,
    ),
    deleteCase: sqlite.prepare('DELETE FROM cases WHERE id = ?'),
    deleteCx: sqlite.prepare(`DELETE FROM cx_cache WHERE instr(replace(lower(key || ' ' || body), ' ', ''), ?) > 0`),
    // Literal values: FTS5 refuses a bound parameter for its configuration commands.
    secureDeleteOn: sqlite.prepare(`INSERT INTO log_search(log_search, rank) VALUES ('secure-delete', 1)`),
    secureDeleteOff: sqlite.prepare(`INSERT INTO log_search(log_search, rank) VALUES ('secure-delete', 0)`),
    // received_at <= updated_at, so the received_at index bounds the walk to cases old enough.
    candidates: sqlite.prepare(
      `SELECT c.received_at AS receivedAt, c.id AS id FROM cases c
       WHERE c.received_at < @before AND c.updated_at < @before
         AND (c.received_at > @afterAt OR (c.received_at = @afterAt AND c.id > @afterId))
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.case_id = c.id AND (j.state IN ('queued', 'running') OR j.updated_at >= @before))
       ORDER BY c.received_at, c.id LIMIT @limit`,
    ),
  };
  return {
    jobsOf: (caseId) => s.jobsOf.all(caseId) as ErasedJobRow[],
    eraseJobErrors: (caseId, skeleton) => s.eraseJobErrors.run({ caseId, skeleton }).changes,
    cancelQueuedJobs: (caseId, who, message, nowMs) => s.cancelQueued.run({ caseId, who, message, now: nowMs }).changes,
    eraseLogEntries: (caseId, skeleton) => s.eraseLog.run({ caseId, skeleton }).changes,
    deleteCase: (caseId) => s.deleteCase.run(caseId).changes > 0,
    deleteCxCacheMentioning: (needles) => needles.reduce((removed, needle) => removed + s.deleteCx.run(needle).changes, 0),
    setSearchIndexSecureDelete: (on) => void (on ? s.secureDeleteOn : s.secureDeleteOff).run(),
    retentionCandidates: (beforeMs, limit, after) => s.candidates.all({ before: beforeMs, limit, afterAt: after?.receivedAt ?? -1, afterId: after?.id ?? '' }) as RetentionCursor[],
    checkpoint() {
      // Not waited for: a reader (the background integrity check) would hold the event loop up to the busy timeout.
      const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
      sqlite.pragma('busy_timeout = 0');
      try {
        const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        return result?.busy === 0;
      } finally {
        sqlite.pragma(`busy_timeout = ${timeout}`);
      }
    },
  };
}
