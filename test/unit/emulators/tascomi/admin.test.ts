import { describe, expect, it } from 'vitest';
import { DEMO_KEYS, NO_FAULTS } from '../../../emulators/tascomi/index';
import { adminCall as admin } from '../common-helpers';
import { call, emulator, validComplaint } from './helpers';

describe('the admin endpoint (/__admin, for tests in other processes)', () => {
  it('sets, reads and clears fault knobs without authentication', async () => {
    const { emu } = await emulator();
    const set = await admin(emu, 'POST', '/faults', { errorRate: 1 });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ...NO_FAULTS, errorRate: 1 });
    expect([500, 502, 503]).toContain((await call(emu, 'GET', '/v1/titles')).status);
    // The admin endpoint itself is never faulted.
    expect((await admin(emu, 'GET', '/faults')).json.errorRate).toBe(1);
    expect((await admin(emu, 'POST', '/faults/clear')).json).toEqual(NO_FAULTS);
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
  });

  it('answers 400 naming the problem for bad JSON or bad knobs', async () => {
    const { emu } = await emulator();
    const notJson = await admin(emu, 'POST', '/faults', '{errorRate: 1');
    expect(notJson.status).toBe(400);
    expect(notJson.json.message).toMatch(/^The body is not JSON/);
    expect((await admin(emu, 'POST', '/faults')).json.message).toMatch(/empty/);
    const outOfRange = await admin(emu, 'POST', '/faults', { errorRate: 2 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.json.message).toMatch(/^Invalid faults: errorRate: /);
    expect((await admin(emu, 'POST', '/faults', { errorRat: 0.5 })).json.message).toMatch(/errorRat/);
    expect((await admin(emu, 'POST', '/faults', { rateLimit: { retryAfterSeconds: 'soon', count: 1 } })).json.message).toMatch(/rateLimit\.retryAfterSeconds/);
    expect((await admin(emu, 'POST', '/faults', [1])).status).toBe(400);
    expect(emu.faults()).toEqual(NO_FAULTS);
  });

  it('adds keys (never echoing the private key) and validates them', async () => {
    const { emu } = await emulator();
    const key = { publicKey: 'from-admin', privateKey: 'admin-secret', permissions: { titles: { view: true, write: false } } };
    const added = await admin(emu, 'POST', '/keys', key);
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ publicKey: 'from-admin', permissions: key.permissions });
    expect((await call(emu, 'GET', '/v1/titles', { key })).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/users', { key })).status).toBe(403);
    expect(JSON.stringify((await admin(emu, 'GET', '/keys')).json)).not.toContain('secret');
    const missing = await admin(emu, 'POST', '/keys', { publicKey: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toMatch(/privateKey/);
    expect((await admin(emu, 'POST', '/keys', { publicKey: 'x', privateKey: 'y', permissions: { planning: { view: true, write: true } } })).json.message).toMatch(/planning/);
  });

  it('lists and inserts records of a table', async () => {
    const { emu } = await emulator();
    const titles = await admin(emu, 'GET', '/records/titles');
    expect(titles.json.map((t: { description: string }) => t.description)).toEqual(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Mx', 'Reverend (disabled)']);
    const inserted = await admin(emu, 'POST', '/records/contacts', { reference: 'ADMIN-1', surname: 'Admin' });
    expect(inserted.status).toBe(201);
    expect(inserted.json).toMatchObject({ reference: 'ADMIN-1', ceased: 'f' });
    expect((await call(emu, 'GET', '/v1/contacts?reference=ADMIN-1')).json).toHaveLength(1);
    expect((await admin(emu, 'GET', '/records/planning')).status).toBe(404);
    expect((await admin(emu, 'POST', '/records/contacts', ['x'])).status).toBe(400);
    expect((await admin(emu, 'DELETE', '/records/contacts')).status).toBe(405);
  });

  it('reports the requests made under /rest (not admin calls, never the hash) and can forget them', async () => {
    const { emu } = await emulator();
    await call(emu, 'GET', '/v1/contacts?reference=CXM-P-10001');
    await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    await admin(emu, 'GET', '/faults');
    const log = await admin(emu, 'GET', '/requests');
    expect(log.json.map((e: Record<string, unknown>) => [e.method, e.path, e.query, e.status, e.publicKey])).toEqual([
      ['GET', '/rest/v1/contacts', 'reference=CXM-P-10001', 200, DEMO_KEYS.publicKey],
      ['PUT', '/rest/v1/complaints', '', 200, DEMO_KEYS.publicKey],
    ]);
    expect(JSON.stringify(log.json)).not.toMatch(/hash/i);
    await admin(emu, 'DELETE', '/requests');
    expect(emu.requestLog()).toEqual([]);
  });

  it('tells the demo facts, and 404/405 for unknown paths and verbs', async () => {
    const { emu } = await emulator();
    expect((await admin(emu, 'GET', '/demo')).json).toEqual(emu.demo);
    expect((await admin(emu, 'GET', '/nothing')).status).toBe(404);
    expect((await admin(emu, 'PUT', '/faults')).status).toBe(405);
    const outside = await fetch(emu.baseUrl.replace(/\/rest$/, '/elsewhere'));
    expect(outside.status).toBe(404);
  });
});
