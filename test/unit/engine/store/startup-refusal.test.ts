import { describe, expect, it } from 'vitest';
import { refusalForOpenError, WINDOWS_MAX_PATH } from '../../../../electron/engine/store/startup-refusal';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** A data folder under a user name with an accent and spaces, nested until its database path is `length` characters. */
function windowsDatabasePath(length: number): string {
  const start = 'C:\\Users\\Siân Jones\\OneDrive - Anytown Borough Council\\Documents\\';
  const end = '\\casebridge.sqlite';
  return `${start}${'casebridge data '.repeat(30)}`.slice(0, length - end.length) + end;
}

describe('refusalForOpenError on Windows long paths', () => {
  it('a database path of 260 characters or more that SQLite cannot open is said to be too long, with the way out', () => {
    const path = windowsDatabasePath(301);
    expect(path).toHaveLength(301);
    const refusal = refusalForOpenError(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), path, 'win32');
    expect(refusal.reason).toBe('cannot-open');
    expect(refusal.message).toContain(`its path is 301 characters long, and Windows refuses paths of ${WINDOWS_MAX_PATH} or more`);
    expect(refusal.message).toContain('Choose a data folder with a shorter path, such as the default %APPDATA%\\casebridge, or choose another data folder');
  });

  it('a shorter path, or the same failure elsewhere, keeps the usual explanation', () => {
    const cantOpen = sqliteError('SQLITE_CANTOPEN', 'unable to open database file');
    expect(refusalForOpenError(cantOpen, windowsDatabasePath(259), 'win32').message).toMatch(/cannot be opened for writing .*read-only/);
    expect(refusalForOpenError(cantOpen, `/srv/${'x'.repeat(300)}/casebridge.sqlite`, 'linux').message).toMatch(/cannot be opened for writing/);
    // A long path is not the cause of a damaged file.
    expect(refusalForOpenError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), windowsDatabasePath(300), 'win32').reason).toBe('damaged');
  });
});
