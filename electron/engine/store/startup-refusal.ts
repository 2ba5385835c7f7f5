/**
 * Why an engine refuses to start on its data folder, in words: which path, the likely cause, and what
 * to do. Hosts print the message as it is (the headless host on stderr, the desktop app in a dialog)
 * and exit non-zero. The causes met when opening the database file are one table of rules.
 */
import { NewerDatabaseError } from './migrations';

export type RefusalCause = 'folder-missing' | 'not-a-folder' | 'read-only' | 'locked' | 'newer-version' | 'not-a-database' | 'damaged' | 'cannot-open';

export class StartupRefusal extends Error {
  override readonly name = 'StartupRefusal';
  constructor(
    message: string,
    readonly reason: RefusalCause,
    /** The file or folder at fault. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** The way out of every folder problem; said at the end of a sentence. */
export const OTHER_FOLDER = 'or choose another data folder (--data-dir, or CASEBRIDGE_DATA_DIR)';

/** What a person does about a damaged store; the README says the same at more length. */
export function restoreAdvice(path: string): string {
  return `Restore it from a backup: move ${path} (and ${path}-wal and ${path}-shm, when they are there) to another folder, put the backup in its place, and start casebridge again. Without a backup, moving the damaged files aside starts casebridge with an empty store (settings, cases and the log start again).`;
}

interface OpenRule {
  matches(error: unknown, path: string, platform: NodeJS.Platform): boolean;
  cause: RefusalCause;
  says(path: string, error: Error): string;
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '');

/**
 * Windows' MAX_PATH (260 UTF-16 units with the closing NUL): a longer path fails to open unless the
 * machine has long paths switched on, and SQLite says only "unable to open database file".
 */
export const WINDOWS_MAX_PATH = 260;

/** Opening the database file (its pragmas and migrations): what each failure means. */
const OPEN_RULES: readonly OpenRule[] = [
  {
    matches: (error) => error instanceof NewerDatabaseError,
    cause: 'newer-version',
    says: (path, error) => `The database ${path} ${error.message.replace(/^This database /, '')}`,
  },
  {
    matches: (error, path, platform) => platform === 'win32' && path.length >= WINDOWS_MAX_PATH && /^(SQLITE_CANTOPEN|ENAMETOOLONG|ENOENT)/.test(codeOf(error)),
    cause: 'cannot-open',
    says: (path, error) =>
      `The database ${path} cannot be opened (${error.message}): its path is ${path.length} characters long, and Windows refuses paths of ${WINDOWS_MAX_PATH} or more unless long paths are switched on for this machine (the "Enable Win32 long paths" policy). Choose a data folder with a shorter path, such as the default %APPDATA%\\casebridge, ${OTHER_FOLDER}.`,
  },
  {
    matches: (error) => codeOf(error).startsWith('SQLITE_NOTADB'),
    cause: 'not-a-database',
    says: (path) =>
      `${path} is not a casebridge database (SQLite cannot read it as a database). If it was overwritten by mistake, restore it from a backup; or move it aside to start with an empty store, ${OTHER_FOLDER}.`,
  },
  {
    matches: (error) => codeOf(error).startsWith('SQLITE_CORRUPT'),
    cause: 'damaged',
    says: (path, error) => `The database ${path} is damaged (${error.message}). casebridge has not started, so nothing more was written to it. ${restoreAdvice(path)}`,
  },
  {
    matches: (error) => /^SQLITE_(READONLY|CANTOPEN)/.test(codeOf(error)),
    cause: 'read-only',
    says: (path, error) =>
      `The database ${path} cannot be opened for writing (${error.message}): the file, its folder or its disk is read-only, or the file belongs to another account. Make them writable by the account that runs casebridge, ${OTHER_FOLDER}.`,
  },
];

/** The refusal an error met while opening the database file is, or a refusal that quotes it. */
export function refusalForOpenError(error: unknown, path: string, platform: NodeJS.Platform = process.platform): StartupRefusal {
  if (error instanceof StartupRefusal) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const rule = OPEN_RULES.find((r) => r.matches(error, path, platform));
  return rule ? new StartupRefusal(rule.says(path, err), rule.cause, path) : new StartupRefusal(`The database ${path} cannot be opened: ${err.message}`, 'cannot-open', path);
}
