import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../../electron/host/args';
import { checkConfiguration } from '../../../electron/host/check';
import { loadMachinePolicy } from '../../../electron/engine/policy/policy-file';
import { makeDataDir, removeDataDir } from '../../support/host-process';
import { startTestEngine } from '../../support/engine';

const NOW = new Date('2026-12-05T09:00:00Z');
let dir: string;
beforeEach(() => {
  dir = makeDataDir();
});
afterEach(() => removeDataDir(dir));

const check = (argv: string[]) => checkConfiguration(parseHostArgs(['--check', '--data-dir', dir, ...argv], {}), NOW);

describe('--check', () => {
  it('says what it would run with, and changes nothing (a self-signed certificate is only promised)', async () => {
    const report = await check(['--host', '0.0.0.0', '--tls', 'self-signed']);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual([
      `Data folder: ${dir}`,
      'Listening on: 0.0.0.0 port 0 (any free port, chosen at start)',
      `HTTPS with a self-signed certificate, which will be made in ${join(dir, 'tls')} on first start`,
      expect.stringMatching(/^Sign-in: accounts/),
      'Metrics (/metrics): to this machine only (no metrics token file)',
    ]);
    expect(readdirSync(dir)).toEqual([]);
    const missing = join(dir, 'not', 'yet');
    expect((await checkConfiguration(parseHostArgs(['--data-dir', missing], {}), NOW)).summary[0]).toBe(`Data folder: ${missing} (will be made on first start)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('checks the metrics token file', async () => {
    const tokenFile = join(dir, 'metrics-token');
    writeFileSync(tokenFile, `${'a1'.repeat(16)}\n`);
    expect((await check(['--metrics-token-file', tokenFile])).summary).toContain('Metrics (/metrics): to scrapers that send the metrics token');
    writeFileSync(tokenFile, 'short\n');
    const report = await check(['--metrics-token-file', tokenFile]);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^--metrics-token-file: The metrics token file .* must hold one token of 24 to 512 characters/)]);
  });

  it('lists every problem, each naming its setting', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const made = await generate([{ name: 'commonName', value: 'a' }], { keyType: 'ec', curve: 'P-256', notAfterDate: new Date(NOW.getTime() + 86_400_000 * 40) });
    const other = await generate([{ name: 'commonName', value: 'b' }], { keyType: 'ec', curve: 'P-256' });
    writeFileSync(join(dir, 'cert.pem'), made.cert);
    writeFileSync(join(dir, 'key.pem'), other.private);
    const folderIsAFile = join(dir, 'file');
    writeFileSync(folderIsAFile, 'x');
    try {
      const report = await checkConfiguration(
        parseHostArgs(['--data-dir', folderIsAFile, '--port', String(port), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')], {}),
        NOW,
      );
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([
        `--data-dir (CASEBRIDGE_DATA_DIR): ${folderIsAFile} is a file, not a folder.`,
        `--port (CASEBRIDGE_PORT) and --host (CASEBRIDGE_HOST): cannot listen on 127.0.0.1 port ${port}: something else is already listening there.`,
        `--tls-cert and --tls-key: The key file ${join(dir, 'key.pem')} does not match the certificate ${join(dir, 'cert.pem')}.`,
      ]);
    } finally {
      busy.close();
    }
  });

  it('refuses a data folder a running engine holds, and says the days a certificate has left', async () => {
    const running = startTestEngine({ dataDir: dir });
    try {
      const made = await generate([{ name: 'commonName', value: 'a' }], {
        keyType: 'ec',
        curve: 'P-256',
        notBeforeDate: new Date(NOW.getTime() - 86_400_000),
        notAfterDate: new Date(NOW.getTime() + 86_400_000 * 40.5),
      });
      writeFileSync(join(dir, 'cert.pem'), made.cert);
      writeFileSync(join(dir, 'key.pem'), made.private);
      const report = await check(['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
      expect(report.problems).toEqual([`--data-dir (CASEBRIDGE_DATA_DIR): a casebridge engine is already running on ${dir}; stop it first, or choose another data folder.`]);
      expect(report.summary).toContainEqual(
        expect.stringMatching(/^HTTPS with the certificate .*cert\.pem with the key .*key\.pem, 40 days left, fingerprint \(SHA-256\) [0-9A-F:]{95}$/),
      );
    } finally {
      await running.engine.close();
    }
    expect((await check([])).ok).toBe(true);
  });
});

describe('--check and the machine policy', () => {
  const FILE = '/srv/casebridge/policy.json';
  const policy = (text: string | undefined) => loadMachinePolicy({ platform: 'linux', env: { CASEBRIDGE_POLICY_FILE: FILE } }, () => text);
  const withPolicy = (text: string | undefined, argv: string[] = []) => checkConfiguration(parseHostArgs(['--check', '--data-dir', dir, ...argv], {}), NOW, policy(text));

  it('says which policy file would be in force and what it sets', async () => {
    const report = await withPolicy('{"version": 1, "locked": {"intake": {"port": 8711}}, "presets": {"caseRetention": {"days": 30}}}');
    expect(report.ok).toBe(true);
    expect(report.summary).toContain(`Machine policy: ${FILE}; locks intake.port; presets caseRetention.days`);
  });

  it('warns of a policy file that would be refused, naming the field, without failing the check (the host starts without it)', async () => {
    const report = await withPolicy('{"version": 1, "locked": {"intake": {"port": 70000}}}');
    expect(report.ok).toBe(true);
    expect(report.summary.at(-1)).toMatch(new RegExp(`^Machine policy: WARNING: The machine policy file ${FILE} was refused.*locked\\.intake\\.port: `));
  });

  it('fails on demo options the policy forbids', async () => {
    const report = await checkConfiguration(
      parseHostArgs(['--check', '--data-dir', dir, '--demo-tascomi-url', 'http://127.0.0.1:9/rest', '--demo-tascomi-public-key', 'demo'], {
        CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY: 'private',
      }),
      NOW,
      policy('{"version": 1, "locked": {"demoAllowed": false}}'),
    );
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(`Demo mode is turned off by your organisation's policy (${FILE}): leave out the demo options.`);
  });
});
