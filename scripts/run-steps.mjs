// Small helpers the launch and test scripts share: run a command with its output shown, find the built host.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { passStopToChild } from './child-stop.mjs';
import { commandLine } from './package-bin.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_ENTRY = join(ROOT, 'out', 'main', 'host.js');

/**
 * Runs a package's tool (by its command name), npm, or node itself, with inherited output, as Node
 * running the tool's JS entry (scripts/package-bin.mjs says why); resolves its exit code.
 */
export function run(command, args, options = {}) {
  let line;
  try {
    line = commandLine(command, args, { root: ROOT });
  } catch (error) {
    console.error(error.message);
    return Promise.resolve(127);
  }
  return new Promise((resolve) => {
    const child = spawn(line.file, line.args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', (error) => {
      console.error(`casebridge: could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Builds main, preload, host and renderer into out/ (CASEBRIDGE_SKIP_BUILD=1: use the build there is). */
export async function buildAll() {
  if (process.env.CASEBRIDGE_SKIP_BUILD === '1' && existsSync(HOST_ENTRY)) {
    console.log('casebridge: CASEBRIDGE_SKIP_BUILD=1, using the build in out/.');
    return;
  }
  const code = await run('electron-vite', ['build']);
  if (code !== 0) {
    console.error('casebridge: the build failed (see above).');
    process.exit(code);
  }
}

/**
 * Runs the built headless host in the foreground, passing stop signals on so it stops cleanly.
 * `env` is added to the host's environment; `afterExit` runs once it has stopped (the demo's emulator).
 */
export async function runHost(args, { env = {}, afterExit } = {}) {
  const child = spawn(process.execPath, [HOST_ENTRY, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  passStopToChild(child);
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  await afterExit?.();
  process.exit(code);
}
