/**
 * The built host stops cleanly on Ctrl+C (SIGINT), the one stop signal every system has: on Windows
 * it is also what the service wrapper sends, as SIGTERM does not exist there. Clean means exit 0, and
 * the store closed: no running marker left for the next start to take for a crash.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/engine/data-dir';
import { readRunningMarker } from '../../../electron/engine/store/running-marker';
import { makeDataDir, removeDataDir, startHostProcess, type HostProcess } from '../../support/host-process';
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
