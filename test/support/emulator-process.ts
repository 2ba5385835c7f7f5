/**
 * Starts an emulator in its own process through its npm command line, as the end-to-end tests and
 * benchmarks need it (the engine under test must not share a process with the remote system).
 * Every emulator CLI prints `Name: value` lines, the `Admin` line last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** What every emulator process offers. */
interface RunningEmulator {
  baseUrl: string;
  adminUrl: string;
  child: ChildProcess;
  /** POSTs JSON to an admin path such as `/faults`; throws on a non-2xx answer. */
  admin(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<number | null>;
}

export interface EmulatorProcess extends RunningEmulator {
  publicKey: string;
  privateKey: string;
}

/** Its `baseUrl` is the instance's "API URL" (calls under /api/v1). */
export interface CivicaCxEmulatorProcess extends RunningEmulator {
  username: string;
  password: string;
  company: string;
}

/** Runs `cli` on a free port, waits for its `Admin` line, and reads its other lines with `line(name)`. */
async function startEmulatorProcess(name: string, cli: string, args: string[]): Promise<RunningEmulator & { line(name: string): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const find = (field: string) => new RegExp(`^${field}: (\\S+)`, 'm').exec(out)?.[1];
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the ${name} emulator did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      if (find('Admin')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the ${name} emulator exited with ${code}:\n${out}`));
    });
  });
  const adminUrl = find('Admin')!;
  return {
    baseUrl: find('Base URL')!,
    adminUrl,
    child,
    line: (field) => find(field)!,
    async admin(path, body) {
      const answer = await fetch(`${adminUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!answer.ok) throw new Error(`admin ${path} answered ${answer.status}: ${await answer.text()}`);
      return answer.status === 204 ? undefined : answer.json();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function startTascomiEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const { line, ...running } = await startEmulatorProcess('Tascomi', 'test/emulators/tascomi/cli.ts', args);
  return { ...running, publicKey: line('Public key'), privateKey: line('Private key') };
}

/** The Civica Cx emulator in its own process (`npm run emulator:civica-cx`), on a free port. */
export async function startCivicaCxEmulatorProcess(args: string[] = []): Promise<CivicaCxEmulatorProcess> {
  const { line, ...running } = await startEmulatorProcess('Civica Cx', 'test/emulators/civica-cx/cli.ts', args);
  return { ...running, username: line('Username'), password: line('Password'), company: line('Company') };
}
