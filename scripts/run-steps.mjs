// Small helpers the launch and test scripts share: run a command with its output shown, find the built host.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_ENTRY = join(ROOT, 'out', 'main', 'host.js');
const BIN = join(ROOT, 'node_modules', '.bin');

/** Runs a command from node_modules/.bin (or node itself) with inherited output; resolves its exit code. */
export function run(command, args, options = {}) {
  const file = command === 'node' ? process.execPath : existsSync(join(BIN, command)) ? join(BIN, command) : command;
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: ROOT, stdio: 'inherit', ...options });
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
 * Runs the built headless host in the foreground, passing signals on so it stops cleanly.
 * `env` is added to the host's environment; `afterExit` runs once it has stopped (the demo's emulator).
 */
export async function runHost(args, { env = {}, afterExit } = {}) {
  const child = spawn(process.execPath, [HOST_ENTRY, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  await afterExit?.();
  process.exit(code);
}
