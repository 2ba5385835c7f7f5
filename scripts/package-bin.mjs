// Which file to run for a tool the scripts use, the same on Windows as elsewhere. The shims npm
// links into the .bin folder are shell scripts (or, on Windows, .cmd files that only cmd.exe runs, and that
// Node 20.12+ refuses to spawn without a shell); a shell would also re-split paths with spaces. So
// every tool runs as Node itself running the package's own entry (its package.json `bin`), no shell.
import { existsSync, readFileSync } from 'node:fs';
import nodePath from 'node:path';

/** Commands whose package has another name; any other command is the name of its own package. */
const PACKAGE_OF = { tsc: 'typescript', playwright: '@playwright/test' };

const realFs = { exists: existsSync, readText: (file) => readFileSync(file, 'utf8') };

/**
 * The JS file the package providing `command` names as its bin, found as Node finds packages:
 * in `root`'s node_modules, then each folder above. Throws, saying what to do, when it is missing.
 * `path` and `fs` are Node's unless a test passes others (path.win32 and a table of files).
 */
export function packageBin(command, { root, path = nodePath, fs = realFs }) {
  const name = PACKAGE_OF[command] ?? command;
  for (let dir = root, above = path.dirname(dir); ; dir = above, above = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', ...name.split('/'), 'package.json');
    if (fs.exists(manifest)) {
      const { bin } = JSON.parse(fs.readText(manifest));
      const entry = typeof bin === 'string' ? bin : bin?.[command];
      if (typeof entry !== 'string') throw new Error(`casebridge: the package ${name} (${manifest}) has no command ${command}.`);
      return path.join(path.dirname(manifest), entry);
    }
    if (above === dir) break;
  }
  throw new Error(`casebridge: ${command} is not installed (no ${name} package in ${path.join(root, 'node_modules')}): run \`npm ci\` first.`);
}

/**
 * npm's own JS entry: the one npm names when it runs this script (npm_execpath), else the copy
 * installed beside this Node (node_modules\npm beside node.exe on Windows, lib/node_modules/npm
 * above bin/node elsewhere).
 */
export function npmCli({ env = process.env, execPath = process.execPath, platform = process.platform, path = nodePath, fs = realFs } = {}) {
  const named = env.npm_execpath;
  if (named && /npm-cli\.[cm]?js$/.test(named) && fs.exists(named)) return named;
  const beside =
    platform === 'win32'
      ? path.join(path.dirname(execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')
      : path.join(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (fs.exists(beside)) return beside;
  throw new Error(`casebridge: npm was not found beside Node (${beside}); run this through npm (\`npm run ...\`), or reinstall Node with npm.`);
}

/** `{ file, args }` to spawn for `command` (`node`, `npm`, or a package's tool) without a shell. */
export function commandLine(command, args, { root, execPath = process.execPath, ...where }) {
  if (command === 'node') return { file: execPath, args };
  const entry = command === 'npm' ? npmCli({ execPath, ...where }) : packageBin(command, { root, ...where });
  return { file: execPath, args: [entry, ...args] };
}
