/** Test helpers: a settable clock for the emulator, a client that signs in like a real one, and a raise in three steps. */
import { expect } from 'vitest';
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

export type Api = Awaited<ReturnType<typeof client>>;

/** Step one of a raise for the demo tenant (a routine kitchen tap): no SOR code, no contract (they go on the task and the order). */
export function repairStep(emu: CivicaCxEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contactId: emu.demo!.contactId,
    assetReference: emu.demo!.assetReference,
    description: 'Kitchen tap dripping all the time',
    priority: 'R',
    repairType: 'RESP',
    category: 'PLUMB',
    clientReference: 'CASE-1001/repair',
    ...extra,
  };
}

/** Step three's fields besides the task ids. */
export const ORDER = { priority: 'R', contract: 'NBRM01', trade: 'PLUMB', raisedBy: 'casebridge', clientReference: 'CASE-1001/order' };
/** A works-order cancel that the demo's open order takes at the test clock's default time. */
export const CANCEL = { cancelStatus: 'CNR', cancelledAt: '2024-07-03T11:00:00+01:00', reason: 'TNR', note: 'Tenant phoned: fixed by a relative' };

/** The three steps of a raise, each checked; answers the repair reference, the task id and the order. */
export async function raiseThreeSteps(api: Api, emu: CivicaCxEmulator, extra: Record<string, unknown> = {}) {
  const repair = await api.post('/NBH/repairs', repairStep(emu, extra));
  expect(repair.status).toBe(201);
  const repairReference = repair.json.repairReference as string;
  const task = await api.post(`/NBH/repairs/${repairReference}/tasks`, { sorCode: '603021', quantity: 1, clientReference: 'CASE-1001/task' });
  expect(task.status).toBe(201);
  const order = await api.post(`/NBH/repairs/${repairReference}/works-orders`, { taskIds: [task.json.taskId], ...ORDER });
  expect(order.status).toBe(201);
  return { repairReference, taskId: task.json.taskId as number, order: order.json };
}
