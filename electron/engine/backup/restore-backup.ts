/**
 * Puts a backup in place of the data folder's database, only while no engine holds the folder (its
 * lock, store/folder-lock.ts), so nothing is writing the file being replaced.
 *
 * Decisions:
 * - Everything that can refuse is checked before anything moves: the file is a whole casebridge
 *   database (quick_check), its schema is one this casebridge knows, the passphrase opens its secrets.
 * - The current database (with its WAL and shared-memory files, which hold its latest commits) is
 *   renamed aside to `casebridge.sqlite.before-restore-<time>`, never deleted: a wrong choice of
 *   backup is undone by renaming it back. The secrets file, when replaced, is kept aside the same way.
 * - The backup is copied in under a temporary name and renamed: a restore cut short leaves either
 *   no database (the one aside is whole) or the whole backup, never half of one.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, SECRETS_FILE } from '../data-dir';
import { MIGRATIONS } from '../store/migrations';
import { lockDataFolder } from '../store/folder-lock';
import { secretsPathFor } from './backup-files';
import { openSealedSecrets } from './sealed-secrets';
import { describeProblems, quickCheck } from '../store/integrity';
import { schemaVersionOf } from './take-backup';

export interface RestoreOptions {
  dataDir: string;
  backupPath: string;
  /** Opens the backup's sealed secrets; without it the current secrets file stays as it is. */
  passphrase?: string;
  /** For the name of what is kept aside. */
  nowMs: number;
  /** The schema version this casebridge knows (default: its migrations). */
  knownSchemaVersion?: number;
  nativeBinding?: string;
}

export interface RestoreResult {
  schemaVersion: number;
  /** Where the database that was in place now is (absent when the folder had none). */
  keptAside?: string;
  secrets: 'restored' | 'kept current' | 'none in backup';
  secretsKeptAside?: string;
}

/** A refusal that changed nothing: the message says why and what to do. */
export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

/** The backup's schema version, once it is known to be a whole casebridge database (the command line: no engine to keep answering). */
function readBackupSchema(path: string, nativeBinding?: string): number {
  if (!existsSync(path)) throw new RestoreRefused(`There is no backup at ${path}.`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.prepare('select count(*) from sqlite_schema').get(); // a file that is no database at all fails here, not as damage
    const problems = quickCheck(db);
    if (problems.length > 0) throw new RestoreRefused(`${path} is damaged (${describeProblems(problems)}); choose another backup.`);
    const version = schemaVersionOf(db);
    if (version === 0) throw new RestoreRefused(`${path} is an SQLite database but not a casebridge backup (it has no casebridge schema).`);
    return version;
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${path} is not a casebridge backup: ${(error as Error).message}.`);
  } finally {
    db?.close();
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { dataDir, backupPath } = options;
  const known = options.knownSchemaVersion ?? MIGRATIONS.length;
  const schemaVersion = readBackupSchema(backupPath, options.nativeBinding);
  if (schemaVersion > known) {
    throw new RestoreRefused(
      `${basename(backupPath)} was made by a newer casebridge (schema version ${schemaVersion}); this casebridge knows schema version ${known}. Restore it with that newer version, or choose an older backup.`,
    );
  }
  const sealedPath = secretsPathFor(backupPath);
  const hasSecrets = existsSync(sealedPath);
  const secretsText =
    hasSecrets && options.passphrase !== undefined ? await openSealedSecrets(readFileSync(sealedPath, 'utf8'), options.passphrase, basename(sealedPath)) : undefined;

  const lock = lockDataFolder(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  if (!lock) throw new RestoreRefused(`casebridge is running on ${dataDir}: stop it (the desktop app, or the service) and run the restore again.`);
  try {
    const stamp = new Date(options.nowMs).toISOString().replace(/[-:]/g, '').replace('.', '');
    const database = join(dataDir, DATABASE_FILE);
    let keptAside: string | undefined;
    if (existsSync(database)) {
      keptAside = `${database}.before-restore-${stamp}`;
      renameSync(database, keptAside);
      // Named as SQLite names a database's own WAL and shared memory, so the kept copy opens with its latest commits.
      for (const suffix of ['-wal', '-shm']) if (existsSync(database + suffix)) renameSync(database + suffix, keptAside + suffix);
    }
    const incoming = `${database}.restoring`;
    copyFileSync(backupPath, incoming);
    renameSync(incoming, database);
    rmSync(`${database}-wal`, { force: true });
    rmSync(`${database}-shm`, { force: true });

    if (secretsText === undefined) return { schemaVersion, ...(keptAside ? { keptAside } : {}), secrets: hasSecrets ? 'kept current' : 'none in backup' };
    const secrets = join(dataDir, SECRETS_FILE);
    let secretsKeptAside: string | undefined;
    if (existsSync(secrets)) renameSync(secrets, (secretsKeptAside = `${secrets}.before-restore-${stamp}`));
    writeFileSync(`${secrets}.restoring`, secretsText, { mode: 0o600 });
    renameSync(`${secrets}.restoring`, secrets);
    return { schemaVersion, ...(keptAside ? { keptAside } : {}), secrets: 'restored', ...(secretsKeptAside ? { secretsKeptAside } : {}) };
  } finally {
    lock.release();
  }
}
