import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../../electron/host/args';
import { readMetricsToken } from '../../../electron/host/metrics-token';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const file = (content: string) => {
  dir ??= mkdtempSync(join(tmpdir(), 'casebridge-metrics-token-'));
  const path = join(dir, 'metrics-token');
  writeFileSync(path, content);
  return path;
};
const TOKEN = '3f9a1c0e8b7d6a5f4e3d2c1b0a9f8e7d';

describe('the metrics token file', () => {
  it('holds one token; the line break after it is not part of it', () => {
    expect(readMetricsToken(file(`${TOKEN}\n`))).toBe(TOKEN);
    expect(readMetricsToken(file(`${TOKEN}\r\n`))).toBe(TOKEN);
    expect(readMetricsToken(file(TOKEN))).toBe(TOKEN);
  });

  it('refuses a token too short to be safe, or with spaces, naming the file and how to make one', () => {
    const short = file('secret\n');
    expect(() => readMetricsToken(short)).toThrow(`The metrics token file ${short} must hold one token of 24 to 512 characters`);
    expect(() => readMetricsToken(short)).toThrow('openssl rand -hex 32');
    expect(() => readMetricsToken(file(`${TOKEN} ${TOKEN}\n`))).toThrow('some of them spaces or line breaks');
    expect(() => readMetricsToken(file(`${TOKEN}\n${TOKEN}\n`))).toThrow('some of them spaces or line breaks');
  });

  it('says when the file cannot be read', () => {
    const missing = join(tmpdir(), 'casebridge-no-such-metrics-token');
    expect(() => readMetricsToken(missing)).toThrow(`The metrics token file ${missing} cannot be read (ENOENT).`);
  });

  it('is named by --metrics-token-file or CASEBRIDGE_METRICS_TOKEN_FILE, the flag winning', () => {
    expect(parseHostArgs(['--metrics-token-file', '/etc/casebridge/metrics-token'], {}).metricsTokenFile).toBe('/etc/casebridge/metrics-token');
    expect(parseHostArgs([], { CASEBRIDGE_METRICS_TOKEN_FILE: '/env/token' }).metricsTokenFile).toBe('/env/token');
    expect(parseHostArgs(['--metrics-token-file=/flag/token'], { CASEBRIDGE_METRICS_TOKEN_FILE: '/env/token' }).metricsTokenFile).toBe('/flag/token');
    expect(parseHostArgs([], {}).metricsTokenFile).toBeUndefined();
  });
});
