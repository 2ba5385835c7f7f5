/**
 * The store as one engine owns it. Opening: the data folder is checked, locked against a second
 * engine, the database opened and (when integrity.ts says so) checked before anything is written,
 * migrated, and marked as running. Every refusal names the file or folder and what to do. Closing
 * undoes it in reverse, every step even when one fails: the background check stopped, the marker
 * removed (a clean stop), the WAL checkpointed, the file closed, the lock released.
 */
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { DATABASE_FILE } from '../data-dir';
import type { Health } from '../health';
import { runStopSteps, type StopProblemReporter } from '../stop-steps';
import { keepFolderPrivate, prepareDataFolder } from './data-folder';
import { LOCK_FILE, lockDataFolder, type FolderLock } from './folder-lock';
import { describeProblems, lastFullCheckMs, quickCheck, reasonToCheckAtStart, recordFullCheck, startBackgroundCheck, type BackgroundCheck } from './integrity';
import { openStore, type Store } from './open-store';
import { clearRunningMarker, describeHolder, readRunningMarker, writeRunningMarker } from './running-marker';
import { refusalForOpenError, restoreAdvice, StartupRefusal } from './startup-refusal';

export interface EngineStoreOptions {
  dataDir: string;
  clock: Clock;
  /** The engine's version, recorded in the running marker. */
  version: string;
  nativeBinding?: string;
}

export interface EngineStore {
  store: Store;
  /** What the start checked, for the start-up log line. */
  startCheck: { checked: true; reason: string; ms: number } | { checked: false };
  /** Files in the data folder that could not be made private to this account, for the log. */
  privacyProblems: string[];
  /**
   * When the start did not check the whole file: checks it now in a worker thread; damage raises
   * `store-damaged`, and the outcome is logged.
   */
  checkInBackground(deps: { health: Pick<Health, 'raise'>; log(level: 'info' | 'warn' | 'error', message: string): void }): void;
  close(report?: StopProblemReporter): Promise<void>;
}

const bytesOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Who holds the folder, read from the store's running marker on a read-only connection; vaguer when it cannot be read. */
function holderOf(path: string, nativeBinding?: string): string {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      return describeHolder(readRunningMarker(db));
    } finally {
      db.close();
    }
  } catch {
    return describeHolder(undefined);
  }
}

export function openEngineStore(options: EngineStoreOptions): EngineStore {
  const { dataDir, clock, nativeBinding } = options;
  const privacyProblems = prepareDataFolder(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  let lock: FolderLock | undefined;
  try {
    lock = lockDataFolder(dataDir, { nativeBinding });
  } catch (error) {
    throw refusalForOpenError(error, join(dataDir, LOCK_FILE));
  }
  if (!lock) {
    throw new StartupRefusal(
      `The data folder ${dataDir} is in use by another casebridge (${holderOf(path, nativeBinding)}). One engine owns one data folder: use that one's console, or stop it before starting this one.`,
      'locked',
      dataDir,
    );
  }
  const held = lock;

  let startCheck: EngineStore['startCheck'] = { checked: false };
  let store: Store;
  try {
    const fileBytes = bytesOf(path) + bytesOf(`${path}-wal`);
    store = openStore(path, {
      nativeBinding,
      beforeMigrations(sqlite) {
        const reason = reasonToCheckAtStart({
          fileBytes,
          nowMs: clock.millis(),
          lastFullCheckMs: lastFullCheckMs(sqlite),
          uncleanStop: readRunningMarker(sqlite) !== undefined,
        });
        if (!reason) return;
        const started = performance.now();
        const problems = quickCheck(sqlite);
        if (problems.length > 0) {
          throw new StartupRefusal(
            `The database ${path} is damaged: SQLite's integrity check found: ${describeProblems(problems)}. casebridge has not started, so nothing more was written to it. ${restoreAdvice(path)}`,
            'damaged',
            path,
          );
        }
        startCheck = { checked: true, reason, ms: performance.now() - started };
      },
    });
  } catch (error) {
    held.release();
    throw refusalForOpenError(error, path);
  }
  try {
    const now = clock.now().toISO()!;
    if (startCheck.checked) recordFullCheck(store.sqlite, clock.millis(), now);
    writeRunningMarker(store.sqlite, { pid: process.pid, host: hostname(), startedAt: now, version: options.version });
  } catch (error) {
    store.close();
    held.release();
    throw refusalForOpenError(error, path);
  }

  // Again, now that SQLite has made the database, its WAL and the lock (0644 under the usual umask).
  for (const problem of keepFolderPrivate(dataDir)) if (!privacyProblems.includes(problem)) privacyProblems.push(problem);

  let background: BackgroundCheck | undefined;
  let closed = false;
  return {
    store,
    startCheck,
    privacyProblems,
    checkInBackground({ health, log }) {
      if (startCheck.checked || background || closed) return;
      const started = performance.now();
      background = startBackgroundCheck({
        path,
        nativeBinding,
        onDone(problems) {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          if (problems.length === 0) return log('info', `The store was checked in the background: intact (${seconds} s).`);
          const message = `The database ${path} is damaged: the background integrity check found: ${describeProblems(problems)}. Cases from the CRM are refused (503) so it keeps them until this is fixed. Stop casebridge first. ${restoreAdvice(path)}`;
          health.raise('store-damaged', 'error', message);
          log('error', message);
        },
        onError: (error) => log('warn', `The background integrity check of ${path} could not run: ${error.message}. It runs again at the next start.`),
      });
    },
    async close(report) {
      if (closed) return;
      closed = true;
      await runStopSteps(
        [
          ['stopping the background integrity check', () => background?.stop()],
          // Left in place when this fails: the next start then checks the store, as after a crash.
          ['recording a clean stop', () => clearRunningMarker(store.sqlite)],
          ['checkpointing the database (copying its WAL into the file)', () => void store.sqlite.pragma('wal_checkpoint(TRUNCATE)')],
          ['closing the database', () => store.close()],
          ['releasing the data folder', () => held.release()],
        ],
        report,
      );
    },
  };
}
