// `--demo` for `npm run serve` and `npm start`: a Tascomi emulator in a child process, with fault
// knobs set so the console shows successes, retries and failures, handed to the host or the
// Electron app as demo options. The product never imports the emulator; only this script runs it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-steps.mjs';

const EMULATOR_CLI = join(ROOT, 'test', 'emulators', 'tascomi', 'cli.ts');
/** What the host reads the private key from (electron/demo/options.ts): never argv. */
export const DEMO_PRIVATE_KEY_ENV = 'CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY';

/**
 * About one request in five answers 500/502/503, a few connections drop (half of them after Tascomi stored
 * the write: the "unknown outcome" casebridge must not create twice), and every request takes a
 * little while, as over a real network.
 */
export const DEMO_FAULTS = Object.freeze({ errorRate: 0.2, dropRate: 0.03, dropAfterCommitRate: 0.03, latencyMs: 150 });
/**
 * The emulator decides faults with a PRNG seeded from this, one draw per request, so a demo runs
 * the same way each time. With seed 32 the connection check passes at once and the very first
 * case's create fails and is retried: the first retry shows within seconds, not when chance allows.
 */
export const DEMO_SEED = 32;

/** Takes `--demo` out of the arguments: `{ demo, rest }`. */
export function splitDemoFlag(args) {
  return { demo: args.includes('--demo'), rest: args.filter((a) => a !== '--demo') };
}

/**
 * Starts the emulator (any free port, its demo key pair), sets its fault knobs, and answers what
 * the host needs: `{ args, env, stop() }`. Exits the launcher with a clear message when
 * the emulator cannot be had.
 */
export async function startDemoEmulator() {
  if (!existsSync(EMULATOR_CLI) || !existsSync(join(ROOT, 'node_modules', 'tsx'))) {
    console.error('casebridge: --demo needs the Tascomi emulator (test/emulators) and tsx, which a development checkout has after `npm ci`.');
    process.exit(1);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', EMULATOR_CLI, '--port', '0', '--seed', String(DEMO_SEED)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const line = (name) => new RegExp(`^${name}: (\\S+)`, 'm').exec(out)?.[1];

  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    const check = () => {
      if (!line('Admin')) return;
      clearTimeout(timer);
      resolve(true);
    };
    child.stdout.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  if (!ready) {
    await stop();
    console.error(`casebridge: the Tascomi emulator for the demo did not start:\n${out.trim() || '(no output)'}`);
    process.exit(1);
  }
  const baseUrl = line('Base URL');
  const adminUrl = line('Admin');
  const publicKey = line('Public key');
  const privateKey = line('Private key');

  try {
    const answer = await fetch(`${adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_FAULTS) });
    if (!answer.ok) throw new Error(`it answered ${answer.status}: ${await answer.text()}`);
  } catch (error) {
    await stop();
    console.error(`casebridge: could not set the demo emulator's fault knobs: ${error.message}`);
    process.exit(1);
  }
  // Said once and plainly: a demo emulator that dies leaves the host retrying against nothing. (On
  // a signal, Ctrl+C reaching the whole process group or stop() below, it exits 0: expected.)
  child.once('exit', (code, signal) => {
    if (code !== 0) console.error(`casebridge: the demo's Tascomi emulator stopped (${code ?? signal}); jobs will wait and retry.\n${out.trim()}`);
  });

  const pct = (rate) => `${Math.round(rate * 100)}%`;
  console.log(
    `Demo mode: Tascomi emulator at ${baseUrl} (admin ${adminUrl}); ${pct(DEMO_FAULTS.errorRate)} of requests answer a server error, ` +
      `${pct(DEMO_FAULTS.dropRate + DEMO_FAULTS.dropAfterCommitRate)} lose their connection, each takes ${DEMO_FAULTS.latencyMs} ms more.`,
  );
  return {
    args: ['--demo-tascomi-url', baseUrl, '--demo-tascomi-public-key', publicKey],
    env: { [DEMO_PRIVATE_KEY_ENV]: privateKey },
    stop,
  };
}
