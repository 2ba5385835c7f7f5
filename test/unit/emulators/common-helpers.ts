/**
 * Test helpers both emulators' unit tests share: a settable clock, emulators closed after each
 * test, replies read the same way, a sleep that moves the clock, the admin endpoint, and the
 * emulator's npm command run in a child process. Each emulator's helpers.ts adds how its API is
 * called (a bearer token, signed headers).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, expect } from 'vitest';

export interface TestClock {
  now(): number;
  set(iso: string): void;
  advance(ms: number): void;
}

export function settableClock(iso: string): TestClock {
  let t = Date.parse(iso);
  return {
    now: () => t,
    set(next) {
      t = Date.parse(next);
    },
    advance(ms) {
      t += ms;
    },
  };
}

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator that is closed after the test. */
export async function closedAfterTest<E extends { close(): Promise<void> }>(start: Promise<E>): Promise<E> {
  const emu = await start;
  running.push(emu);
  return emu;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** The reply's text, and its JSON when it is JSON (undefined otherwise). */
export async function readReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Calls the admin endpoint; a string body is sent as is (to test bad JSON), anything else as JSON. */
export async function adminCall(emu: { adminUrl: string }, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${emu.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** A sleep that moves the injected clock instead of waiting, and remembers what it was asked. */
export function clockSleep(clock: TestClock) {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  };
}

/**
 * errorRate 0.4 over 60 requests answers 500/502/503 at about that rate, the same for the same seed
 * and otherwise for another. `start(seed)` starts an emulator (closed after the test) with that
 * knob and returns one request's status.
 */
export async function expectRepeatableErrorRate(start: (seed: number) => Promise<() => Promise<number>>): Promise<void> {
  const statuses = async (seed: number) => {
    const request = await start(seed);
    const out: number[] = [];
    for (let i = 0; i < 60; i++) out.push(await request());
    return out;
  };
  const first = await statuses(42);
  const again = await statuses(42);
  expect(again).toEqual(first);
  const failures = first.filter((s) => s !== 200);
  expect(new Set(failures)).toEqual(new Set([500, 502, 503]));
  expect(failures.length).toBeGreaterThan(10);
  expect(failures.length).toBeLessThan(40);
  expect(await statuses(7)).not.toEqual(first);
}

const ROOT = resolve(import.meta.dirname, '../../..');

/** The package.json script, run as npm would run it but without npm in between. */
function scriptCommand(script: string): string[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const parts = pkg.scripts[script]!.split(/\s+/);
  expect(parts[0]).toBe('node');
  return parts.slice(1);
}

/** Runs an npm script (e.g. 'emulator:tascomi') with `args`; `line` waits for a line of its stdout. */
export function runCli(script: string, args: string[]) {
  const child = spawn(process.execPath, [...scriptCommand(script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern}:\n${stdout}${stderr}`)), 20_000);
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolvePromise(match);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', () => {
        clearTimeout(timer);
        check();
        reject(new Error(`exited before printing ${pattern}:\n${stdout}${stderr}`));
      });
    });
  return { child, exited, line, output: () => ({ stdout, stderr }) };
}
