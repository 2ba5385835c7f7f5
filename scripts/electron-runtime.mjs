// Finding the Electron runtime, and the SQLite module built for it, for `npm start` and `npm run dev`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureElectronSqlite } from './electron-sqlite.mjs';
import { ROOT } from './run-steps.mjs';

/**
 * Requiring `electron` from Node answers the runtime's path, downloading it first if it is missing.
 * Answers `{ path, version }`, or `{ reason }` when the runtime cannot be had here.
 */
export function findElectronRuntime() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  if (path && existsSync(path)) {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'));
    return { path, version };
  }
  if (path) return { reason: `no runtime at ${path}` };
  const lines = (probe.stderr || probe.error?.message || '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const reason = lines.find((l) => /fetch failed|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|certificate/i.test(l)) ?? lines.find((l) => /Error/.test(l)) ?? 'no answer';
  return { reason };
}

/** The environment an Electron process of this project needs: the SQLite module built for it. */
export async function electronEnv(version) {
  return { ...process.env, CASEBRIDGE_SQLITE_BINDING: await ensureElectronSqlite(version) };
}
