/**
 * Opens the SQLite store: pragmas first, then the committed migrations, then drizzle on top.
 *
 * Durability: WAL with synchronous=NORMAL for most commits, FULL (an fsync per commit) only inside
 * durable(). A FULL commit also makes every NORMAL commit before it durable (they are earlier in the
 * same WAL), so what matters before a request leaves is on disk, at one fsync per job, not seven.
 * syncToDisk() does what FULL adds to a commit (an fsync of the WAL) later, on libuv's thread pool:
 * group commit commits NORMAL, keeps taking requests while the disk works, and answers after it.
 */
import { closeSync, fsync, mkdirSync, open } from 'node:fs';
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
  /**
   * Runs `fn` in one IMMEDIATE write transaction, or in a savepoint when one is open already (a
   * throw undoes only what `fn` did). The wrapper is built once, not per call.
   */
  write<T>(fn: () => T): T;
  /**
   * Runs `fn` once the write() transaction open now commits, or at once when none is open; drops it
   * when that transaction, or the savepoint open now, rolls back. For what tells others of a change
   * (live events): nobody hears of a change before another connection can read it, nor of one undone.
   * Transactions that raise events are opened with write() (one not opened with it is not followed).
   * `fn` must not throw (an event hub's emit does not): the change is committed by then.
   */
  afterCommit(fn: () => void): void;
  /**
   * Makes every commit so far survive a power cut, as synchronous=FULL would have at each commit
   * (an fsync of the WAL file, which is all FULL adds in WAL mode), without holding the event loop.
   */
  syncToDisk(): Promise<void>;
  close(): void;
}

export interface OpenStoreOptions {
  /** A better-sqlite3 native binding built for another runtime (the Electron shell passes one). */
  nativeBinding?: string;
  /** Runs on the open connection before the migrations write anything (the integrity check at start); a throw closes it. */
  beforeMigrations?: (sqlite: Database.Database) => void;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // WAL lets the console read while the engine writes. synchronous=NORMAL: a commit survives the
    // app being killed; what must also survive a power cut is written through durable() (below).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted and replaced content is overwritten with zeros, not left in free space: an erased case,
    // an older revision of a case, a pruned log entry leave no readable bytes (cases/case-erasure.ts).
    sqlite.pragma('secure_delete = ON');
    options.beforeMigrations?.(sqlite);
    const state = applyMigrations(sqlite);
    const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    let durableDepth = 0;
    const inWriteTransaction = sqlite.transaction((fn: () => unknown) => fn());
    // What waits for a commit, one list per write() open now (the outermost first): a savepoint
    // released hands its list to the level around it, a rollback drops it, the commit runs them.
    const waitingForCommit: (() => void)[][] = [];
    // Kept open for the store's life: SQLite truncates the WAL, but never removes it while a
    // connection (this one) is open. The callback API: fewer allocations than a FileHandle per sync.
    let walFd: Promise<number | undefined> | undefined;
    const walFile = () =>
      (walFd ??= new Promise<number | undefined>((resolve, reject) =>
        open(`${path}-wal`, 'r', (error, fd) => {
          if (!error) return resolve(fd);
          walFd = undefined;
          // No WAL yet: nothing was written since the store opened, so nothing waits to be forced.
          if (error.code === 'ENOENT') resolve(undefined);
          else reject(error);
        }),
      ));
    return {
      sqlite,
      db: drizzle(sqlite, { schema }),
      write<T>(fn: () => T): T {
        const waiting: (() => void)[] = [];
        waitingForCommit.push(waiting);
        let result: T;
        try {
          result = inWriteTransaction.immediate(fn) as T;
        } finally {
          waitingForCommit.pop();
        }
        const around = waitingForCommit.at(-1);
        if (around) around.push(...waiting);
        else for (const run of waiting) run();
        return result;
      },
      afterCommit(fn) {
        const waiting = waitingForCommit.at(-1);
        if (waiting) waiting.push(fn);
        else fn();
      },
      syncToDisk() {
        if (path === ':memory:') return Promise.resolve();
        return walFile().then((fd) => (fd === undefined ? undefined : new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())))));
      },
      durable(fn) {
        // Nested calls commit with the outermost (a transaction commits once, at its end). Inside a
        // transaction that durable() did not open (SQLite will not change the level there), its
        // owner makes the commit durable: the webhook's group commit calls syncToDisk() after it.
        if (durableDepth === 0 && sqlite.inTransaction) return fn();
        // Not prepared once: SQLite may apply a PRAGMA when it is prepared, not when it runs.
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
        void walFd?.then(
          (fd) => fd !== undefined && closeSync(fd),
          () => undefined,
        );
        walFd = undefined;
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
