/**
 * `casebridge backup` and `casebridge restore`: the store's backups from the command line, for
 * scripts and for restoring (which needs the engine stopped, restore-backup.ts).
 *
 * `backup` opens the database on a connection of its own, whether or not an engine runs on the
 * folder, and copies it in one step of SQLite's backup API: one read transaction, a consistent
 * snapshot, and in WAL mode the running engine keeps writing meanwhile.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { BackupSettingsSchema } from '../../shared/domain/backup';
import { pruneBackups } from '../engine/backup/backup-files';
import { restoreBackup } from '../engine/backup/restore-backup';
import { checkPassphrase } from '../engine/backup/sealed-secrets';
import { takeBackup } from '../engine/backup/take-backup';
import { DATABASE_FILE, defaultDataDir, SECRETS_FILE } from '../engine/data-dir';
import { CommandLineError, parseCommandArgs, type HostCommand } from './command-line';

const ALL_AT_ONCE = 0x7fffffff;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function dataDirOf(values: Map<string, string>): string {
  return resolve(values.get('--data-dir') ?? defaultDataDir());
}

/** The passphrase is read from a file (never the command line, where other users see it): its first line. */
function readPassphrase(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the passphrase file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
  }
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  try {
    return checkPassphrase(passphrase);
  } catch (error) {
    throw new Error(`The passphrase in ${file}: ${(error as Error).message}`);
  }
}

/** `--keep N`: the same bounds as the schedule's "keep" setting. */
function keepOf(raw: string): number {
  const keep = BackupSettingsSchema.shape.keep.safeParse(/^\d+$/.test(raw) ? Number(raw) : Number.NaN);
  if (!keep.success) throw new CommandLineError(`--keep ${raw}: give a whole number of backups to keep (${keep.error.issues[0]?.message ?? 'from 1'}).`);
  return keep.data;
}

export const backupCommand: HostCommand = {
  name: 'backup',
  summary: 'copy the database to a backup file (while casebridge runs, or not)',
  usage: `Usage: casebridge backup [--data-dir FOLDER] [--to FOLDER] [--keep N] [--with-secrets --passphrase-file FILE]

  --data-dir FOLDER     the data folder (default: CASEBRIDGE_DATA_DIR, or ${defaultDataDir()})
  --to FOLDER           where the backup goes (default: <data folder>/backups)
  --keep N              then delete all but the newest N backups in that folder (default: delete none)
  --with-secrets        also back up the secrets file, sealed with the passphrase
  --passphrase-file F   a file whose first line is the passphrase (12 characters or more)

Exit codes: 0 backed up, 1 the backup failed, 2 the command line is wrong.`,
  async run(args, output) {
    const { values, switches, positional } = parseCommandArgs(args, ['--data-dir', '--to', '--keep', '--passphrase-file'], ['--with-secrets']);
    if (positional.length > 0) throw new CommandLineError(`${positional[0]} is not an option of backup.`);
    const keep = values.has('--keep') ? keepOf(values.get('--keep')!) : undefined;
    const withSecrets = switches.has('--with-secrets');
    if (withSecrets !== values.has('--passphrase-file'))
      throw new CommandLineError('--with-secrets and --passphrase-file go together: secrets are only backed up sealed with a passphrase.');
    const dataDir = dataDirOf(values);
    const folder = resolve(values.get('--to') ?? join(dataDir, 'backups'));
    const passphrase = withSecrets ? readPassphrase(values.get('--passphrase-file')!) : undefined;
    const database = join(dataDir, DATABASE_FILE);
    let sqlite: Database.Database;
    try {
      sqlite = new Database(database, { fileMustExist: true });
    } catch {
      throw new Error(`There is no casebridge database at ${database}: give the data folder with --data-dir.`);
    }
    try {
      sqlite.pragma('busy_timeout = 5000');
      const secrets = passphrase === undefined ? undefined : { text: readFileSync(join(dataDir, SECRETS_FILE), 'utf8'), passphrase };
      output.out(`Backing up ${database} to ${folder} ...`);
      let announced = false;
      const result = await takeBackup({
        sqlite,
        folder,
        version: __CASEBRIDGE_VERSION__,
        takenAtMs: Date.now(),
        pagesPerStep: ALL_AT_ONCE,
        progress: ({ totalPages }) => {
          if (announced) return;
          announced = true;
          output.out(`Copied ${totalPages} pages; checking the copy ...`);
        },
        ...(secrets ? { secrets } : {}),
      });
      output.out(
        `Backed up: ${result.path} (${mb(result.bytes)}, schema version ${result.schemaVersion}${result.withSecrets ? ', secrets sealed with the passphrase' : ', without secrets'}).`,
      );
      if (keep !== undefined) {
        const deleted = pruneBackups(folder, keep);
        output.out(
          deleted.length > 0
            ? `Deleted ${deleted.length} older backup(s) to keep ${keep}: ${deleted.map((b) => b.name).join(', ')}.`
            : `No older backups to delete (keeping ${keep}).`,
        );
      }
      return 0;
    } finally {
      sqlite.close();
    }
  },
};

export const restoreCommand: HostCommand = {
  name: 'restore',
  summary: 'put a backup in place of the database (stop casebridge first)',
  usage: `Usage: casebridge restore FILE [--data-dir FOLDER] [--passphrase-file FILE]

  FILE                  a backup file (casebridge-<time>-v<version>-schema<N>.sqlite)
  --data-dir FOLDER     the data folder (default: CASEBRIDGE_DATA_DIR, or ${defaultDataDir()})
  --passphrase-file F   restores the backup's secrets too, opened with the passphrase in this file;
                        without it the secrets file now in the data folder is kept

casebridge must be stopped (the desktop app closed, the service stopped). The database now in the
folder is kept aside as casebridge.sqlite.before-restore-<time>.

Exit codes: 0 restored, 1 refused or failed (nothing changed unless it says so), 2 the command line is wrong.`,
  async run(args, output) {
    const { values, positional } = parseCommandArgs(args, ['--data-dir', '--passphrase-file'], []);
    if (positional.length !== 1) throw new CommandLineError(positional.length === 0 ? 'name the backup file to restore.' : 'name one backup file.');
    const dataDir = dataDirOf(values);
    const backupPath = resolve(positional[0]!);
    const passphrase = values.has('--passphrase-file') ? readPassphrase(values.get('--passphrase-file')!) : undefined;
    output.out(`Restoring ${backupPath} into ${dataDir} ...`);
    const result = await restoreBackup({ dataDir, backupPath, nowMs: Date.now(), ...(passphrase !== undefined ? { passphrase } : {}) });
    output.out(`Restored (schema version ${result.schemaVersion}).`);
    if (result.keptAside) output.out(`The database that was there is kept as ${result.keptAside}.`);
    if (result.secrets === 'restored') output.out(`Secrets restored${result.secretsKeptAside ? `; the previous secrets file is kept as ${result.secretsKeptAside}` : ''}.`);
    if (result.secrets === 'kept current')
      output.out('The backup holds sealed secrets; they were not restored (no --passphrase-file), so the secrets file in the folder is unchanged.');
    output.out('Start casebridge again.');
    return 0;
  },
};
