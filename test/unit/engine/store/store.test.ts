import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import journal from '../../../../electron/engine/store/migrations/meta/_journal.json';
import { applyMigrations, MIGRATIONS, type Migration } from '../../../../electron/engine/store/migrations';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { makeDataDir, removeDataDir } from '../../../support/host-process';

// Records the files syncToDisk() forces to disk, passing every call through to the real fs.
const synced = vi.hoisted(() => ({ paths: new Map<number, string>(), files: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    open: ((file: string, flags: string, done: (error: NodeJS.ErrnoException | null, fd: number) => void) =>
      real.open(file, flags, (error, fd) => {
        if (!error) synced.paths.set(fd, file);
        done(error, fd);
      })) as typeof real.open,
    fsync: ((fd: number, done: (error: NodeJS.ErrnoException | null) => void) =>
      real.fsync(fd, (error) => {
        if (!error) synced.files.push(synced.paths.get(fd) ?? `fd ${fd}`);
        done(error);
      })) as typeof real.fsync,
  };
});

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
    expect(() =>
      store.durable(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(level()).toBe(1);
  });

  it('syncToDisk() forces the WAL, where the commits are, to disk; durable() inside a transaction it did not open joins it', async () => {
    const { store, path } = open();
    store.sqlite.exec('CREATE TABLE t (n INTEGER)');
    synced.files.length = 0;
    store.write(() => {
      // The queue's insert is durable(); inside the group commit's transaction it joins it unchanged.
      store.durable(() => store.sqlite.prepare('INSERT INTO t VALUES (1)').run());
      expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    });
    await store.syncToDisk();
    await store.syncToDisk();
    expect(synced.files).toEqual([`${path}-wal`, `${path}-wal`]);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    // write() nests as a savepoint: a throw undoes only its own part.
    store.write(() => {
      store.sqlite.prepare('INSERT INTO t VALUES (2)').run();
      expect(() =>
        store.write(() => {
          store.sqlite.prepare('INSERT INTO t VALUES (3)').run();
          throw new Error('no');
        }),
      ).toThrow('no');
    });
    expect(store.sqlite.prepare('SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 2 }]);
    // Nothing to force for a store in memory.
    const memory = openStore(':memory:');
    await memory.syncToDisk();
    memory.close();
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
