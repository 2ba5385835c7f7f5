/**
 * Starts an emulator in its own process through its npm command line, as the end-to-end tests and
 * benchmarks need it (the engine under test must not share a process with the remote system).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface EmulatorProcess {
  baseUrl: string;
  adminUrl: string;
  publicKey: string;
  privateKey: string;
  child: ChildProcess;
  /** POSTs JSON to an admin path such as `/keys` or `/faults`; throws on a non-2xx answer. */
  admin(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<number | null>;
}

export async function startTascomiEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulators/tascomi/cli.ts', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = (name: string) => new RegExp(`^${name}: (\\S+)`, 'm').exec(out)?.[1];
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the Tascomi emulator did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      if (line('Admin')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the Tascomi emulator exited with ${code}:\n${out}`));
    });
  });
  const adminUrl = line('Admin')!;
  return {
    baseUrl: line('Base URL')!,
    adminUrl,
    publicKey: line('Public key')!,
    privateKey: line('Private key')!,
    child,
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

export interface CivicaCxEmulatorProcess {
  /** The instance's "API URL" (calls under /api/v1). */
  baseUrl: string;
  adminUrl: string;
  username: string;
  password: string;
  company: string;
  child: ChildProcess;
  /** POSTs JSON to an admin path such as `/allowlist` or `/faults`; throws on a non-2xx answer. */
  admin(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<number | null>;
}

/** The Civica Cx emulator in its own process (`npm run emulator:civica-cx`), on a free port. */
export async function startCivicaCxEmulatorProcess(args: string[] = []): Promise<CivicaCxEmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulators/civica-cx/cli.ts', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = (name: string) => new RegExp(`^${name}: (\\S+)`, 'm').exec(out)?.[1];
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the Civica Cx emulator did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      if (line('Admin')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the Civica Cx emulator exited with ${code}:\n${out}`));
    });
  });
  const adminUrl = line('Admin')!;
  return {
    baseUrl: line('Base URL')!,
    adminUrl,
    username: line('Username')!,
    password: line('Password')!,
    company: line('Company')!,
    child,
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
