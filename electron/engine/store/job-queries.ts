/**
 * Read-only questions the console asks about jobs (lists, counts). Kept apart from job-repo.ts,
 * whose guarded statements are the only writers.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { JOB_STATES, type JobState } from '../../../shared/domain/job';
import type { Db } from './open-store';
import { jobs } from './schema';
import type { Job } from './job-repo';

export interface JobFilter {
  connector?: string;
  state?: JobState;
  caseId?: string;
}

export interface JobQueries {
  /** Newest first. */
  list(filter: JobFilter, limit: number, offset: number): Job[];
  countsByState(connector: string): Record<JobState, number>;
}

export function createJobQueries(db: Db): JobQueries {
  const where = (f: JobFilter): SQL | undefined =>
    and(
      f.connector === undefined ? undefined : eq(jobs.connector, f.connector),
      f.state === undefined ? undefined : eq(jobs.state, f.state),
      f.caseId === undefined ? undefined : eq(jobs.caseId, f.caseId),
    );
  return {
    list: (filter, limit, offset) => db.select().from(jobs).where(where(filter)).orderBy(desc(jobs.id)).limit(limit).offset(offset).all(),
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
  };
}
