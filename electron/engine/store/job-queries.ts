/**
 * Read-only questions the console asks about jobs (lists, counts, what a bulk retry would touch).
 * Kept apart from job-repo.ts, whose guarded statements are the only writers.
 */
import { and, desc, eq, gt, inArray, lt, min, or, sql, type SQL } from 'drizzle-orm';
import { JOB_STATES, type JobFilter, type JobFilterState, type JobState } from '../../../shared/domain/job';
import type { Db } from './open-store';
import type { Job } from './job-repo';
import { cases, jobs, templates } from './schema';

export interface JobQueries {
  /** Newest first; `beforeId` continues after the last row of the previous page. */
  list(filter: JobFilter, limit: number, beforeId?: number): Job[];
  count(filter: JobFilter): number;
  countsByState(connector: string): Record<JobState, number>;
  /** Queued jobs that already used an attempt, and the soonest of their next runs (ms). */
  retrying(connector: string): { count: number; nextRunAt?: number };
  succeededSince(connector: string, sinceMs: number): number;
  /** Failed and dead jobs the filter matches (what a bulk retry would touch), oldest first. */
  retryable(filter: JobFilter): Job[];
  /**
   * Of those, the validation failures, and how many of them have neither a newer template version
   * nor a case written since the job last ran: retrying those gives the same answer.
   */
  validationCounts(filter: JobFilter): { validation: number; unchanged: number };
}

const stateCondition = (state: JobFilterState): SQL => {
  switch (state) {
    case 'queued':
      return and(eq(jobs.state, 'queued'), eq(jobs.attempts, 0))!;
    case 'retrying':
      return and(eq(jobs.state, 'queued'), gt(jobs.attempts, 0))!;
    default:
      return eq(jobs.state, state);
  }
};

export function createJobQueries(db: Db): JobQueries {
  const where = (f: JobFilter, extra: (SQL | undefined)[] = []): SQL | undefined =>
    and(
      f.states?.length ? or(...f.states.map(stateCondition)) : undefined,
      f.connectors?.length ? inArray(jobs.connector, f.connectors) : undefined,
      f.caseId !== undefined ? eq(jobs.caseId, f.caseId) : undefined,
      f.templateId !== undefined ? eq(jobs.templateId, f.templateId) : undefined,
      f.errorClasses?.length ? inArray(jobs.lastErrorClass, f.errorClasses) : undefined,
      // instr() rather than LIKE: nothing in the person's words needs escaping.
      f.text?.trim() ? sql`instr(lower(coalesce(${jobs.lastError}, '')), ${f.text.trim().toLowerCase()}) > 0` : undefined,
      ...extra,
    );
  const retryableStates = inArray(jobs.state, ['failed', 'dead']);

  return {
    list: (filter, limit, beforeId) =>
      db
        .select()
        .from(jobs)
        .where(where(filter, [beforeId !== undefined ? lt(jobs.id, beforeId) : undefined]))
        .orderBy(desc(jobs.id))
        .limit(limit)
        .all(),
    count: (filter) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(jobs)
        .where(where(filter))
        .get()?.n ?? 0,
    countsByState(connector) {
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      const rows = db
        .select({ state: jobs.state, n: sql<number>`count(*)` })
        .from(jobs)
        .where(eq(jobs.connector, connector))
        .groupBy(jobs.state)
        .all();
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },
    retrying(connector) {
      const row = db
        .select({ n: sql<number>`count(*)`, next: min(jobs.nextRunAt) })
        .from(jobs)
        .where(and(eq(jobs.connector, connector), stateCondition('retrying')))
        .get();
      return { count: row?.n ?? 0, ...(row?.next !== null && row?.next !== undefined ? { nextRunAt: row.next } : {}) };
    },
    succeededSince: (connector, sinceMs) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(jobs)
        .where(and(eq(jobs.connector, connector), eq(jobs.state, 'succeeded'), sql`${jobs.updatedAt} >= ${sinceMs}`))
        .get()?.n ?? 0,
    retryable: (filter) =>
      db
        .select()
        .from(jobs)
        .where(where(filter, [retryableStates]))
        .orderBy(jobs.id)
        .all(),
    validationCounts(filter) {
      // Unchanged: the template's current version is the job's, and the case was not written after the job.
      const row = db
        .select({
          validation: sql<number>`count(*)`,
          unchanged: sql<number>`coalesce(sum(case when ${templates.currentVersion} = ${jobs.templateVersion} and ${cases.updatedAt} <= ${jobs.updatedAt} then 1 else 0 end), 0)`,
        })
        .from(jobs)
        .leftJoin(templates, eq(templates.id, jobs.templateId))
        .leftJoin(cases, eq(cases.id, jobs.caseId))
        .where(where(filter, [retryableStates, eq(jobs.lastErrorClass, 'validation')]))
        .get();
      return { validation: row?.validation ?? 0, unchanged: row?.unchanged ?? 0 };
    },
  };
}
