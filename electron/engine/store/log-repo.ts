import { desc, eq, lt, max, sql } from 'drizzle-orm';
import type { LogEntry, NewLogEntry } from '../../../shared/domain/log-entry';
import type { Store } from './open-store';
import { logEntries } from './schema';

type Row = typeof logEntries.$inferSelect;

/** Stored rows use null for "not given"; entries leave the key out. */
function toEntry(row: Row): LogEntry {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null && key !== 'timeMs') entry[key] = value;
  return entry as LogEntry;
}

/** An entry with its id and time already given (the log bus numbers entries as they are written). */
export type StoredLogEntry = NewLogEntry & { id: number; time: string; timeMs: number; person?: string };

const COLUMNS = [
  'id',
  'time',
  'time_ms',
  'level',
  'source',
  'message',
  'case_id',
  'template_id',
  'job_id',
  'attempt',
  'outcome',
  'duration_ms',
  'request',
  'response',
  'error_class',
  'retry_at_ms',
  'person',
] as const;

export interface LogRepo {
  /** The highest id stored (0 for an empty log). */
  maxId(): number;
  /** Whether the store's connection is inside a transaction now (a write then commits with it). */
  inTransaction?(): boolean;
  /** Runs `fn` once the transaction open now commits (at once outside one); never when it rolls back (Store.afterCommit). */
  afterCommit?(fn: () => void): void;
  /** Inserts entries in one transaction (one commit, however many entries). */
  insertMany(entries: readonly StoredLogEntry[]): void;
  /** Newest first; `beforeId` pages back. */
  recent(limit: number, beforeId?: number): LogEntry[];
  /** A case's newest entries, newest first. */
  byCase(caseId: string, limit: number): LogEntry[];
  /**
   * Deletes up to `batch` of the oldest entries that are older than `beforeMs` or beyond the newest
   * `keepEntries`; returns how many went. Small batches keep each write transaction short.
   */
  prune(beforeMs: number, keepEntries: number, batch: number): number;
}

export function createLogRepo(store: Pick<Store, 'db' | 'sqlite' | 'afterCommit'>): LogRepo {
  const { db, sqlite } = store;
  // Prepared once: the log is the busiest table (an entry per attempt, and more).
  const insert = sqlite.prepare(`insert into log_entries (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const insertEach = (entries: readonly StoredLogEntry[]) => {
    for (const e of entries) {
      insert.run(
        e.id,
        e.time,
        e.timeMs,
        e.level,
        e.source,
        e.message,
        e.caseId ?? null,
        e.templateId ?? null,
        e.jobId ?? null,
        e.attempt ?? null,
        e.outcome ?? null,
        e.durationMs ?? null,
        e.request ?? null,
        e.response ?? null,
        e.errorClass ?? null,
        e.retryAtMs ?? null,
        e.person ?? null,
      );
    }
  };
  const insertAll = sqlite.transaction(insertEach);
  return {
    maxId: () =>
      db
        .select({ id: max(logEntries.id) })
        .from(logEntries)
        .get()?.id ?? 0,
    inTransaction: () => sqlite.inTransaction,
    afterCommit: store.afterCommit,
    // Inside a transaction already (an entry joining the change it tells of), no savepoint of its
    // own: an insert that fails undoes only itself, and a savepoint per entry cost more than the row.
    insertMany: (entries) => (sqlite.inTransaction ? insertEach(entries) : insertAll(entries)),
    recent(limit, beforeId) {
      return db
        .select()
        .from(logEntries)
        .where(beforeId === undefined ? undefined : lt(logEntries.id, beforeId))
        .orderBy(desc(logEntries.id))
        .limit(limit)
        .all()
        .map(toEntry);
    },
    prune(beforeMs, keepEntries, batch) {
      const boundary = db.select({ id: logEntries.id }).from(logEntries).orderBy(desc(logEntries.id)).limit(1).offset(keepEntries).get();
      const result = db.run(
        sql`delete from log_entries where id in (select id from log_entries where time_ms < ${beforeMs} or id <= ${boundary?.id ?? 0} order by id limit ${batch})`,
      );
      return result.changes;
    },
    byCase(caseId, limit) {
      return db.select().from(logEntries).where(eq(logEntries.caseId, caseId)).orderBy(desc(logEntries.id)).limit(limit).all().map(toEntry);
    },
  };
}
