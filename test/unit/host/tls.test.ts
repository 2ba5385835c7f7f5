import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync as readFile, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectTls, loadTls, SELF_SIGNED_CERT, SELF_SIGNED_KEY, TLS_FOLDER } from '../../../electron/host/tls';
import { makeDataDir, removeDataDir } from '../../support/host-process';

const DAY = 86_400_000;
const NOW = new Date('2026-12-05T09:00:00Z');
let dir: string;
beforeEach(() => {
  dir = makeDataDir();
});
afterEach(() => removeDataDir(dir));

async function pemPair(name: string, notAfter = new Date(NOW.getTime() + 90 * DAY)) {
  const made = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(NOW.getTime() - DAY),
    notAfterDate: notAfter,
  });
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  writeFileSync(certFile, made.cert);
  writeFileSync(keyFile, made.private);
  return { certFile, keyFile, fingerprint: new X509Certificate(made.cert).fingerprint256 };
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('a self-signed certificate', () => {
  it('is made on first start in <data folder>/tls, its key owner-only, naming the address and this machine', async () => {
    const warnings: string[] = [];
    const tls = await loadTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '192.0.2.7', now: NOW, warn: (m) => warnings.push(m) });
    const certFile = join(dir, TLS_FOLDER, SELF_SIGNED_CERT);
    const cert = new X509Certificate(readFile(certFile));
    expect(cert.subjectAltName).toContain('IP Address:192.0.2.7');
    expect(cert.subjectAltName).toContain(`DNS:${hostname().toLowerCase()}`);
    expect(tls.fingerprint).toBe(cert.fingerprint256);
    expect(tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    if (process.platform !== 'win32') expect(statSync(join(dir, TLS_FOLDER, SELF_SIGNED_KEY)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([expect.stringMatching(/^Made a self-signed certificate in /)]);
    expect(readdirSync(join(dir, TLS_FOLDER)).sort()).toEqual([SELF_SIGNED_CERT, SELF_SIGNED_KEY]);
  });

  it('is reused after, and made again (with a warning) within 30 days of expiry', async () => {
    const first = await loadTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '127.0.0.1', now: NOW });
    const warnings: string[] = [];
    const again = await loadTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '127.0.0.1', now: new Date(NOW.getTime() + 600 * DAY), warn: (m) => warnings.push(m) });
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(warnings).toEqual([]);
    const late = new Date(first.validTo.getTime() - 10 * DAY);
    const renewed = await loadTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '127.0.0.1', now: late, warn: (m) => warnings.push(m) });
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(renewed.validTo.getTime()).toBeGreaterThan(late.getTime() + 700 * DAY);
    expect(warnings).toEqual([expect.stringMatching(/had 10 days left, so a new one was made: its fingerprint has changed/)]);
  });

  it('is reported by --check as "will be made on first start", and nothing is made', () => {
    const report = inspectTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '127.0.0.1', now: NOW });
    expect(report).toMatchObject({ ok: true, summary: expect.stringContaining('will be made') });
    expect(existsSync(join(dir, TLS_FOLDER))).toBe(false);
  });
});

describe('a certificate from PEM files', () => {
  it('is served with its fingerprint, and --check says the days left', async () => {
    const pair = await pemPair('council');
    const tls = await loadTls({ kind: 'files', ...pair }, { dataDir: dir, bindHost: '127.0.0.1', now: NOW });
    expect(tls.fingerprint).toBe(pair.fingerprint);
    expect(inspectTls({ kind: 'files', ...pair }, { dataDir: dir, bindHost: '127.0.0.1', now: NOW })).toMatchObject({ ok: true, summary: expect.stringMatching(/90 days left/) });
  });

  it('is refused, naming the file, when the key does not match, a file cannot be read, or it has expired', async () => {
    const a = await pemPair('a');
    const b = await pemPair('b');
    const context = { dataDir: dir, bindHost: '127.0.0.1', now: NOW };
    await expect(loadTls({ kind: 'files', certFile: a.certFile, keyFile: b.keyFile }, context)).rejects.toThrow(
      `The key file ${b.keyFile} does not match the certificate ${a.certFile}.`,
    );
    await expect(loadTls({ kind: 'files', certFile: join(dir, 'missing.crt'), keyFile: a.keyFile }, context)).rejects.toThrow(
      /The certificate file .*missing\.crt cannot be read \(ENOENT\)/,
    );
    await expect(loadTls({ kind: 'files', certFile: a.keyFile, keyFile: a.keyFile }, context)).rejects.toThrow(/does not hold a PEM certificate/);
    const old = await pemPair('old', new Date(NOW.getTime() - DAY));
    await expect(loadTls({ kind: 'files', ...old }, context)).rejects.toThrow(/expired on 2026-12-04/);
    expect(inspectTls({ kind: 'files', ...old }, context)).toEqual({ ok: false, problems: [expect.stringMatching(/expired on 2026-12-04/)] });
  });
});

describe.skipIf(!hasOpenssl)('a PFX', () => {
  it('opens with the passphrase from its file, and is refused with a wrong one, naming both files', async () => {
    const pair = await pemPair('pfx');
    const pfxFile = join(dir, 'site.pfx');
    execFileSync('openssl', ['pkcs12', '-export', '-in', pair.certFile, '-inkey', pair.keyFile, '-out', pfxFile, '-passout', 'pass:right horse battery']);
    const passphraseFile = join(dir, 'pass.txt');
    writeFileSync(passphraseFile, 'right horse battery\n');
    const context = { dataDir: dir, bindHost: '127.0.0.1', now: NOW };
    expect((await loadTls({ kind: 'pfx', pfxFile, passphraseFile }, context)).fingerprint).toBe(pair.fingerprint);
    writeFileSync(passphraseFile, 'wrong');
    await expect(loadTls({ kind: 'pfx', pfxFile, passphraseFile }, context)).rejects.toThrow(
      `The PFX file ${pfxFile} cannot be opened with the passphrase in ${passphraseFile}: the passphrase is wrong.`,
    );
    await expect(loadTls({ kind: 'pfx', pfxFile }, context)).rejects.toThrow(/needs a passphrase: .*--tls-passphrase-file/);
  });
});
