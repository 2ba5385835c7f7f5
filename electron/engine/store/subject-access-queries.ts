/**
 * The reads a subject access request makes (cases/subject-access.ts): every case and every log
 * entry without a case walked in key order a batch at a time (the search pauses between batches),
 * and the log entries of the cases and jobs found, by their indexes. Plain SQL prepared once: a
 * search runs thousands of these, and drizzle builds and prepares each query anew.
 */
import type { LogEntry } from '../../../shared/domain/log-entry';
import { toLogEntry } from './log-queries';
import type { Store } from './open-store';

/** A stored case as [rowid, body (the case as JSON), receivedAt (ms)]: arrays, not objects, as a search reads every case. */
export type StoredCaseText = [rowid: number, body: string, receivedAt: number];

/** A log entry without a case as [id, message, request, response]. */
export type CaselessEntryText = [id: number, message: string, request: string | null, response: string | null];

export interface SubjectAccessQueries {
  /** Up to `limit` cases after `afterRowid`, in rowid order. */
  casesAfter(afterRowid: number, limit: number): StoredCaseText[];
  /** The highest rowid of a case (0 for none): how far a walk of the cases goes. */
  lastCaseRowid(): number;
  /** A case's log entries up to `throughId`, oldest first. */
  logIdsOfCase(caseId: string, throughId: number): number[];
  /** A job's log entries that name no case (a case's own are found by the case), up to `throughId`. */
  caselessLogIdsOfJob(jobId: number, throughId: number): number[];
  /** The entries without a case with ids in (afterId, throughId], oldest first. */
  caselessEntries(afterId: number, throughId: number): CaselessEntryText[];
  maxLogId(): number;
  logEntry(id: number): LogEntry | undefined;
}

export function createSubjectAccessQueries(store: Pick<Store, 'sqlite'>): SubjectAccessQueries {
  const { sqlite } = store;
  const casesAfter = sqlite.prepare('SELECT rowid, body, received_at FROM cases WHERE rowid > ? ORDER BY rowid LIMIT ?').raw();
  // Each walks its partial index (case_id or job_id is not null), which ends in the rowid: in id order.
  const lastCase = sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM cases').pluck();
  const caseLog = sqlite.prepare('SELECT id FROM log_entries WHERE case_id = ? AND id <= ? ORDER BY id').pluck();
  const jobLog = sqlite.prepare('SELECT id FROM log_entries WHERE job_id = ? AND case_id IS NULL AND id <= ? ORDER BY id').pluck();
  const caseless = sqlite.prepare('SELECT id, message, request, response FROM log_entries WHERE id > ? AND id <= ? AND case_id IS NULL ORDER BY id').raw();
  const maxId = sqlite.prepare('SELECT coalesce(max(id), 0) FROM log_entries').pluck();
  const entry = sqlite.prepare(
    `SELECT id, time, level, source, message, case_id AS caseId, template_id AS templateId, job_id AS jobId, attempt, outcome, duration_ms AS durationMs,
       request, response, error_class AS errorClass, retry_at_ms AS retryAtMs FROM log_entries WHERE id = ?`,
  );
  return {
    casesAfter: (afterRowid, limit) => casesAfter.all(afterRowid, limit) as StoredCaseText[],
    lastCaseRowid: () => lastCase.get() as number,
    logIdsOfCase: (caseId, throughId) => caseLog.all(caseId, throughId) as number[],
    caselessLogIdsOfJob: (jobId, throughId) => jobLog.all(jobId, throughId) as number[],
    caselessEntries: (afterId, throughId) => caseless.all(afterId, throughId) as CaselessEntryText[],
    maxLogId: () => maxId.get() as number,
    logEntry(id) {
      const row = entry.get(id) as Record<string, unknown> | undefined;
      return row ? toLogEntry(row) : undefined;
    },
  };
}
