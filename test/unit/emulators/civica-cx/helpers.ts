/** Test helpers: a settable clock for the emulator, and a client that signs in like a real one. */
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator, type CivicaCxEmulatorOptions } from '../../../emulators/civica-cx/index';
import { adminCall as admin, closedAfterTest, readReply, settableClock, type Reply, type TestClock } from '../common-helpers';

export type { Reply, TestClock } from '../common-helpers';
export { admin };

/** A Wednesday in BST by default, so London times carry +01:00. */
export function testClock(iso = '2024-07-03T10:15:00Z'): TestClock {
  return settableClock(iso);
}

/** Starts an emulator on the injected clock; it is closed after the test. */
export async function emulator(options: CivicaCxEmulatorOptions = {}, clock: TestClock = testClock()): Promise<{ emu: CivicaCxEmulator; clock: TestClock }> {
  return { emu: await closedAfterTest(startCivicaCxEmulator({ now: clock.now, ...options })), clock };
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
  return readReply(await fetch(`${emu.baseUrl}${path}`, { method, headers, body }));
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
