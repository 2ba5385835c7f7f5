/**
 * Job rows: every state change is ONE guarded statement (`WHERE state = ... AND lease_owner = ...`)
 * so two workers, a sweep and a person pressing "retry" can never both win. Policy (what state a
 * failure leads to, how long to wait) lives in jobs/queue.ts; this module only writes rows.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { jobs } from './schema';

export type Job = typeof jobs.$inferSelect;
export type JobState = Job['state'];
export type JobKind = Job['kind'];

export interface NewJob {
  connector: string;
  kind: JobKind;
  caseId: string;
  templateId: number;
  templateVersion: number;
  referenceName: string;
  maxAttempts?: number;
}

/** What a finished attempt writes: the next state and why. */
export interface AttemptEnd {
  state: 'queued' | 'failed' | 'dead';
  nextRunAt?: number;
  lastError: string;
  lastErrorClass: string;
  outcomeUnknown: boolean;
}

export interface JobRepo {
  insert(job: NewJob, nowMs: number): Job;
  get(id: number): Job | undefined;
  byCase(caseId: string): Job[];
  /** Claims the next due job in one statement and counts the attempt; undefined when none is due. */
  claim(connector: string, owner: string, leaseUntil: number, nowMs: number): Job | undefined;
  /** Only the current lease holder may finish a running job; undefined when the lease was lost. */
  succeed(id: number, owner: string, result: string, nowMs: number): Job | undefined;
  endAttempt(id: number, owner: string, end: AttemptEnd, nowMs: number): Job | undefined;
  /** Running jobs whose lease ran out before `nowMs`. */
  expiredLeases(nowMs: number): Job[];
  /** Ends an expired lease, guarded on the lease still being the one that was read. */
  endExpiredLease(job: Job, end: AttemptEnd, nowMs: number): Job | undefined;
  /** failed/dead -> queued, keeping the attempt count (see queue.ts for why). */
  requeue(id: number, extraAttempts: number, nowMs: number): Job | undefined;
  /** queued/failed/dead -> failed with class `cancelled`; a running attempt cannot be recalled. */
  cancel(id: number, message: string, nowMs: number): Job | undefined;
  /** The earliest next_run_at among queued jobs of a connector. */
  nextDueAt(connector: string): number | undefined;
  countQueued(connector: string): number;
}

export function createJobRepo(db: Db): JobRepo {
  const leaseHeld = (id: number, owner: string) => and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.leaseOwner, owner));
  return {
    insert(job, nowMs) {
      return db
        .insert(jobs)
        .values({ ...job, state: 'queued', attempts: 0, nextRunAt: nowMs, createdAt: nowMs, updatedAt: nowMs })
        .returning()
        .get();
    },
    get(id) {
      return db.select().from(jobs).where(eq(jobs.id, id)).get();
    },
    byCase(caseId) {
      return db.select().from(jobs).where(eq(jobs.caseId, caseId)).orderBy(asc(jobs.id)).all();
    },
    claim(connector, owner, leaseUntil, nowMs) {
      const next = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.state, 'queued'), eq(jobs.connector, connector), lte(jobs.nextRunAt, nowMs)))
        .orderBy(asc(jobs.nextRunAt), asc(jobs.id))
        .limit(1);
      return db
        .update(jobs)
        .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, leaseUntil, leaseOwner: owner, updatedAt: nowMs })
        .where(eq(jobs.id, sql`(${next})`))
        .returning()
        .get();
    },
    succeed(id, owner, result, nowMs) {
      return db
        .update(jobs)
        .set({ state: 'succeeded', result, leaseUntil: null, leaseOwner: null, outcomeUnknown: false, updatedAt: nowMs })
        .where(leaseHeld(id, owner))
        .returning()
        .get();
    },
    endAttempt(id, owner, end, nowMs) {
      return db
        .update(jobs)
        .set({ ...end, nextRunAt: end.nextRunAt ?? sql`${jobs.nextRunAt}`, leaseUntil: null, leaseOwner: null, updatedAt: nowMs })
        .where(leaseHeld(id, owner))
        .returning()
        .get();
    },
    expiredLeases(nowMs) {
      return db
        .select()
        .from(jobs)
        .where(and(eq(jobs.state, 'running'), lte(jobs.leaseUntil, nowMs)))
        .orderBy(asc(jobs.id))
        .all();
    },
    endExpiredLease(job, end, nowMs) {
      const sameLease = and(
        eq(jobs.id, job.id),
        eq(jobs.state, 'running'),
        eq(jobs.attempts, job.attempts),
        lte(jobs.leaseUntil, nowMs),
      );
      return db
        .update(jobs)
        .set({ ...end, nextRunAt: end.nextRunAt ?? nowMs, leaseUntil: null, leaseOwner: null, updatedAt: nowMs })
        .where(sameLease)
        .returning()
        .get();
    },
    requeue(id, extraAttempts, nowMs) {
      return db
        .update(jobs)
        .set({ state: 'queued', maxAttempts: sql`${jobs.attempts} + ${extraAttempts}`, nextRunAt: nowMs, updatedAt: nowMs })
        .where(and(eq(jobs.id, id), inArray(jobs.state, ['failed', 'dead'])))
        .returning()
        .get();
    },
    cancel(id, message, nowMs) {
      return db
        .update(jobs)
        .set({ state: 'failed', lastError: message, lastErrorClass: 'cancelled', updatedAt: nowMs })
        .where(and(eq(jobs.id, id), inArray(jobs.state, ['queued', 'failed', 'dead'])))
        .returning()
        .get();
    },
    nextDueAt(connector) {
      const row = db
        .select({ at: sql<number | null>`min(${jobs.nextRunAt})` })
        .from(jobs)
        .where(and(eq(jobs.state, 'queued'), eq(jobs.connector, connector)))
        .get();
      return row?.at ?? undefined;
    },
    countQueued(connector) {
      const row = db
        .select({ n: sql<number>`count(*)` })
        .from(jobs)
        .where(and(eq(jobs.state, 'queued'), eq(jobs.connector, connector)))
        .get();
      return row?.n ?? 0;
    },
  };
}
