import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder both hosts use unless told otherwise: the same folder Electron calls `userData`
 * for an app named casebridge, so the desktop app and the headless host share one store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.CASEBRIDGE_DATA_DIR) return env.CASEBRIDGE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'casebridge');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'casebridge');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'casebridge');
}

export const DATABASE_FILE = 'casebridge.sqlite';
export const SECRETS_FILE = 'secrets.json';
