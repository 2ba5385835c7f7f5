import { desc, eq, lt } from 'drizzle-orm';
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
    byCase(caseId, limit) {
      return db.select().from(logEntries).where(eq(logEntries.caseId, caseId)).orderBy(desc(logEntries.id)).limit(limit).all().map(toEntry);
    },
  };
}
