// electron-builder rebuilds better-sqlite3 for Electron inside node_modules itself (npmRebuild), which
// leaves the Node build gone: the headless host and the tests could no longer open a database.
// `npm run dist` keeps the Node build aside while electron-builder works and puts it back after.
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `work` with `moduleDir`'s build/ folder kept in `keepDir`, and puts it back afterwards,
 * whether `work` succeeded or not. A copy left by an interrupted run (Ctrl+C) is put back first.
 */
export async function withBuildKept(moduleDir, keepDir, work) {
  const build = join(moduleDir, 'build');
  const restore = () => {
    rmSync(build, { recursive: true, force: true });
    renameSync(keepDir, build);
  };
  if (existsSync(keepDir)) restore();
  if (!existsSync(build)) return work();
  rmSync(keepDir, { recursive: true, force: true });
  cpSync(build, keepDir, { recursive: true });
  try {
    return await work();
  } finally {
    restore();
  }
}
