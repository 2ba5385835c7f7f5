/**
 * One online backup of the store through SQLite's backup API (better-sqlite3's `backup()`): it
 * copies a bounded number of pages per turn of the event loop, so the engine keeps answering while
 * it runs; writes made meanwhile through the same connection reach the copy as they happen, so the
 * copy is the store as it stood when the backup ended, consistent. The copy is written under a
 * `.partial` name, checked (`quick_check`, off the event loop) and only then renamed to its backup name.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeProblems, startBackgroundCheck } from '../store/integrity';
import { backupName, PARTIAL_SUFFIX, secretsPathFor } from './backup-files';
import { sealSecrets } from './sealed-secrets';

/** Pages copied per turn of the event loop: 4 KiB pages, so 400 KiB, about a millisecond. */
const PAGES_PER_STEP = 100;

export interface BackupProgress {
  copiedPages: number;
  totalPages: number;
}

export interface TakeBackupOptions {
  /** The store's connection (the engine's own, or a read-only one of the command line). */
  sqlite: Database.Database;
  folder: string;
  version: string;
  takenAtMs: number;
  /** The secrets file's text and the passphrase to seal it with; absent: no secrets in the backup. */
  secrets?: { text: string; passphrase: string };
  progress?: (progress: BackupProgress) => void;
  /** Aborting it ends the backup at its next step and removes the partial file. */
  signal?: AbortSignal;
  nativeBinding?: string;
  /**
   * Pages per step (default 100, a millisecond's work). A connection other than the one writing
   * must copy in one step: SQLite starts a backup again when another connection writes between steps.
   */
  pagesPerStep?: number;
}

export interface BackupResult {
  path: string;
  bytes: number;
  schemaVersion: number;
  withSecrets: boolean;
}

export function schemaVersionOf(sqlite: Database.Database): number {
  const table = sqlite.prepare("select 1 from sqlite_schema where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return 0;
  return (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}

/**
 * `quick_check` of the copy on a worker thread (store/integrity.ts), so a large copy's check never
 * holds the engine's event loop; a stop ends it between tables.
 */
export function checkCopy(path: string, signal: AbortSignal | undefined, nativeBinding?: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const check = startBackgroundCheck({
      path,
      ...(nativeBinding ? { nativeBinding } : {}),
      onDone: (problems) => (signal?.removeEventListener('abort', stop), resolve(problems)),
      onError: (error) => (signal?.removeEventListener('abort', stop), reject(error)),
    });
    const stop = () => void check.stop().then(() => reject(new Error('stopped')));
    signal?.addEventListener('abort', stop, { once: true });
  });
}

export async function takeBackup(options: TakeBackupOptions): Promise<BackupResult> {
  const { folder, signal } = options;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new Error(`Cannot make the backup folder ${folder}: ${(error as Error).message}`);
  }
  const schemaVersion = schemaVersionOf(options.sqlite);
  const name = backupName(options.takenAtMs, options.version, schemaVersion);
  const path = join(folder, name);
  const partial = join(folder, `.${name}${PARTIAL_SUFFIX}`);
  const secretsPath = secretsPathFor(path);
  try {
    const done = await options.sqlite.backup(partial, {
      progress({ totalPages, remainingPages }) {
        signal?.throwIfAborted();
        options.progress?.({ copiedPages: totalPages - remainingPages, totalPages });
        return options.pagesPerStep ?? PAGES_PER_STEP;
      },
    });
    signal?.throwIfAborted();
    options.progress?.({ copiedPages: done.totalPages, totalPages: done.totalPages });
    const problems = await checkCopy(partial, signal, options.nativeBinding);
    signal?.throwIfAborted();
    if (problems.length > 0)
      throw new Error(`The copy failed its integrity check (${describeProblems(problems)}); the store itself may be damaged: restart casebridge to check it.`);
    if (options.secrets) {
      const sealed = await sealSecrets(options.secrets.text, options.secrets.passphrase);
      writeFileSync(`${secretsPath}${PARTIAL_SUFFIX}`, sealed, { mode: 0o600 });
      renameSync(`${secretsPath}${PARTIAL_SUFFIX}`, secretsPath);
    }
    // Last: the database's name is what makes a backup whole, so secrets are never missing from one that asked for them.
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${secretsPath}${PARTIAL_SUFFIX}`, { force: true });
    if (options.secrets) rmSync(secretsPath, { force: true });
    if (signal?.aborted) throw new Error('The backup was stopped before it finished; nothing was kept.');
    throw error;
  }
  const bytes = statSync(path).size;
  return { path, bytes, schemaVersion, withSecrets: options.secrets !== undefined };
}
