import { eq, lt } from 'drizzle-orm';
import type { Db } from './open-store';
import { cxCache } from './schema';

export interface CxCacheRow {
  body: unknown;
  /** When the data was read from Civica Cx, ms since the epoch. */
  fetchedAt: number;
}

/** The Civica Cx customer-data cache: JSON bodies by key, with when they were read. */
export interface CxCacheRepo {
  get(key: string): CxCacheRow | undefined;
  put(key: string, body: unknown, fetchedAt: number): void;
  delete(key: string): void;
  /** Removes rows read before `beforeMs` (searches nobody repeats would otherwise pile up); returns how many. */
  pruneOlderThan(beforeMs: number): number;
}

export function createCxCacheRepo(db: Db): CxCacheRepo {
  return {
    get(key) {
      const row = db.select().from(cxCache).where(eq(cxCache.key, key)).get();
      if (!row) return undefined;
      try {
        return { body: JSON.parse(row.body) as unknown, fetchedAt: row.fetchedAt };
      } catch {
        return undefined; // unreadable: read again from Cx
      }
    },
    put(key, body, fetchedAt) {
      const json = JSON.stringify(body);
      db.insert(cxCache)
        .values({ key, body: json, fetchedAt })
        .onConflictDoUpdate({ target: cxCache.key, set: { body: json, fetchedAt } })
        .run();
    },
    delete(key) {
      db.delete(cxCache).where(eq(cxCache.key, key)).run();
    },
    pruneOlderThan: (beforeMs) => db.delete(cxCache).where(lt(cxCache.fetchedAt, beforeMs)).run().changes,
  };
}
