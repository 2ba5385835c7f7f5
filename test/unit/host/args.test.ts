import { describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../../electron/host/args';
import { isLoopbackHost as isLoopback } from '../../../shared/loopback';

describe('parseHostArgs', () => {
  it('defaults to loopback, any free port and the shared data folder', () => {
    expect(parseHostArgs([], { CASEBRIDGE_DATA_DIR: '/data/cb' })).toEqual({ host: '127.0.0.1', port: 0, dataDir: '/data/cb', help: false });
  });
  it('reads each option, in both --flag value and --flag=value forms', () => {
    const args = parseHostArgs(['--port=8080', '--host', '::1', '--data-dir', '/tmp/x', '--token', 'abcdefghijklmnop1234', '--time-zone', 'Europe/Dublin'], {});
    expect(args).toMatchObject({ host: '::1', port: 8080, dataDir: '/tmp/x', token: 'abcdefghijklmnop1234', timeZone: 'Europe/Dublin' });
  });
  it('names the option that is wrong', () => {
    expect(() => parseHostArgs(['--port', '70000'], {})).toThrow(/^Option --port: /);
    expect(() => parseHostArgs(['--port', 'eighty'], {})).toThrow(/^Option --port: /);
    expect(() => parseHostArgs(['--host', 'evil.example'], {})).toThrow(/^Option --host: must be an IP address or localhost/);
    expect(() => parseHostArgs(['--token', 'short'], {})).toThrow(/^Option --token: /);
    expect(() => parseHostArgs(['--data-dir'], {})).toThrow(/--data-dir needs a value/);
    expect(() => parseHostArgs(['--colour', 'red'], {})).toThrow(/Unknown option --colour/);
  });
  it('knows which addresses are loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.4', '::'].some(isLoopback)).toBe(false);
  });
  describe('demo options', () => {
    const env = { XDG_CONFIG_HOME: '/home/ann/.config', CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY: 'demo-secret' };
    const demo = ['--demo-tascomi-url', 'http://127.0.0.1:8701/rest', '--demo-tascomi-public-key', 'demo-public'];
    it("are read, with the private key from the environment and the demo's own data folder", () => {
      expect(parseHostArgs(demo, env)).toMatchObject({
        dataDir: '/home/ann/.config/casebridge-demo',
        demo: { tascomiUrl: 'http://127.0.0.1:8701/rest', publicKey: 'demo-public', privateKey: 'demo-secret' },
      });
      expect(parseHostArgs([...demo, '--data-dir', '/tmp/try'], env)).toMatchObject({ dataDir: '/tmp/try', demo: { publicKey: 'demo-public' } });
      expect(parseHostArgs([], env).demo).toBeUndefined();
    });
    it('name the option that is wrong', () => {
      expect(() => parseHostArgs(['--demo-tascomi-url', 'http://10.0.0.5/rest', '--demo-tascomi-public-key', 'k'], env)).toThrow(
        /^Option --demo-tascomi-url: must be on this machine/,
      );
      expect(() => parseHostArgs(['--demo-tascomi-url', 'http://127.0.0.1/rest'], env)).toThrow(/^Option --demo-tascomi-public-key is needed/);
      expect(() => parseHostArgs(demo, { XDG_CONFIG_HOME: '/home/ann/.config' })).toThrow(/CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY/);
      expect(() => parseHostArgs([...demo, '--data-dir', '/home/ann/.config/casebridge'], env)).toThrow(/^Option --data-dir: the demo does not run in your real data folder/);
      expect(() => parseHostArgs([...demo, '--data-dir', '/srv/cb'], { ...env, CASEBRIDGE_DATA_DIR: '/srv/cb' })).toThrow(/^Option --data-dir: /);
      expect(() => parseHostArgs(['--demo'], env)).toThrow(/^Option --demo is for the launch scripts/);
    });
  });
});
