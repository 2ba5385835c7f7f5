/** Test helpers: a settable clock for the emulator, and a client that signs in like a real one. */
import { afterEach } from 'vitest';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator, type CivicaCxEmulatorOptions } from '../../../emulators/civica-cx/index';

export interface TestClock {
  now(): number;
  set(iso: string): void;
  advance(ms: number): void;
}

/** A Wednesday in BST by default, so London times carry +01:00. */
export function testClock(iso = '2024-07-03T10:15:00Z'): TestClock {
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

const running: CivicaCxEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator on the injected clock; it is closed after the test. */
export async function emulator(options: CivicaCxEmulatorOptions = {}, clock: TestClock = testClock()): Promise<{ emu: CivicaCxEmulator; clock: TestClock }> {
  const emu = await startCivicaCxEmulator({ now: clock.now, ...options });
  running.push(emu);
  return { emu, clock };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  /** Sent as the bearer token. */
  token?: string;
  /** Sent as application/json. */
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export async function call(emu: CivicaCxEmulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  }
  Object.assign(headers, options.headers);
  const res = await fetch(`${emu.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function signIn(emu: CivicaCxEmulator, user: { username: string; password: string } = DEMO_USER): Promise<string> {
  const reply = await call(emu, 'POST', '/api/v1/token', { json: user });
  if (reply.status !== 200) throw new Error(`sign-in answered ${reply.status}: ${reply.text}`);
  return reply.json.token as string;
}

/** Signs in and returns a caller bound to that token. */
export async function client(emu: CivicaCxEmulator) {
  const token = await signIn(emu);
  return {
    token,
    get: (path: string, options: CallOptions = {}) => call(emu, 'GET', `/api/v1${path}`, { token, ...options }),
    post: (path: string, json: unknown, options: CallOptions = {}) => call(emu, 'POST', `/api/v1${path}`, { token, json, ...options }),
  };
}

/** A valid repair for the demo tenant (a routine kitchen tap). */
export function validRepair(emu: CivicaCxEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contactId: emu.demo!.contactId,
    assetReference: emu.demo!.assetReference,
    description: 'Kitchen tap dripping all the time',
    sorCode: '603021',
    priority: 'R',
    repairType: 'RESP',
    contract: 'NBRM01',
    category: 'PLUMB',
    ...extra,
  };
}

export async function admin(emu: CivicaCxEmulator, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${emu.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}
