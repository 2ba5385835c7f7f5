import { describe, expect, it } from 'vitest';
import { HostArgsError, parseHostArgs } from '../../../electron/host/args';
import { isLoopbackHost as isLoopback } from '../../../shared/loopback';

describe('parseHostArgs', () => {
  it('defaults to loopback, any free port and the shared data folder', () => {
    expect(parseHostArgs([], { CASEBRIDGE_DATA_DIR: '/data/cb' })).toEqual({ host: '127.0.0.1', port: 0, dataDir: '/data/cb', check: false, help: false });
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
  describe('HTTPS and the environment', () => {
    it('reads each certificate choice', () => {
      expect(parseHostArgs(['--tls', 'self-signed'], {}).tls).toEqual({ kind: 'self-signed' });
      expect(parseHostArgs(['--tls-cert', '/etc/cb/cert.pem', '--tls-key', '/etc/cb/key.pem'], {}).tls).toEqual({
        kind: 'files',
        certFile: '/etc/cb/cert.pem',
        keyFile: '/etc/cb/key.pem',
      });
      expect(parseHostArgs(['--tls-pfx', '/etc/cb/site.pfx', '--tls-passphrase-file', '/etc/cb/pass'], {}).tls).toEqual({
        kind: 'pfx',
        pfxFile: '/etc/cb/site.pfx',
        passphraseFile: '/etc/cb/pass',
      });
      expect(parseHostArgs(['--check'], {}).check).toBe(true);
    });
    it('reads every option from its environment variable, and a flag wins', () => {
      const env = {
        CASEBRIDGE_HOST: '0.0.0.0',
        CASEBRIDGE_PORT: '8443',
        CASEBRIDGE_DATA_DIR: '/var/lib/casebridge',
        CASEBRIDGE_TLS_CERT: '/etc/cb/cert.pem',
        CASEBRIDGE_TLS_KEY: '/etc/cb/key.pem',
        CASEBRIDGE_TIME_ZONE: 'Europe/Dublin',
      };
      expect(parseHostArgs([], env)).toMatchObject({ host: '0.0.0.0', port: 8443, dataDir: '/var/lib/casebridge', timeZone: 'Europe/Dublin', tls: { kind: 'files' } });
      expect(parseHostArgs(['--port', '9443'], env).port).toBe(9443);
      expect(parseHostArgs([], { CASEBRIDGE_TLS: 'self-signed', CASEBRIDGE_HOST: '::' }).tls).toEqual({ kind: 'self-signed' });
      expect(parseHostArgs([], { CASEBRIDGE_TLS_PFX: '/p.pfx', CASEBRIDGE_TLS_PASSPHRASE_FILE: '/pass' }).tls).toEqual({ kind: 'pfx', pfxFile: '/p.pfx', passphraseFile: '/pass' });
    });
    it('refuses plain HTTP on an address other machines can reach, saying how to add HTTPS', () => {
      expect(() => parseHostArgs(['--host', '0.0.0.0'], {})).toThrow(
        /^Option --host: 0\.0\.0\.0 can be reached from other machines, so it needs HTTPS and sign-in: add --tls self-signed/,
      );
      expect(() => parseHostArgs([], { CASEBRIDGE_HOST: '192.168.1.4' })).toThrow(/^CASEBRIDGE_HOST: 192\.168\.1\.4 can be reached/);
      expect(parseHostArgs(['--host', '::1'], {}).tls).toBeUndefined();
      expect(() => parseHostArgs(['--host', '10.1.2.3', '--port', 'eighty'], {})).toThrow(/^Option --port: .*\nOption --host: 10\.1\.2\.3 can be reached/);
    });
    it('names every setting that does not go together, and the variable when that is where it came from', () => {
      const error = (() => {
        try {
          parseHostArgs(['--tls', 'self-signed', '--tls-pfx', '/p.pfx', '--port', '99999'], { CASEBRIDGE_HOST: 'server.example' });
        } catch (e) {
          return e as HostArgsError;
        }
      })();
      expect(error).toBeInstanceOf(HostArgsError);
      expect(error!.problems).toEqual([expect.stringMatching(/^CASEBRIDGE_HOST: must be an IP address/), expect.stringMatching(/^Option --port: /)]);
      expect(() => parseHostArgs(['--tls', 'self-signed', '--tls-pfx', '/p.pfx'], {})).toThrow(/Option --tls, Option --tls-pfx: choose one certificate/);
      expect(() => parseHostArgs(['--tls', 'yes'], {})).toThrow(/^Option --tls: the only value is self-signed/);
      expect(() => parseHostArgs(['--tls-cert', '/c.pem'], {})).toThrow(/^Option --tls-cert: needs --tls-key/);
      expect(() => parseHostArgs([], { CASEBRIDGE_TLS_KEY: '/k.pem' })).toThrow(/^CASEBRIDGE_TLS_KEY: needs --tls-cert/);
      expect(() => parseHostArgs(['--tls-passphrase-file', '/pass'], {})).toThrow(/^Option --tls-passphrase-file: only goes with --tls-pfx/);
      expect(() => parseHostArgs(['--tls', 'self-signed', '--token', 'abcdefghijklmnop1234'], {})).toThrow(/^Option --token: only for plain HTTP/);
    });
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
