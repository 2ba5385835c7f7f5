import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import journal from '../../../electron/engine/store/migrations/meta/_journal.json';
import { applyMigrations, MIGRATIONS, type Migration } from '../../../electron/engine/store/migrations';
import { openStore, type Store } from '../../../electron/engine/store/open-store';
import { makeDataDir, removeDataDir } from '../../support/host-process';

const dirs: string[] = [];
const stores: Store[] = [];
function open(): { store: Store; path: string } {
  const dir = makeDataDir();
  dirs.push(dir);
  const path = join(dir, 'nested', 'casebridge.sqlite');
  const store = openStore(path);
  stores.push(store);
  return { store, path };
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) removeDataDir(d);
});

describe('openStore', () => {
  it('creates the folder and the database, with the pragmas the job tables rely on', () => {
    const { store } = open();
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL, outside durable()
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('commits inside durable() with an fsync each (FULL), nested calls with the outermost, and goes back to NORMAL even after a failure', () => {
    const { store } = open();
    const level = () => store.sqlite.pragma('synchronous', { simple: true });
    const seen: unknown[] = [];
    store.durable(() => {
      seen.push(level());
      store.durable(() => seen.push(level()));
      seen.push(level()); // still FULL: the outer transaction has not committed yet
    });
    expect(seen).toEqual([2, 2, 2]);
    expect(level()).toBe(1);
    expect(() => store.durable(() => { throw new Error('boom'); })).toThrow('boom');
    expect(level()).toBe(1);
  });

  it('applies every committed migration and reports the schema version', () => {
    const { store } = open();
    expect(store.schema.version).toBe(journal.entries.length);
    expect(store.schema.tag).toBe(journal.entries.at(-1)!.tag);
    const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['settings', 'log_entries', '__drizzle_migrations']));
  });

  it('does not apply migrations twice when reopened', () => {
    const { store, path } = open();
    store.close();
    const again = openStore(path);
    stores.push(again);
    expect(again.schema.version).toBe(journal.entries.length);
    expect(again.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(journal.entries.length);
  });

  it('refuses a database written by a newer version, and leaves it as it was', () => {
    const { store, path } = open();
    store.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 12);
    store.close();
    expect(() => openStore(path)).toThrow(/newer casebridge/);
    const raw = new Database(path);
    expect(raw.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(journal.entries.length + 1);
    raw.close();
  });
});

describe('applyMigrations', () => {
  it('refuses a committed migration that was edited after the database applied it', () => {
    const sqlite = new Database(':memory:');
    applyMigrations(sqlite, MIGRATIONS);
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, hash: 'edited' } : m));
    expect(() => applyMigrations(sqlite, edited)).toThrow(/was changed after this database applied it/);
    sqlite.close();
  });


  it('applies all pending migrations in one transaction: a failure leaves nothing behind', () => {
    const sqlite = new Database(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { tag: '9998_ok', when: 9e12, hash: 'a', statements: ['CREATE TABLE extra (id INTEGER)'] },
      { tag: '9999_broken', when: 9.1e12, hash: 'b', statements: ['CREATE TABLE broken (id INTEGER', 'SELECT 1'] },
    ];
    expect(() => applyMigrations(sqlite, broken)).toThrow();
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").pluck().all()).toEqual([]);
    sqlite.close();
  });

  it('applies only the migrations that are newer than the last applied one', () => {
    const sqlite = new Database(':memory:');
    expect(applyMigrations(sqlite, MIGRATIONS).version).toBe(MIGRATIONS.length);
    const next: Migration = { tag: '9000_next', when: 9e12, hash: 'n', statements: ['CREATE TABLE next_table (id INTEGER)'] };
    expect(applyMigrations(sqlite, [...MIGRATIONS, next])).toEqual({ version: MIGRATIONS.length + 1, tag: '9000_next' });
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name='next_table'").pluck().get()).toBe(1);
    sqlite.close();
  });
});
