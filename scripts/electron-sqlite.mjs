// better-sqlite3 in node_modules is built for Node (the headless host and the tests use it). Electron
// needs the same module built for its own ABI: keep that copy apart, in .cache/, and hand its path to
// the main process, so neither runtime breaks the other.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from './run-steps.mjs';

export async function ensureElectronSqlite(electronVersion) {
  const dir = join(ROOT, '.cache', 'electron-sqlite', `${electronVersion}-${process.platform}-${process.arch}`, 'better-sqlite3');
  const binding = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.log(`casebridge: building the SQLite module for Electron ${electronVersion} (once)...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'node_modules', 'better-sqlite3'), dir, {
    recursive: true,
    filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`),
  });
  const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];
  // A prebuilt binary when one is published for this Electron, otherwise a build from source.
  let code = await run('prebuild-install', target, { cwd: dir });
  if (code !== 0) code = await run('npm', ['exec', '--yes', '--', 'node-gyp', 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], { cwd: dir });
  if (code !== 0 || !existsSync(binding)) {
    console.error('casebridge: could not build the SQLite module for Electron (see above). Check the internet connection and build tools (Python, a C++ compiler), then run npm start again.');
    process.exit(1);
  }
  return binding;
}
