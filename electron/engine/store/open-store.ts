/**
 * Opens the SQLite store: pragmas first, then the committed migrations, then drizzle on top.
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
  close(): void;
}

export interface OpenStoreOptions {
  /** A better-sqlite3 native binding built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // WAL lets the console read while the engine writes. synchronous=FULL because jobs must survive a
    // power cut the moment they are acknowledged (it applies to the connection, so to every table).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const state = applyMigrations(sqlite);
    const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    return {
      sqlite,
      db: drizzle(sqlite, { schema }),
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
