/**
 * The data folder, checked before anything is opened in it: it is a folder, it exists (or is made,
 * private to this account), and this account can write it. Each failure becomes a StartupRefusal
 * naming the folder and the likely cause, instead of the raw error of whichever open came first.
 *
 * It holds residents' personal data and the keys to the back-office systems, so only this account
 * may open it: the folder is kept 0700 and the files in it 0600, whatever the umask (SQLite makes
 * its files 0644 under the usual one), and a folder an older version left open is tightened at
 * start. On Windows modes mean nothing: the folder's ACL is the protection, which a folder in the
 * account's profile has from Windows; anywhere else (ProgramData too) gets a warning at each start.
 */
import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path, { dirname, join } from 'node:path';
import { OTHER_FOLDER, StartupRefusal } from './startup-refusal';

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Why nothing can be written in `dir`, or undefined when it can (root passes every permission check, a read-only disk does not). */
function whyNotWritable(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EROFS') return 'its disk is mounted read-only';
    if (code === 'EACCES' || code === 'EPERM') return 'the account running casebridge may not write in it';
    return (error as Error).message;
  }
}

/** The nearest folder above `dir` that exists, and why a folder cannot be made in it. */
function whyNotCreatable(dir: string, error: unknown): string {
  for (let parent = dirname(dir), child = dir; parent !== child; child = parent, parent = dirname(parent)) {
    let isFolder: boolean;
    try {
      isFolder = statSync(parent).isDirectory();
    } catch {
      continue; // missing too: look further up
    }
    if (!isFolder) return `${parent} is a file, not a folder`;
    const why = whyNotWritable(parent);
    return why ? `${parent} is read-only (${why})` : (error as Error).message;
  }
  return (error as Error).message;
}

/** The system the engine runs on, as far as keeping its folder private depends on it. */
export interface FolderSystem {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}
const THIS_SYSTEM: FolderSystem = { platform: process.platform, env: process.env };

/** This account's own folders on Windows, whose ACL lets in only it, SYSTEM and administrators. */
const PROFILE_FOLDERS = ['USERPROFILE', 'APPDATA', 'LOCALAPPDATA'] as const;

/** Is `dir` `folder` or inside it? Windows paths compare without regard to case. */
function insideWindowsFolder(dir: string, folder: string): boolean {
  const rel = path.win32.relative(folder, dir);
  return rel === '' || (!rel.startsWith('..') && !path.win32.isAbsolute(rel));
}

/**
 * On Windows, why others may be able to read `dir`, or undefined when it is inside this account's
 * profile, which Windows keeps private. ProgramData is not: its subfolders inherit read access for
 * every user of the machine, so a service's folder there must have that taken away (README, "On
 * Windows"); casebridge cannot read an ACL, so it says so at each start.
 */
export function windowsFolderWarning(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const profile = PROFILE_FOLDERS.map((name) => env[name]).filter((folder): folder is string => !!folder && path.win32.isAbsolute(folder));
  if (profile.some((folder) => insideWindowsFolder(dir, folder))) return undefined;
  const programData = env.ProgramData || env.PROGRAMDATA;
  const where =
    programData && insideWindowsFolder(dir, programData)
      ? `is in ${programData}, whose folders every user of this machine can read unless their inherited permissions are removed`
      : `is outside ${env.USERPROFILE ? `this account's profile (${env.USERPROFILE})` : "this account's profile"}, so Windows does not keep it private`;
  return (
    `The data folder ${dir} ${where}: who can read residents' data and the keys in it depends on that folder's permissions. ` +
    `Let in only the account that runs casebridge and administrators (README, "On Windows", shows the icacls command).`
  );
}

/**
 * Takes group and other access away from the folder and the files directly in it; SQLite then makes
 * a new WAL or shared-memory file with its database's mode. Returns what could not be tightened (a
 * file another account owns), for the log: the engine still starts, as it did before. On Windows it
 * changes nothing and says whether the folder's place protects it.
 */
export function keepFolderPrivate(dir: string, system: FolderSystem = THIS_SYSTEM): string[] {
  if (system.platform === 'win32') {
    const warning = windowsFolderWarning(dir, system.env);
    return warning ? [warning] : [];
  }
  const problems: string[] = [];
  const tighten = (path: string, keep: number) => {
    try {
      const { mode } = lstatSync(path);
      if ((mode & 0o077) !== 0) chmodSync(path, mode & keep);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') problems.push(`${path} could not be made private to this account (${(error as Error).message}).`);
    }
  };
  tighten(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Only plain files: a link may point outside the folder, and a subfolder is not ours to change.
    if (entry.isFile()) tighten(join(dir, entry.name), 0o600);
  }
  return problems;
}

/** Checks the folder (refusing, with the cause, one that cannot be used) and makes it private; returns what could not be made private. */
export function prepareDataFolder(dir: string, system: FolderSystem = THIS_SYSTEM): string[] {
  let exists = true;
  try {
    if (!statSync(dir).isDirectory()) {
      throw new StartupRefusal(`The data folder ${dir} is not a folder (a file has that name). Move the file away, ${OTHER_FOLDER}.`, 'not-a-folder', dir);
    }
  } catch (error) {
    if (error instanceof StartupRefusal) throw error;
    if (errnoOf(error) !== 'ENOENT' && errnoOf(error) !== 'ENOTDIR') {
      throw new StartupRefusal(`The data folder ${dir} cannot be used: ${(error as Error).message}.`, 'cannot-open', dir);
    }
    exists = false;
  }
  if (!exists) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StartupRefusal(`The data folder ${dir} does not exist and cannot be created: ${whyNotCreatable(dir, error)}. Create it, ${OTHER_FOLDER}.`, 'folder-missing', dir);
    }
  }
  const why = whyNotWritable(dir);
  if (why) {
    throw new StartupRefusal(
      `The data folder ${dir} is read-only (${why}): casebridge keeps its store there and must write it. Make it writable, ${OTHER_FOLDER}.`,
      'read-only',
      dir,
    );
  }
  return keepFolderPrivate(dir, system);
}
