import type BetterSqlite3 from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { Db } from './open-store';
import { settings } from './schema';

/** Raw JSON settings by key. Each owner validates its own values when it reads them. */
export interface SettingsRepo {
  get(key: string): unknown;
  set(key: string, value: unknown, now: string): void;
}

export function createSettingsRepo(db: Db): SettingsRepo {
  return {
    get(key) {
      const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
      if (!row) return undefined;
      try {
        return JSON.parse(row.value);
      } catch {
        return undefined; // treated as absent; the owner falls back to its default and says so
      }
    },
    set(key, value, now) {
      const json = JSON.stringify(value);
      db.insert(settings)
        .values({ key, value: json, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: now } })
        .run();
    },
  };
}

/**
 * The store's own records (who runs it, when it was last checked) on a bare connection: read before
 * the migrations have run (a new file has no settings table: undefined) and by a second engine on a
 * read-only connection, where there is no drizzle.
 */
export const storeRecords = {
  read(sqlite: BetterSqlite3.Database, key: string): unknown {
    const table = sqlite.prepare("select 1 from sqlite_schema where type = 'table' and name = 'settings'").get();
    if (!table) return undefined;
    const value = sqlite.prepare('select value from settings where key = ?').pluck().get(key) as string | undefined;
    try {
      return value === undefined ? undefined : JSON.parse(value);
    } catch {
      return undefined;
    }
  },
  write(sqlite: BetterSqlite3.Database, key: string, value: unknown, now: string): void {
    sqlite
      .prepare('insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), now);
  },
  remove(sqlite: BetterSqlite3.Database, key: string): void {
    sqlite.prepare('delete from settings where key = ?').run(key);
  },
};
