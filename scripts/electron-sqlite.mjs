// better-sqlite3 in node_modules is built for Node (the headless host and the tests use it). Electron
// needs the same module built for its own ABI: keep that copy apart, in .cache/, and hand its path to
// the main process, so neither runtime breaks the other.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, run } from './run-steps.mjs';

/**
 * Whether the Node build of the SQLite module loads and opens a database: answers undefined, or what
 * to do about it. npm 12 builds it only because package.json's `allowScripts` lists it; an install
 * with scripts off (`--ignore-scripts`, an older lockfile, a denial) leaves it unbuilt, and the app
 * would fail at its first database call.
 */
export function nodeSqliteProblem() {
  try {
    const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
    new Database(':memory:').close();
    return undefined;
  } catch (error) {
    const missing = error?.code === 'MODULE_NOT_FOUND' && !existsSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'));
    const cause = String(error?.message ?? error).split('\n')[0];
    return missing
      ? `casebridge: the SQLite module (better-sqlite3) is not installed: run \`npm ci\` first.`
      : `casebridge: the SQLite module (better-sqlite3) is not built for this Node (${process.version}), so the database cannot open.
Run \`npm rebuild better-sqlite3\` (it needs Python 3, make and a C++ compiler when no prebuilt copy fits).
npm 11.16+ and 12 build it only when package.json's allowScripts lists it (this one does), never with --ignore-scripts.
(${cause})`;
  }
}

/** For the launchers: stop before the build (minutes) when the app could not open its database. */
export function exitUnlessNodeSqlite() {
  const problem = nodeSqliteProblem();
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}

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
    console.error(
      'casebridge: could not build the SQLite module for Electron (see above). Check the internet connection and build tools (Python, a C++ compiler), then run npm start again.',
    );
    process.exit(1);
  }
  return binding;
}
