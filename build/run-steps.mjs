// Small helpers the build scripts share: run a command with its output shown, find the built host.
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

/** Builds main, preload, host and renderer into out/. */
export async function buildAll() {
  const code = await run('electron-vite', ['build']);
  if (code !== 0) {
    console.error('casebridge: the build failed (see above).');
    process.exit(code);
  }
}

/** Runs the built headless host in the foreground, passing signals on so it stops cleanly. */
export async function runHost(args) {
  const child = spawn(process.execPath, [HOST_ENTRY, ...args], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  process.exit(code);
}
