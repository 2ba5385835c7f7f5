/**
 * Alert delivery rows (alert_deliveries, migration 0011): one alert message to one channel. As in
 * job-repo.ts, every state change is ONE guarded statement (`WHERE state = ... AND lease_owner = ...`),
 * so the worker, a sweep and a person pressing "retry" can never both win; what state a failure
 * leads to, and when it runs again, is decided in alerts/delivery-queue.ts, not here.
 *
 * Statements are prepared once per connection. Rows come back as objects, not job-repo's raw
 * arrays: alerts are a handful an hour, so the few microseconds that saves do not matter here.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AlertDeliveryState, AlertMessage } from '../../../shared/domain/alerts';
import type { Store } from './open-store';
import type { alertDeliveries } from './schema';

/** One delivery: times in ms since the epoch; empty columns left out. */
export interface AlertDelivery {
  id: number;
  channelId: string;
  /** The channel's name when the message was queued (it may be renamed or deleted since). */
  channelName: string;
  message: AlertMessage;
  state: AlertDeliveryState;
  /** Attempts made, counted when each is claimed (before anything is sent). */
  attempts: number;
  maxAttempts: number;
  /** When a queued delivery is due. */
  nextRunAt: number;
  /** While running: who holds it and until when. */
  leaseOwner?: string;
  leaseUntil?: number;
  lastError?: string;
  lastErrorClass?: string;
  /** Who retried or cancelled it by hand, last. */
  lastActionBy?: string;
  sentAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewDeliveryRow {
  channelId: string;
  channelName: string;
  message: AlertMessage;
  maxAttempts: number;
}

/** What a finished (or interrupted) attempt writes: the next state and why. */
export interface DeliveryAttemptEnd {
  state: 'queued' | 'dead';
  nextRunAt?: number;
  lastError: string;
  lastErrorClass: string;
}

export interface AlertDeliveryRepo {
  /** Runs `fn` once the transaction open now commits (at once outside one); never when it rolls back. */
  afterCommit(fn: () => void): void;
  /** All of them in one durable commit (a savepoint inside a transaction already open). */
  insertMany(rows: readonly NewDeliveryRow[], nowMs: number): AlertDelivery[];
  get(id: number): AlertDelivery | undefined;
  /** Claims the next due delivery in one durable statement and counts the attempt. */
  claim(owner: string, leaseUntil: number, nowMs: number): AlertDelivery | undefined;
  /** running (under `owner`) -> sent. */
  sent(id: number, owner: string, nowMs: number): AlertDelivery | undefined;
  /** running (under `owner`) -> queued or dead. */
  endAttempt(id: number, owner: string, end: DeliveryAttemptEnd, nowMs: number): AlertDelivery | undefined;
  /** Running deliveries whose lease ran out by `nowMs`. */
  expiredLeases(nowMs: number): AlertDelivery[];
  /** Ends an expired lease, guarded on it still being the lease that was read (owner and attempt). */
  endExpiredLease(delivery: AlertDelivery, end: DeliveryAttemptEnd, nowMs: number): AlertDelivery | undefined;
  /** dead/cancelled -> queued, due now, by `who`; the budget becomes attempts + `extraAttempts`. */
  requeue(id: number, extraAttempts: number, nowMs: number, who: string): AlertDelivery | undefined;
  /** The channel's queued deliveries -> cancelled by `who`, in one statement. */
  cancelQueuedForChannel(channelId: string, who: string, nowMs: number): AlertDelivery[];
  /** Newest first; every state when `states` is absent. */
  list(states: readonly AlertDeliveryState[] | undefined, limit: number): AlertDelivery[];
  /** The earliest time something is due: a queued delivery's next run, or a running one's lease end. */
  nextDueAt(): number | undefined;
  countsByState(): { state: AlertDeliveryState; n: number }[];
}

type Row = typeof alertDeliveries.$inferSelect;

/** An alert_deliveries row as SQLite returns it (snake_case columns). */
interface SqlRow {
  id: number;
  channel_id: string;
  channel_name: string;
  condition: string;
  title: string;
  message: string;
  state: AlertDeliveryState;
  attempts: number;
  max_attempts: number;
  next_run_at: number;
  lease_until: number | null;
  lease_owner: string | null;
  last_error: string | null;
  last_error_class: string | null;
  last_action_by: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

// Fails to type-check when schema.ts gains (or renames) a column that SqlRow does not map.
type SameColumns<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
type CamelToSnake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${CamelToSnake<T>}` : S;
const columnsMatch: SameColumns<{ [K in keyof Row as CamelToSnake<K & string>]: Row[K] }, SqlRow> = true;
void columnsMatch;

function toDelivery(r: SqlRow): AlertDelivery {
  return {
    id: r.id,
    channelId: r.channel_id,
    channelName: r.channel_name,
    message: JSON.parse(r.message) as AlertMessage,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextRunAt: r.next_run_at,
    ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
    ...(r.lease_until !== null ? { leaseUntil: r.lease_until } : {}),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.last_error_class !== null ? { lastErrorClass: r.last_error_class } : {}),
    ...(r.last_action_by !== null ? { lastActionBy: r.last_action_by } : {}),
    ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const LEASE_HELD = `id = @id AND state = 'running' AND lease_owner = @owner`;

export function createAlertDeliveryRepo(store: Pick<Store, 'sqlite' | 'durable' | 'write' | 'afterCommit'>): AlertDeliveryRepo {
  const { sqlite, durable } = store;
  const prepare = (source: string) => sqlite.prepare(source);
  /**
   * Runs a write with RETURNING to its end (all(), not get(): see job-repo.ts's firstRow, the WAL
   * hook runs only when a step returns DONE).
   */
  const write = (statement: BetterSqlite3.Statement, params: Record<string, unknown>): AlertDelivery | undefined => {
    const row = statement.all(params)[0] as SqlRow | undefined;
    return row === undefined ? undefined : toDelivery(row);
  };
  const many = (rows: unknown[]) => (rows as SqlRow[]).map(toDelivery);
  const s = {
    insert: prepare(
      `INSERT INTO alert_deliveries (channel_id, channel_name, condition, title, message, state, attempts, max_attempts, next_run_at, created_at, updated_at)
       VALUES (@channelId, @channelName, @condition, @title, @message, 'queued', 0, @maxAttempts, @now, @now, @now) RETURNING *`,
    ),
    get: prepare('SELECT * FROM alert_deliveries WHERE id = ?'),
    claim: prepare(
      `UPDATE alert_deliveries SET state = 'running', attempts = attempts + 1, lease_until = @leaseUntil, lease_owner = @owner, updated_at = @now
       WHERE id = (SELECT id FROM alert_deliveries WHERE state = 'queued' AND next_run_at <= @now ORDER BY next_run_at, id LIMIT 1)
       RETURNING *`,
    ),
    sent: prepare(
      `UPDATE alert_deliveries SET state = 'sent', sent_at = @now, lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE ${LEASE_HELD} RETURNING *`,
    ),
    endAttempt: prepare(
      `UPDATE alert_deliveries SET state = @state, next_run_at = coalesce(@nextRunAt, next_run_at), last_error = @lastError,
         last_error_class = @lastErrorClass, lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE ${LEASE_HELD} RETURNING *`,
    ),
    expiredLeases: prepare(`SELECT * FROM alert_deliveries WHERE state = 'running' AND lease_until <= ? ORDER BY id`),
    endExpiredLease: prepare(
      `UPDATE alert_deliveries SET state = @state, next_run_at = coalesce(@nextRunAt, @now), last_error = @lastError,
         last_error_class = @lastErrorClass, lease_until = NULL, lease_owner = NULL, updated_at = @now
       WHERE ${LEASE_HELD} AND attempts = @attempts AND lease_until <= @now RETURNING *`,
    ),
    requeue: prepare(
      `UPDATE alert_deliveries SET state = 'queued', max_attempts = attempts + @extraAttempts, next_run_at = @now,
         last_action_by = @who, updated_at = @now
       WHERE id = @id AND state IN ('dead', 'cancelled') RETURNING *`,
    ),
    cancelForChannel: prepare(
      `UPDATE alert_deliveries SET state = 'cancelled', last_action_by = @who, updated_at = @now
       WHERE channel_id = @channelId AND state = 'queued' RETURNING *`,
    ),
    // One statement for every filter: the states come as a JSON array (NULL: every state).
    list: prepare(
      `SELECT * FROM alert_deliveries WHERE @states IS NULL OR state IN (SELECT value FROM json_each(@states))
       ORDER BY id DESC LIMIT @limit`,
    ),
    nextDueAt: prepare(
      `SELECT min(CASE state WHEN 'queued' THEN next_run_at ELSE lease_until END) AS at
       FROM alert_deliveries WHERE state IN ('queued', 'running')`,
    ),
    counts: prepare('SELECT state, count(*) AS n FROM alert_deliveries GROUP BY state'),
  };
  const endParams = (end: DeliveryAttemptEnd) => ({
    state: end.state,
    nextRunAt: end.nextRunAt ?? null,
    lastError: end.lastError,
    lastErrorClass: end.lastErrorClass,
  });

  return {
    afterCommit: store.afterCommit,
    insertMany(rows, nowMs) {
      if (rows.length === 0) return [];
      // Durable: a queued delivery is the promise that the alert goes out, even after a power cut.
      return durable(() =>
        store.write(() =>
          rows.map((row) =>
            write(s.insert, {
              channelId: row.channelId,
              channelName: row.channelName,
              condition: row.message.condition,
              title: row.message.title,
              message: JSON.stringify(row.message),
              maxAttempts: row.maxAttempts,
              now: nowMs,
            })!,
          ),
        ),
      );
    },
    get(id) {
      const row = s.get.get(id) as SqlRow | undefined;
      return row === undefined ? undefined : toDelivery(row);
    },
    // Durable: the counted attempt is on disk before the message leaves, so a crash mid-send cannot
    // hand out attempts beyond the budget.
    claim: (owner, leaseUntil, nowMs) => durable(() => write(s.claim, { owner, leaseUntil, now: nowMs })),
    sent: (id, owner, nowMs) => write(s.sent, { id, owner, now: nowMs }),
    endAttempt: (id, owner, end, nowMs) => write(s.endAttempt, { ...endParams(end), id, owner, now: nowMs }),
    expiredLeases: (nowMs) => many(s.expiredLeases.all(nowMs)),
    endExpiredLease: (delivery, end, nowMs) =>
      write(s.endExpiredLease, { ...endParams(end), id: delivery.id, owner: delivery.leaseOwner ?? null, attempts: delivery.attempts, now: nowMs }),
    requeue: (id, extraAttempts, nowMs, who) => write(s.requeue, { id, extraAttempts, now: nowMs, who }),
    cancelQueuedForChannel: (channelId, who, nowMs) => many(s.cancelForChannel.all({ channelId, who, now: nowMs })),
    list: (states, limit) => many(s.list.all({ states: states === undefined ? null : JSON.stringify(states), limit })),
    nextDueAt() {
      const row = s.nextDueAt.get() as { at: number | null } | undefined;
      return row?.at ?? undefined;
    },
    countsByState: () => s.counts.all() as { state: AlertDeliveryState; n: number }[],
  };
}
