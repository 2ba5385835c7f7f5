/**
 * The data folder, checked before anything is opened in it: it is a folder, it exists (or is made,
 * private to this account), and this account can write it. Each failure becomes a StartupRefusal
 * naming the folder and the likely cause, instead of the raw error of whichever open came first.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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

export function prepareDataFolder(dir: string): void {
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
}
