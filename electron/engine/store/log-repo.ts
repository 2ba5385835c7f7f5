import { desc, eq, lt, sql } from 'drizzle-orm';
import type { LogEntry, NewLogEntry } from '../../../shared/domain/log-entry';
import type { Db } from './open-store';
import { logEntries } from './schema';

type Row = typeof logEntries.$inferSelect;

/** Stored rows use null for "not given"; entries leave the key out. */
function toEntry(row: Row): LogEntry {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null && key !== 'timeMs') entry[key] = value;
  return entry as LogEntry;
}

export interface LogRepo {
  insert(entry: NewLogEntry, time: string, timeMs: number): LogEntry;
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

export function createLogRepo(db: Db): LogRepo {
  return {
    insert(entry, time, timeMs) {
      const row = db
        .insert(logEntries)
        .values({ ...entry, time, timeMs })
        .returning()
        .get();
      return toEntry(row);
    },
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
