/**
 * Starts the real headless host (the built `out/main/host.js`) in its own process, as a person
 * would with `npm run serve`, and reads the `Console: <url>` line it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const HOST_ENTRY = resolve(import.meta.dirname, '../../out/main/host.js');

export interface HostProcess {
  consoleUrl: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartHostOptions {
  dataDir?: string;
  port?: number;
  token?: string;
  extraArgs?: string[];
  /** Added to this process's environment for the host's. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'casebridge-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The data folders one test file makes: `make()` in a test, `removeAll()` in its afterEach. */
export function testDataDirs(): { make(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = makeDataDir();
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) removeDataDir(dir);
    },
  };
}

export async function startHostProcess(options: StartHostOptions = {}): Promise<HostProcess> {
  if (!existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: run \`npm run build\` first.`);
  const dataDir = options.dataDir ?? makeDataDir();
  const args = [HOST_ENTRY, '--data-dir', dataDir, '--port', String(options.port ?? 0)];
  if (options.token) args.push('--token', options.token);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const consoleUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its Console line:\n${out}`)), options.timeoutMs ?? 15_000);
    const check = () => {
      const match = /^Console: (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${out}`));
    });
  });
  const url = new URL(consoleUrl);
  return {
    consoleUrl,
    origin: url.origin,
    port: Number(url.port),
    // Token mode's session token; empty for an HTTPS host, where people sign in instead.
    token: url.searchParams.get('token') ?? '',
    dataDir,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the built host to its end (a refusal, `--check`, `--help`): its exit code and everything it printed. */
export function runHostToEnd(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; output: string }> {
  if (!existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [HOST_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not end within ${options.timeoutMs ?? 15_000} ms:\n${output}`));
    }, options.timeoutMs ?? 15_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}
