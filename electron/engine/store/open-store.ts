/**
 * Opens the SQLite store: pragmas first, then the committed migrations, then drizzle on top.
 *
 * Durability: WAL with synchronous=NORMAL for most commits, FULL (an fsync per commit) only inside
 * durable(). A FULL commit also makes every NORMAL commit before it durable (they are earlier in the
 * same WAL), so what matters before a request leaves is on disk, at one fsync per job, not seven.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { applyMigrations, type SchemaState } from './migrations';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  sqlite: Database.Database;
  db: Db;
  path: string;
  schema: SchemaState;
  sqliteVersion: string;
  /**
   * Runs `fn` so that what it commits survives a power cut (synchronous=FULL), and with it every
   * commit before. For the moments something outside is told or sent something: the CRM's 202, the
   * claim of a job just before its request goes out. Other commits survive the app being killed,
   * and a power cut can undo only the last of them, which the lookup before any resend covers.
   */
  durable<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** A better-sqlite3 native binding built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
  /** Runs on the open connection before the migrations write anything (the integrity check at start); a throw closes it. */
  beforeMigrations?: (sqlite: Database.Database) => void;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // WAL lets the console read while the engine writes. synchronous=NORMAL: a commit survives the
    // app being killed; what must also survive a power cut is written through durable() (below).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    options.beforeMigrations?.(sqlite);
    const state = applyMigrations(sqlite);
    const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    let durableDepth = 0;
    // Not prepared once: SQLite may apply a PRAGMA when it is prepared, not when it runs.
    return {
      sqlite,
      db: drizzle(sqlite, { schema }),
      durable(fn) {
        // Nested calls commit with the outermost (a transaction commits once, at its end).
        if (durableDepth++ === 0) sqlite.exec('PRAGMA synchronous = FULL');
        try {
          return fn();
        } finally {
          if (--durableDepth === 0) sqlite.exec('PRAGMA synchronous = NORMAL');
        }
      },
      path,
      schema: state,
      sqliteVersion,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
