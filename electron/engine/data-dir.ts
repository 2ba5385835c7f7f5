import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The data folder both hosts use unless told otherwise: the same folder Electron calls `userData`
 * for an app named casebridge, so the desktop app and the headless host share one store. Joined
 * with the path rules of `platform` (backslashes on Windows), whichever system runs the code.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.CASEBRIDGE_DATA_DIR) return env.CASEBRIDGE_DATA_DIR;
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'casebridge');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'casebridge');
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'casebridge');
}

export const DATABASE_FILE = 'casebridge.sqlite';
export const SECRETS_FILE = 'secrets.json';
