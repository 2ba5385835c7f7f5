import { describe, expect, it } from 'vitest';
import { assertTimeZone, systemClock } from '../../../electron/engine/clock';
import { defaultDataDir } from '../../../electron/engine/data-dir';

describe('defaultDataDir', () => {
  it('matches Electron userData for an app named casebridge on each platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.config/casebridge');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ann')).toBe('/cfg/casebridge');
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/casebridge');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toMatch(/Roaming.casebridge$/);
  });
  it('on Windows, a Windows path whatever system runs it: a user name with an accent and a space, or no APPDATA', () => {
    const home = 'C:\\Users\\Siân Jones';
    expect(defaultDataDir({ APPDATA: `${home}\\AppData\\Roaming` }, 'win32', home)).toBe('C:\\Users\\Siân Jones\\AppData\\Roaming\\casebridge');
    expect(defaultDataDir({}, 'win32', home)).toBe('C:\\Users\\Siân Jones\\AppData\\Roaming\\casebridge');
    // An empty APPDATA (a broken profile) is no folder: the profile's own Roaming is.
    expect(defaultDataDir({ APPDATA: '' }, 'win32', home)).toBe('C:\\Users\\Siân Jones\\AppData\\Roaming\\casebridge');
  });
  it('lets CASEBRIDGE_DATA_DIR choose another folder', () => {
    expect(defaultDataDir({ CASEBRIDGE_DATA_DIR: '/srv/cb' }, 'linux', '/home/ann')).toBe('/srv/cb');
  });
});

describe('the system clock', () => {
  it('gives times in the configured zone and refuses names that are not IANA zones', () => {
    expect(systemClock('Europe/London').now().zoneName).toBe('Europe/London');
    expect(() => assertTimeZone('GMT+Banana')).toThrow(/IANA/);
  });
});
