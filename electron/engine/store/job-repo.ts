/**
 * Job rows: every state change is ONE guarded statement (`WHERE state = ... AND lease_owner = ...`)
 * so two workers, a sweep and a person pressing "retry" can never both win. Policy (what state a
 * failure leads to, how long to wait) lives in jobs/queue.ts; this module only writes rows.
 *
 * Plain SQL prepared once per connection, not drizzle's query builder: building a drizzle query
 * costs ~160 us of CPU per call, more than the durable commit itself, and the queue is on every
 * job's path. For the same reason rows come back as arrays (raw mode), mapped by the column
 * positions read once per connection: better-sqlite3 builds an object row key by key, which cost
 * ~4 us of the ~30 a completion takes. The table is still defined (and migrated) by drizzle in
 * schema.ts; `toJob` below fails to type-check if a column is added there and not mapped here.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './open-store';
import type { jobs } from './schema';

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
  /** The person who queued it by hand ("Apply template"); absent for a rule's job. */
  queuedBy?: string;
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
  /** Runs `fn` once the transaction open now commits (at once outside one); never when it rolls back (Store.afterCommit). */
  afterCommit(fn: () => void): void;
  insert(job: NewJob, nowMs: number): Job;
  get(id: number): Job | undefined;
  byCase(caseId: string): Job[];
  /** Claims the next due job in one statement and counts the attempt; undefined when none is due. */
  claim(connector: string, owner: string, leaseUntil: number, nowMs: number): Job | undefined;
  /** Claims up to `max` due jobs, each as claim() does, in one commit (one fsync for them all). */
  claimMany(connector: string, owner: string, leaseUntil: number, nowMs: number, max: number): Job[];
  /** Only the current lease holder may finish a running job; undefined when the lease was lost. */
  succeed(id: number, owner: string, result: string, nowMs: number, alsoWrite?: () => void): Job | undefined;
  endAttempt(id: number, owner: string, end: AttemptEnd, nowMs: number): Job | undefined;
  /** Extends the leases the owner still holds on these running jobs; returns how many it still held. */
  renewLeases(ids: readonly number[], owner: string, leaseUntil: number): number;
  /** Running jobs whose lease ran out before `nowMs`. */
  expiredLeases(nowMs: number): Job[];
  /** Ends an expired lease, guarded on the lease still being the one that was read. */
  endExpiredLease(job: Job, end: AttemptEnd, nowMs: number): Job | undefined;
  /** failed/dead/cancelled -> queued by `who`, keeping the attempt count (see queue.ts for why). */
  requeue(id: number, extraAttempts: number, nowMs: number, who: string): Job | undefined;
  /** queued/failed/dead -> cancelled by `who` (the last error is kept); a running attempt cannot be recalled. Both are the job's last action by hand. */
  cancel(id: number, who: string, nowMs: number): Job | undefined;
  /** The earliest next_run_at among queued jobs of a connector. */
  nextDueAt(connector: string): number | undefined;
  countQueued(connector: string): number;
}

/** A `jobs` row as SQLite returns it. */
interface JobRow {
  id: number;
  connector: string;
  kind: JobKind;
  case_id: string;
  template_id: number;
  template_version: number;
  reference_name: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  attempts_added_by_hand: number;
  next_run_at: number;
  lease_until: number | null;
  lease_owner: string | null;
  last_error: string | null;
  last_error_class: string | null;
  outcome_unknown: number;
  result: string | null;
  cancelled_by: string | null;
  last_action_kind: Job['lastActionKind'];
  last_action_by: string | null;
  last_action_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A `jobs` row as raw mode returns it: its values in column order. */
type RawRow = unknown[];

/** Where each column sits in a raw row; read from a `SELECT *` once, and checked against every other statement. */
type Positions = { readonly [K in keyof JobRow]: number };

function positionsOf(statement: BetterSqlite3.Statement): Positions {
  const names = statement.columns().map((c) => c.name);
  const at = (name: keyof JobRow) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`The jobs table has no column ${name} (it has ${names.join(', ')}): the store's migrations and job-repo.ts disagree.`);
    return i;
  };
  return {
    id: at('id'),
    connector: at('connector'),
    kind: at('kind'),
    case_id: at('case_id'),
    template_id: at('template_id'),
    template_version: at('template_version'),
    reference_name: at('reference_name'),
    state: at('state'),
    attempts: at('attempts'),
    max_attempts: at('max_attempts'),
    attempts_added_by_hand: at('attempts_added_by_hand'),
    next_run_at: at('next_run_at'),
    lease_until: at('lease_until'),
    lease_owner: at('lease_owner'),
    last_error: at('last_error'),
    last_error_class: at('last_error_class'),
    outcome_unknown: at('outcome_unknown'),
    result: at('result'),
    cancelled_by: at('cancelled_by'),
    last_action_kind: at('last_action_kind'),
    last_action_by: at('last_action_by'),
    last_action_at: at('last_action_at'),
    created_at: at('created_at'),
    updated_at: at('updated_at'),
  };
}

function toJob(r: RawRow, p: Positions): Job {
  const v = <K extends keyof JobRow>(column: K) => r[p[column]] as JobRow[K];
  return {
    id: v('id'),
    connector: v('connector'),
    kind: v('kind'),
    caseId: v('case_id'),
    templateId: v('template_id'),
    templateVersion: v('template_version'),
    referenceName: v('reference_name'),
    state: v('state'),
    attempts: v('attempts'),
    maxAttempts: v('max_attempts'),
    attemptsAddedByHand: v('attempts_added_by_hand'),
    nextRunAt: v('next_run_at'),
    leaseUntil: v('lease_until'),
    leaseOwner: v('lease_owner'),
    lastError: v('last_error'),
    lastErrorClass: v('last_error_class'),
    outcomeUnknown: v('outcome_unknown') !== 0,
    result: v('result'),
    cancelledBy: v('cancelled_by'),
    lastActionKind: v('last_action_kind'),
    lastActionBy: v('last_action_by'),
    lastActionAt: v('last_action_at'),
    createdAt: v('created_at'),
    updatedAt: v('updated_at'),
  };
}

/**
 * Runs a write with RETURNING to the end. `.get()` stops at the first row and resets the statement:
 * the commit happens (durably) in the reset, but SQLite calls the WAL hook only when a step returns
 * DONE, so the automatic checkpoint never ran and the WAL grew without bound (74 MB after 3,000
 * jobs), slowing every later commit.
 */
const firstRow = (statement: BetterSqlite3.Statement, params: Record<string, unknown>): RawRow | undefined => statement.all(params)[0] as RawRow | undefined;
const LEASE_HELD = `id = @id AND state = 'running' AND lease_owner = @owner`;
const INSERT_COLUMNS =
  'connector, kind, case_id, template_id, template_version, reference_name, state, attempts, next_run_at, last_action_kind, last_action_by, last_action_at, created_at, updated_at';
// A job queued by hand names who queued it as its last action; a rule's job has none.
const INSERT_VALUES = `@connector, @kind, @caseId, @templateId, @templateVersion, @referenceName, 'queued', 0, @now,
  CASE WHEN @queuedBy IS NULL THEN NULL ELSE 'queued' END, @queuedBy, CASE WHEN @queuedBy IS NULL THEN NULL ELSE @now END, @now, @now`;

export function createJobRepo(store: Pick<Store, 'sqlite' | 'durable' | 'write' | 'afterCommit'>): JobRepo {
  const { sqlite, durable } = store;
  const prepare = (source: string) => sqlite.prepare(source);
  const selectAll = prepare('SELECT * FROM jobs WHERE id = ?').raw(true);
  const positions = positionsOf(selectAll);
  const columns = (statement: BetterSqlite3.Statement) =>
    statement
      .columns()
      .map((c) => c.name)
      .join(', ');
  /** A statement that answers whole job rows (`*`), as arrays in the order `positions` reads. */
  const rows = (source: string) => {
    const statement = prepare(source).raw(true);
    if (columns(statement) !== columns(selectAll)) throw new Error(`job-repo: ${source} answers ${columns(statement)}, not the columns of a job row (${columns(selectAll)}).`);
    return statement;
  };
  const one = (row: RawRow | undefined): Job | undefined => (row === undefined ? undefined : toJob(row, positions));
  const many = (found: unknown[]): Job[] => (found as RawRow[]).map((row) => toJob(row, positions));
  const write = (statement: BetterSqlite3.Statement, params: Record<string, unknown>): Job | undefined => one(firstRow(statement, params));
  const s = {
    // Without max_attempts the column default applies, as before.
    insert: rows(`INSERT INTO jobs (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) RETURNING *`),
    // No RETURNING: every column is known here (insert() builds the row), and RETURNING's buffered
    // result costs ~8 us of each enqueue's CPU.
    insertWithBudget: prepare(`INSERT INTO jobs (${INSERT_COLUMNS}, max_attempts) VALUES (${INSERT_VALUES}, @maxAttempts)`),
    get: selectAll,
    byCase: rows('SELECT * FROM jobs WHERE case_id = ? ORDER BY id'),
    claim: rows(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = @leaseUntil, lease_owner = @owner, updated_at = @now
       WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND connector = @connector AND next_run_at <= @now ORDER BY next_run_at, id LIMIT 1)
       RETURNING *`,
    ),
    succeed: rows(
      `UPDATE jobs SET state = 'succeeded', result = @result, lease_until = NULL, lease_owner = NULL, outcome_unknown = 0, updated_at = @now
       WHERE ${LEASE_HELD} RETURNING *`,
    ),
    endAttempt: rows(
      `UPDATE jobs SET state = @state, next_run_at = coalesce(@nextRunAt, next_run_at), last_error = @lastError, last_error_class = @lastErrorClass,
         outcome_unknown = @outcomeUnknown, lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE ${LEASE_HELD} RETURNING *`,
    ),
    renewLease: prepare(`UPDATE jobs SET lease_until = @leaseUntil WHERE ${LEASE_HELD}`),
    expiredLeases: rows(`SELECT * FROM jobs WHERE state = 'running' AND lease_until <= ? ORDER BY id`),
    endExpiredLease: rows(
      `UPDATE jobs SET state = @state, next_run_at = coalesce(@nextRunAt, @now), last_error = @lastError, last_error_class = @lastErrorClass,
         outcome_unknown = @outcomeUnknown, lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE id = @id AND state = 'running' AND attempts = @attempts AND lease_until <= @now RETURNING *`,
    ),
    requeue: rows(
      `UPDATE jobs SET state = 'queued', attempts_added_by_hand = attempts_added_by_hand + max(0, attempts + @extraAttempts - max_attempts),
         max_attempts = attempts + @extraAttempts, cancelled_by = NULL, next_run_at = @now, updated_at = @now,
         last_action_kind = 'retried', last_action_by = @who, last_action_at = @now
       WHERE id = @id AND state IN ('failed', 'dead', 'cancelled') RETURNING *`,
    ),
    cancel: rows(
      `UPDATE jobs SET state = 'cancelled', cancelled_by = @who, updated_at = @now, last_action_kind = 'cancelled', last_action_by = @who, last_action_at = @now
       WHERE id = @id AND state IN ('queued', 'failed', 'dead') RETURNING *`,
    ),
    nextDueAt: prepare(`SELECT min(next_run_at) AS at FROM jobs WHERE state = 'queued' AND connector = ?`),
    countQueued: prepare(`SELECT count(*) AS n FROM jobs WHERE state = 'queued' AND connector = ?`),
  };
  const endParams = (end: AttemptEnd) => ({
    state: end.state,
    nextRunAt: end.nextRunAt ?? null,
    lastError: end.lastError,
    lastErrorClass: end.lastErrorClass,
    outcomeUnknown: end.outcomeUnknown ? 1 : 0,
  });

  return {
    insert(job, nowMs) {
      const given = {
        connector: job.connector,
        kind: job.kind,
        caseId: job.caseId,
        templateId: job.templateId,
        templateVersion: job.templateVersion,
        referenceName: job.referenceName,
      };
      const params = { ...given, queuedBy: job.queuedBy ?? null, now: nowMs };
      // Durable: a queued job is what the CRM's 202 and a person's "queued job N" promise.
      const { maxAttempts } = job;
      if (maxAttempts === undefined) return durable(() => write(s.insert, params))!;
      const { lastInsertRowid } = durable(() => s.insertWithBudget.run({ ...params, maxAttempts }));
      // The row as INSERT_VALUES wrote it (the test of job-repo compares it with the stored one).
      return {
        id: Number(lastInsertRowid),
        ...given,
        state: 'queued',
        attempts: 0,
        maxAttempts,
        attemptsAddedByHand: 0,
        nextRunAt: nowMs,
        leaseUntil: null,
        leaseOwner: null,
        lastError: null,
        lastErrorClass: null,
        outcomeUnknown: false,
        result: null,
        cancelledBy: null,
        lastActionKind: job.queuedBy !== undefined ? 'queued' : null,
        lastActionBy: job.queuedBy ?? null,
        lastActionAt: job.queuedBy !== undefined ? nowMs : null,
        createdAt: nowMs,
        updatedAt: nowMs,
      };
    },
    afterCommit: store.afterCommit,
    get: (id) => one(s.get.get(id) as RawRow | undefined),
    byCase: (caseId) => many(s.byCase.all(caseId)),
    // Durable: the counted attempt must be on disk before its request leaves, so that after any
    // crash a retry looks for what the request may have made instead of making it again.
    claim: (connector, owner, leaseUntil, nowMs) => durable(() => write(s.claim, { connector, owner, leaseUntil, now: nowMs })),
    claimMany(connector, owner, leaseUntil, nowMs, max) {
      return durable(() =>
        sqlite
          .transaction(() => {
            const claimed: Job[] = [];
            for (let i = 0; i < max; i++) {
              const job = write(s.claim, { connector, owner, leaseUntil, now: nowMs });
              if (!job) break;
              claimed.push(job);
            }
            return claimed;
          })
          .immediate(),
      );
    },
    succeed(id, owner, result, nowMs, alsoWrite) {
      if (!alsoWrite) return write(s.succeed, { id, owner, result, now: nowMs });
      // Through the store's write(): what alsoWrite tells (its log line) is heard once this commits.
      return store.write(() => {
        const job = write(s.succeed, { id, owner, result, now: nowMs });
        if (job) alsoWrite();
        return job;
      });
    },
    endAttempt: (id, owner, end, nowMs) => write(s.endAttempt, { ...endParams(end), id, owner, now: nowMs }),
    // Not durable: a renewal lost to a power cut only lets the lease end sooner, after a restart
    // that has ended the attempt anyway.
    renewLeases: (ids, owner, leaseUntil) => sqlite.transaction(() => ids.reduce((held, id) => held + s.renewLease.run({ id, owner, leaseUntil }).changes, 0)).immediate(),
    expiredLeases: (nowMs) => many(s.expiredLeases.all(nowMs)),
    endExpiredLease: (job, end, nowMs) => write(s.endExpiredLease, { ...endParams(end), id: job.id, attempts: job.attempts, now: nowMs }),
    requeue: (id, extraAttempts, nowMs, who) => write(s.requeue, { id, extraAttempts, now: nowMs, who }),
    cancel: (id, who, nowMs) => write(s.cancel, { id, who, now: nowMs }),
    nextDueAt(connector) {
      const row = s.nextDueAt.get(connector) as { at: number | null } | undefined;
      return row?.at ?? undefined;
    },
    countQueued(connector) {
      const row = s.countQueued.get(connector) as { n: number } | undefined;
      return row?.n ?? 0;
    },
  };
}
