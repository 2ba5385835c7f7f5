import { describe, expect, it } from 'vitest';
import { developmentOverrides } from '../../../electron/main/development';

const DEV_SERVER = 'http://localhost:5173';
const BINDING = '/home/dev/casebridge/.cache/electron-sqlite/better_sqlite3.node';

describe('developmentOverrides', () => {
  it('gives a developer’s unpackaged run with CASEBRIDGE_DEV=1 the dev server and the SQLite module', () => {
    expect(developmentOverrides(false, { ELECTRON_RENDERER_URL: DEV_SERVER, CASEBRIDGE_DEV: '1', CASEBRIDGE_SQLITE_BINDING: BINDING })).toEqual({
      devServerUrl: DEV_SERVER,
      sqliteNativeBinding: BINDING,
      ignored: [],
    });
  });

  it('keeps npm start’s SQLite module but not the dev server when the development flag is missing', () => {
    for (const flag of [undefined, '', '0', 'true', 'yes']) {
      const overrides = developmentOverrides(false, { ELECTRON_RENDERER_URL: DEV_SERVER, CASEBRIDGE_DEV: flag, CASEBRIDGE_SQLITE_BINDING: BINDING });
      expect(overrides.devServerUrl).toBeUndefined();
      expect(overrides.sqliteNativeBinding).toBe(BINDING);
      expect(overrides.ignored).toEqual(['ELECTRON_RENDERER_URL is ignored without CASEBRIDGE_DEV=1 (npm run dev sets both).']);
    }
  });

  it('gives an installed app neither, even with the development flag, and says what it ignored', () => {
    expect(developmentOverrides(true, { ELECTRON_RENDERER_URL: DEV_SERVER, CASEBRIDGE_DEV: '1', CASEBRIDGE_SQLITE_BINDING: BINDING })).toEqual({
      ignored: [
        'ELECTRON_RENDERER_URL is ignored: an installed casebridge shows only its own console.',
        'CASEBRIDGE_SQLITE_BINDING is ignored: an installed casebridge uses the SQLite module it was built with.',
      ],
    });
  });

  it('says nothing when the variables are not set, or blank', () => {
    expect(developmentOverrides(true, {})).toEqual({ ignored: [] });
    expect(developmentOverrides(false, { ELECTRON_RENDERER_URL: ' ', CASEBRIDGE_SQLITE_BINDING: '', CASEBRIDGE_DEV: '1' })).toEqual({ ignored: [] });
  });
});
