/**
 * The built host stops cleanly on Ctrl+C (SIGINT), the one stop signal every system has: on Windows
 * it is also what the service wrapper sends, as SIGTERM does not exist there. Clean means exit 0, and
 * the store closed: no running marker left for the next start to take for a crash.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/engine/data-dir';
import { readRunningMarker } from '../../../electron/engine/store/running-marker';
import { HOST_ENTRY, makeDataDir, removeDataDir, startHostProcess, type HostProcess } from '../../support/host-process';
import { settlesWithin } from '../../support/hang-guard';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  if (host) removeDataDir(host.dataDir);
  host = undefined;
});

describe('the headless host stops on Ctrl+C', () => {
  it('exits 0 having closed its store', async () => {
    host = await startHostProcess({ dataDir: makeDataDir() });
    const marker = () => {
      const db = new Database(join(host!.dataDir, DATABASE_FILE), { readonly: true });
      try {
        return readRunningMarker(db);
      } finally {
        db.close();
      }
    };
    expect(marker()).toMatchObject({ pid: host.child.pid });
    const code = await settlesWithin(host.stop('SIGINT'), 'the host stopping on SIGINT', 20_000);
    expect(code).toBe(0);
    expect(host.output()).toContain('casebridge: SIGINT received, stopping.');
    expect(marker()).toBeUndefined();
  });
});

describe('casebridge check and casebridge serve --help', () => {
  it('check is --check: it says what would start and exits 0; serve --help prints the server options and the commands', () => {
    const dataDir = makeDataDir();
    try {
      // A policy of the test's own, never the machine's.
      writeFileSync(join(dataDir, 'policy.json'), '{"version": 1}');
      const env = { ...process.env, CASEBRIDGE_POLICY_FILE: join(dataDir, 'policy.json') };
      const check = spawnSync(process.execPath, [HOST_ENTRY, 'check', '--data-dir', dataDir], { encoding: 'utf8', env, timeout: 20_000 });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(check.stdout).toContain('casebridge --check: this configuration would start.');
      const help = spawnSync(process.execPath, [HOST_ENTRY, 'serve', '--help'], { encoding: 'utf8', env, timeout: 20_000 });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npm run serve/);
      expect(help.stdout).toMatch(/\n {2}serve .*\n {2}check .*\n {2}backup /);
    } finally {
      removeDataDir(dataDir);
    }
  });
});
