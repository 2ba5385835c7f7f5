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
