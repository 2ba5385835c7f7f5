/**
 * The data folder holds residents' personal data and the keys to the back-office systems: only the
 * account running casebridge may open it. The folder is 0700 and every file in it 0600, whatever the
 * umask, and a folder made by an older version (0755, files 0644) is tightened at start.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, SECRETS_FILE } from '../../../../electron/engine/data-dir';
import { keepFolderPrivate, windowsFolderWarning } from '../../../../electron/engine/store/data-folder';
import { LOCK_FILE } from '../../../../electron/engine/store/folder-lock';
import { startTestEngine, type TestEngine } from '../../../support/engine';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

/** Every file casebridge keeps in the folder, with the mode each has now. */
function modes(dataDir: string): Record<string, string> {
  const names = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, LOCK_FILE, SECRETS_FILE];
  return Object.fromEntries([['(folder)', modeOf(dataDir)], ...names.filter((n) => existsSync(join(dataDir, n))).map((n) => [n, modeOf(join(dataDir, n))])]);
}

/** An engine that has written its store (the WAL and its index exist) and a secret. */
async function startAndWrite(dataDir: string): Promise<TestEngine> {
  const t = startTestEngine({ dataDir });
  t.engine.log.write({ level: 'info', source: 'test', message: 'something happened' });
  t.engine.log.flush();
  await t.engine.secrets.set('tascomi.private-key', 'not a real key');
  return t;
}

let parent: string;
let umask: number;
const running: TestEngine[] = [];
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'casebridge-modes-'));
  umask = process.umask(0o022); // the usual default, under which new files are 0644 and folders 0755
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.engine.close();
  process.umask(umask);
  rmSync(parent, { recursive: true, force: true });
});

describe('the data folder is private to the account running casebridge', () => {
  it.skipIf(process.platform === 'win32')('a new folder is 0700 and its database, WAL, lock and secrets files 0600', async () => {
    const dataDir = join(parent, 'new', 'casebridge');
    running.push(await startAndWrite(dataDir));
    const found = modes(dataDir);
    expect(Object.keys(found)).toEqual(['(folder)', DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, LOCK_FILE, SECRETS_FILE]);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, name === '(folder)' ? '0700' : '0600'])));
  });

  it.skipIf(process.platform === 'win32')('a folder an older version left open (0755, files 0644) is tightened at start', async () => {
    const dataDir = join(parent, 'casebridge');
    const first = await startAndWrite(dataDir);
    await first.engine.close();
    chmodSync(dataDir, 0o755);
    for (const name of Object.keys(modes(dataDir)).filter((n) => n !== '(folder)')) chmodSync(join(dataDir, name), 0o644);

    running.push(startTestEngine({ dataDir }));
    const found = modes(dataDir);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, name === '(folder)' ? '0700' : '0600'])));
  });
});

describe('on Windows, where modes mean nothing and the folder’s ACL is the protection', () => {
  const PROFILE = 'C:\\Users\\Siân Jones';
  const env = {
    USERPROFILE: PROFILE,
    APPDATA: `${PROFILE}\\AppData\\Roaming`,
    LOCALAPPDATA: `${PROFILE}\\AppData\\Local`,
    ProgramData: 'C:\\ProgramData',
  };

  it('a folder in the account’s profile needs no word, whatever the case of its letters or its length', () => {
    expect(windowsFolderWarning(`${PROFILE}\\AppData\\Roaming\\casebridge`, env)).toBeUndefined();
    expect(windowsFolderWarning('c:\\users\\SIÂN JONES\\appdata\\roaming\\casebridge', env)).toBeUndefined();
    expect(windowsFolderWarning(`${PROFILE}\\Documents\\${'casebridge data\\'.repeat(20)}casebridge`, env)).toBeUndefined();
  });

  it('a shared drive, another profile or a folder next to the profile gets a warning naming the folder and what to do', () => {
    for (const dir of ['D:\\shared\\casebridge', 'C:\\Users\\Siân Jones2\\casebridge', 'C:\\Users\\Public\\casebridge', '\\\\fileserver\\apps\\casebridge']) {
      const warning = windowsFolderWarning(dir, env);
      expect(warning, dir).toContain(`The data folder ${dir} is outside this account's profile (${PROFILE}), so Windows does not keep it private`);
      expect(warning, dir).toContain('icacls');
    }
  });

  it('ProgramData (a service’s folder) is readable by every user unless its inherited permissions are removed: said', () => {
    expect(windowsFolderWarning('C:\\ProgramData\\casebridge\\data', { ProgramData: 'C:\\ProgramData' })).toContain(
      'The data folder C:\\ProgramData\\casebridge\\data is in C:\\ProgramData, whose folders every user of this machine can read unless their inherited permissions are removed',
    );
  });

  it('keepFolderPrivate changes no mode there and reports only the warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-win-'));
    try {
      chmodSync(dir, 0o755);
      expect(keepFolderPrivate(dir, { platform: 'win32', env })).toEqual([windowsFolderWarning(dir, env)]);
      expect(modeOf(dir)).toBe('0755');
      expect(keepFolderPrivate(dir, { platform: 'win32', env: { ...env, LOCALAPPDATA: dir } })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
