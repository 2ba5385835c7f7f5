import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { listSampleCases } from '../../../electron/engine/mapping/sample-cases';
import { demoSamples } from '../../../electron/demo/demo';
import { demoCase, failsValidation, nextCaseNumber, UNKNOWN_REPORTING_METHOD } from '../../../electron/demo/demo-cases';
import { checkDemoDataDir, DEMO_PRIVATE_KEY_ENV, demoDataDir, demoOptionsFrom, parseDemoArgv } from '../../../electron/demo/options';

const HOME = { XDG_CONFIG_HOME: '/home/ann/.config' };
const KEY = { ...HOME, [DEMO_PRIVATE_KEY_ENV]: 'secret' };

describe('the demo data folder', () => {
  it('sits beside the real one, named after it', () => {
    expect(demoDataDir(HOME)).toBe(join('/home/ann/.config', 'casebridge-demo'));
    expect(demoDataDir({ ...HOME, CASEBRIDGE_DATA_DIR: '/srv/cb' })).toBe(join('/srv', 'cb-demo'));
  });
  it('is never the real one, configured or default', () => {
    expect(() => checkDemoDataDir('/home/ann/.config/casebridge', HOME)).toThrow(/^Option --data-dir: the demo does not run in your real data folder/);
    expect(() => checkDemoDataDir('/srv/cb/', { ...HOME, CASEBRIDGE_DATA_DIR: '/srv/cb' })).toThrow(/real data folder/);
    expect(() => checkDemoDataDir('/home/ann/.config/casebridge', { ...HOME, CASEBRIDGE_DATA_DIR: '/srv/cb' })).toThrow(/real data folder/);
    expect(() => checkDemoDataDir('/tmp/demo', HOME)).not.toThrow();
  });
});

describe('demo options', () => {
  it('are absent without the demo flags, and need both flags and the key in the environment', () => {
    expect(demoOptionsFrom({}, KEY)).toBeUndefined();
    expect(demoOptionsFrom({ url: 'http://127.0.0.1:8701/rest', publicKey: 'pub' }, KEY)).toEqual({
      tascomiUrl: 'http://127.0.0.1:8701/rest',
      publicKey: 'pub',
      privateKey: 'secret',
    });
    expect(() => demoOptionsFrom({ url: 'http://127.0.0.1:8701/rest' }, KEY)).toThrow(/^Option --demo-tascomi-public-key is needed/);
    expect(() => demoOptionsFrom({ publicKey: 'pub' }, KEY)).toThrow(/^Option --demo-tascomi-url is needed/);
    expect(() => demoOptionsFrom({ url: 'http://127.0.0.1:8701/rest', publicKey: 'pub' }, HOME)).toThrow(new RegExp(DEMO_PRIVATE_KEY_ENV));
  });
  it('take only an emulator on this machine', () => {
    expect(demoOptionsFrom({ url: 'http://[::1]:8701/rest', publicKey: 'pub' }, KEY)?.tascomiUrl).toBe('http://[::1]:8701/rest');
    expect(() => demoOptionsFrom({ url: 'https://northbridge.tascomi.com/rest', publicKey: 'pub' }, KEY)).toThrow(/^Option --demo-tascomi-url: must be on this machine/);
    expect(() => demoOptionsFrom({ url: 'not a url', publicKey: 'pub' }, KEY)).toThrow(/^Option --demo-tascomi-url: "not a url" is not a url/);
    expect(() => demoOptionsFrom({ url: 'ftp://127.0.0.1/rest', publicKey: 'pub' }, KEY)).toThrow(/^Option --demo-tascomi-url: must be an http/);
    expect(() => demoOptionsFrom({ url: 'http://127.0.0.1/rest', publicKey: '  ' }, KEY)).toThrow(/^Option --demo-tascomi-public-key: /);
  });
  it('are picked out of an Electron command line, among Chromium switches', () => {
    const argv = ['.', '--no-sandbox', '--demo-tascomi-url=http://127.0.0.1:9/rest', '--enable-features', 'X', '--demo-tascomi-public-key', 'pub'];
    expect(parseDemoArgv(argv, KEY)).toEqual({
      demo: { tascomiUrl: 'http://127.0.0.1:9/rest', publicKey: 'pub', privateKey: 'secret' },
      dataDir: join('/home/ann/.config', 'casebridge-demo'),
    });
    expect(parseDemoArgv([...argv, '--data-dir', '/tmp/d'], KEY)?.dataDir).toBe('/tmp/d');
    expect(parseDemoArgv(['.', '--data-dir', '/tmp/d'], KEY)).toBeUndefined();
    expect(() => parseDemoArgv([...argv, '--data-dir', '/home/ann/.config/casebridge'], KEY)).toThrow(/^Option --data-dir: /);
    expect(() => parseDemoArgv(['--demo-tascomi-url'], KEY)).toThrow(/--demo-tascomi-url needs a value/);
  });
});

describe('demo cases', () => {
  const samples = demoSamples(listSampleCases());
  const now = DateTime.fromISO('2026-06-15T11:00:20+01:00', { setZone: true });
  it('come from the samples a demo rule sends to Tascomi (a housing repair would queue nothing)', () => {
    expect(samples.map((s) => s.type)).toEqual(['Fly-tipping report', 'Food complaint', 'Noise complaint', 'Pest control request']);
    expect(listSampleCases().map((s) => s.type)).toContain('Housing repair');
  });
  it('take the samples in turn with fresh ids, reported now', () => {
    const cases = [1, 2, 3, 4, 5].map((n) => demoCase(samples, n, now));
    expect(cases.map((c) => c.id)).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4', 'DEMO-5']);
    expect(cases.map((c) => c.type)).toEqual([...samples.map((s) => s.type), samples[0]!.type]);
    expect(cases[0]!.dates.reported).toBe('2026-06-15T11:00:20+01:00');
    expect(cases[0]!.fields.how_reported).toBe(samples[0]!.fields.how_reported);
  });
  it('now and then carry a reporting method Tascomi does not know, from the third on', () => {
    expect([...Array(15).keys()].map((i) => i + 1).filter(failsValidation)).toEqual([3, 8, 13]);
    expect(demoCase(samples, 3, now).fields.how_reported).toBe(UNKNOWN_REPORTING_METHOD);
    expect(samples.some((s) => s.fields.how_reported === UNKNOWN_REPORTING_METHOD)).toBe(false);
  });
  it('number on from the highest demo case stored', () => {
    expect(nextCaseNumber([])).toBe(1);
    expect(nextCaseNumber(['DEMO-9', 'DEMO-12', 'CAS-2026-1', 'DEMO-x', 'DEMO-3'])).toBe(13);
  });
});
