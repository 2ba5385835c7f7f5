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
import { describeProblems } from '../store/integrity';
import { checkCopy, schemaVersionOf } from './take-backup';

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
  /** What checkBackup found just before (the console's restore, whose engine stopped since): not checked again. */
  checked?: CheckedBackup;
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

/**
 * The backup's schema version, once it is known to be a whole casebridge database. Its quick_check
 * runs on a worker thread (take-backup.ts's checkCopy): from the console the engine keeps
 * answering while a large backup is checked.
 */
async function readBackupSchema(path: string, nativeBinding?: string): Promise<number> {
  if (!existsSync(path)) throw new RestoreRefused(`There is no backup at ${path}.`);
  let db: Database.Database | undefined;
  let version: number | Error;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.prepare('select count(*) from sqlite_schema').get(); // a file that is no database at all fails here, not as damage
  } catch (error) {
    db?.close();
    throw new RestoreRefused(`${path} is not a casebridge backup: ${(error as Error).message}.`);
  }
  try {
    version = schemaVersionOf(db);
  } catch (error) {
    version = error as Error; // damage first, if that is why
  } finally {
    db.close();
  }
  let problems: string[];
  try {
    problems = await checkCopy(path, undefined, nativeBinding);
  } catch (error) {
    throw new RestoreRefused(`${path} is not a casebridge backup: ${(error as Error).message}.`);
  }
  if (problems.length > 0) throw new RestoreRefused(`${path} is damaged (${describeProblems(problems)}); choose another backup.`);
  if (version instanceof Error) throw new RestoreRefused(`${path} is not a casebridge backup: ${version.message}.`);
  if (version === 0) throw new RestoreRefused(`${path} is an SQLite database but not a casebridge backup (it has no casebridge schema).`);
  return version;
}

/** What a backup holds, once every check that can refuse it has passed. */
export interface CheckedBackup {
  schemaVersion: number;
  hasSecrets: boolean;
  /** The secrets opened with the passphrase; absent when none was given or the backup has none. */
  secretsText?: string;
}

/**
 * Every refusal of a restore, with nothing moved: a missing, damaged or foreign file, a newer schema,
 * a wrong passphrase. The console's restore runs this before it stops the engine.
 */
export async function checkBackup(options: Pick<RestoreOptions, 'backupPath' | 'passphrase' | 'knownSchemaVersion' | 'nativeBinding'>): Promise<CheckedBackup> {
  const { backupPath } = options;
  const known = options.knownSchemaVersion ?? MIGRATIONS.length;
  const schemaVersion = await readBackupSchema(backupPath, options.nativeBinding);
  if (schemaVersion > known) {
    throw new RestoreRefused(
      `${basename(backupPath)} was made by a newer casebridge (schema version ${schemaVersion}); this casebridge knows schema version ${known}. Restore it with that newer version, or choose an older backup.`,
    );
  }
  const sealedPath = secretsPathFor(backupPath);
  const hasSecrets = existsSync(sealedPath);
  if (!hasSecrets || options.passphrase === undefined) return { schemaVersion, hasSecrets };
  return { schemaVersion, hasSecrets, secretsText: await openSealedSecrets(readFileSync(sealedPath, 'utf8'), options.passphrase, basename(sealedPath)) };
}

/** Renames a database with its WAL and shared-memory files, which hold its latest commits. */
function moveDatabase(from: string, to: string): void {
  renameSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { dataDir, backupPath } = options;
  // Checked again unless just checked: a file changed in the moments since is caught by the engine's check of its store (at start, or just after).
  const { schemaVersion, hasSecrets, secretsText } = options.checked ?? (await checkBackup(options));

  const lock = lockDataFolder(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  if (!lock) throw new RestoreRefused(`casebridge is running on ${dataDir}: stop it (the desktop app, or the service) and run the restore again.`);
  try {
    const stamp = new Date(options.nowMs).toISOString().replace(/[-:]/g, '').replace('.', '');
    const database = join(dataDir, DATABASE_FILE);
    let keptAside: string | undefined;
    if (existsSync(database)) moveDatabase(database, (keptAside = `${database}.before-restore-${stamp}`));
    const incoming = `${database}.restoring`;
    try {
      copyFileSync(backupPath, incoming);
      renameSync(incoming, database);
    } catch (error) {
      // A copy cut short (a full disk, a vanished file): the database that was in place goes back.
      rmSync(incoming, { force: true });
      if (keptAside) moveDatabase(keptAside, database);
      throw new Error(`Could not copy ${basename(backupPath)} into ${dataDir}: ${(error as Error).message}. The database that was in place is back as it was.`);
    }
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

/**
 * Puts back what a restore kept aside (the database, and the secrets file when it was replaced), for
 * when casebridge cannot start on the restored database. The restored copy is deleted: the backup
 * it came from is still in its folder.
 */
export function undoRestore(dataDir: string, result: RestoreResult): void {
  const database = join(dataDir, DATABASE_FILE);
  for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
  if (result.keptAside) moveDatabase(result.keptAside, database);
  if (result.secretsKeptAside) renameSync(result.secretsKeptAside, join(dataDir, SECRETS_FILE));
  else if (result.secrets === 'restored') rmSync(join(dataDir, SECRETS_FILE), { force: true });
}
