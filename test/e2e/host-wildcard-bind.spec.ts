/**
 * `npm run serve -- --host 0.0.0.0`: listening on every address of this machine is for a server
 * other machines reach, so it needs HTTPS and sign-in; plain HTTP refuses to start, saying how.
 * `--check` says, before a service starts it, whether such a server would start.
 * (Which names the server answers to are in test/unit/host/allowed-hosts.test.ts; a server over
 * HTTPS on every address, its other names and DNS rebinding in host-wildcard-https.spec.ts.)
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generate } from 'selfsigned';
import { makeDataDir, removeDataDir, runHostToEnd } from '../support/host-process';

let dataDir: string;
test.beforeEach(() => {
  dataDir = makeDataDir();
});
test.afterEach(() => removeDataDir(dataDir));

test('refuses plain HTTP on every address, saying how to add HTTPS, and starts nothing', async () => {
  const { code, output } = await runHostToEnd(['--data-dir', dataDir, '--port', '0', '--host', '0.0.0.0']);
  expect(code).toBe(2);
  expect(output).toContain('casebridge: Option --host: 0.0.0.0 can be reached from other machines, so it needs HTTPS and sign-in: add --tls self-signed');
  expect(output).not.toContain('Console:');
  expect(readdirSync(dataDir)).toEqual([]);
});

test('the same refusal when a service sets the address in CASEBRIDGE_HOST', async () => {
  const { code, output } = await runHostToEnd(['--port', '0'], { env: { CASEBRIDGE_HOST: '::', CASEBRIDGE_DATA_DIR: dataDir } });
  expect(code).toBe(2);
  expect(output).toContain('casebridge: CASEBRIDGE_HOST: :: can be reached from other machines');
});

test('refuses to start with a certificate whose key does not match, naming both files, before opening the data folder', async () => {
  const [a, b] = await Promise.all(['a', 'b'].map((name) => generate([{ name: 'commonName', value: name }], { keyType: 'ec', curve: 'P-256' })));
  const certFile = join(dataDir, 'council.crt');
  const keyFile = join(dataDir, 'other.key');
  writeFileSync(certFile, a!.cert);
  writeFileSync(keyFile, b!.private);
  const folder = join(dataDir, 'data');
  const { code, output } = await runHostToEnd(['--data-dir', folder, '--port', '0', '--host', '0.0.0.0', '--tls-cert', certFile, '--tls-key', keyFile]);
  expect(code).toBe(1);
  expect(output).toContain(`casebridge: could not start: The key file ${keyFile} does not match the certificate ${certFile}.`);
  expect(existsSync(folder)).toBe(false);
});

test('--check says a self-signed server on every address would start, and makes nothing', async () => {
  const { code, output } = await runHostToEnd(['--check'], {
    env: { CASEBRIDGE_HOST: '0.0.0.0', CASEBRIDGE_PORT: '0', CASEBRIDGE_TLS: 'self-signed', CASEBRIDGE_DATA_DIR: dataDir },
  });
  expect(output).toContain('casebridge --check: this configuration would start.');
  expect(output).toContain(`HTTPS with a self-signed certificate, which will be made in ${join(dataDir, 'tls')} on first start`);
  expect(code).toBe(0);
  expect(existsSync(join(dataDir, 'tls'))).toBe(false);
});

test('--check lists every problem, each naming its setting, and exits 1', async () => {
  const { code, output } = await runHostToEnd([
    '--check',
    '--data-dir',
    dataDir,
    '--host',
    '0.0.0.0',
    '--tls-cert',
    join(dataDir, 'missing.crt'),
    '--tls-key',
    join(dataDir, 'missing.key'),
  ]);
  expect(code).toBe(1);
  expect(output).toContain('casebridge --check: 1 problem:');
  expect(output).toContain(`  - --tls-cert and --tls-key: The certificate file ${join(dataDir, 'missing.crt')} cannot be read (ENOENT).`);
  const twice = await runHostToEnd(['--check', '--host', '10.1.2.3', '--port', 'eighty']);
  expect(twice.code).toBe(1);
  expect(twice.output).toContain('casebridge --check: 2 problems:\n  - Option --port: ');
  expect(twice.output).toContain('  - Option --host: 10.1.2.3 can be reached from other machines');
});
