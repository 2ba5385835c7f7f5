import { describe, expect, it } from 'vitest';
import { DEMO_USER, NO_API_USER, NO_FAULTS } from '../../../emulators/civica-cx/index';
import { CANCEL, admin, call, client, emulator, signIn } from './helpers';

describe('the admin endpoint (/__admin, for tests in other processes)', () => {
  it('sets, reads and clears fault knobs without authentication, and is never faulted itself', async () => {
    const { emu } = await emulator();
    const set = await admin(emu, 'POST', '/faults', { errorRate: 1 });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ...NO_FAULTS, errorRate: 1 });
    expect([500, 502, 503]).toContain((await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER })).status);
    expect((await admin(emu, 'GET', '/faults')).json.errorRate).toBe(1);
    expect((await admin(emu, 'POST', '/faults/clear')).json).toEqual(NO_FAULTS);
    expect((await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER })).status).toBe(200);
  });

  it('answers 400 naming the problem for bad JSON or bad knobs', async () => {
    const { emu } = await emulator();
    expect((await admin(emu, 'POST', '/faults', '{errorRate: 1')).json.message).toMatch(/^The body is not JSON/);
    expect((await admin(emu, 'POST', '/faults')).json.message).toMatch(/empty/);
    const outOfRange = await admin(emu, 'POST', '/faults', { errorRate: 2 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.json.message).toMatch(/^Invalid faults: errorRate: /);
    expect((await admin(emu, 'POST', '/faults', { forceValidationFailure: { operation: 'x', field: 'a' } })).json.message).toMatch(/forceValidationFailure\.operation/);
    expect(emu.faults()).toEqual(NO_FAULTS);
  });

  it('lists users without passwords, adds or replaces them, and removes them', async () => {
    const { emu } = await emulator();
    const listed = await admin(emu, 'GET', '/users');
    expect(listed.json).toEqual([
      { username: DEMO_USER.username, apiAccess: true, companies: 'all' },
      { username: NO_API_USER.username, apiAccess: false, companies: 'all' },
    ]);
    expect(listed.text).not.toContain(DEMO_USER.password);
    const added = await admin(emu, 'POST', '/users', { username: 'tw.portal', password: 'portal-secret', companies: ['NBH'] });
    expect(added.json).toEqual({ username: 'tw.portal', apiAccess: true, companies: ['NBH'] });
    expect(added.text).not.toContain('portal-secret');
    await signIn(emu, { username: 'tw.portal', password: 'portal-secret' });
    // Grant API permission to the screens-only user.
    await admin(emu, 'POST', '/users', { ...NO_API_USER, apiAccess: true });
    expect((await call(emu, 'POST', '/api/v1/token', { json: NO_API_USER })).status).toBe(200);
    expect((await admin(emu, 'POST', '/users', { username: 'x' })).json.message).toMatch(/password/);
    expect((await admin(emu, 'POST', '/users', { username: 'x', password: 'y', role: 'admin' })).json.message).toMatch(/role/);
    expect((await admin(emu, 'DELETE', '/users/tw.portal')).status).toBe(200);
    expect((await call(emu, 'POST', '/api/v1/token', { json: { username: 'tw.portal', password: 'portal-secret' } })).status).toBe(401);
    expect((await admin(emu, 'DELETE', '/users/tw.portal')).status).toBe(404);
  });

  it('expires every token', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    expect((await admin(emu, 'POST', '/tokens/expire')).json).toEqual({ expired: 1 });
    expect((await api.get('/companies')).json.code).toBe('TOKEN_EXPIRED');
  });

  it('shows records of each kind, and invoices a repair as the back office would', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    for (const kind of ['companies', 'assets', 'contacts', 'repairs', 'appointments']) {
      const reply = await admin(emu, 'GET', `/records/${kind}`);
      expect(reply.status).toBe(200);
      expect(reply.json.length).toBeGreaterThan(0);
      expect(reply.json.every((r: { companyCode: string }) => typeof r.companyCode === 'string')).toBe(true);
    }
    expect((await admin(emu, 'GET', '/records/tenancies')).status).toBe(404);
    const ref = emu.demo!.openRepairReference;
    const invoiced = await admin(emu, 'POST', `/repairs/${ref}/invoice`);
    expect(invoiced.json.status).toBe('Invoiced');
    expect((await api.post(`/NBH/works-orders/${emu.demo!.openWorksOrderReference}/cancel`, CANCEL)).json.code).toBe('ORDER_INVOICED');
    expect((await admin(emu, 'POST', `/repairs/${emu.demo!.cancelledRepairReference}/invoice`)).status).toBe(409);
    expect((await admin(emu, 'POST', '/repairs/REP000000/invoice')).status).toBe(404);
  });

  it('invoices one task of a works order in part or in full, refusing a bad extent, an unknown task and one on a cancelled order', async () => {
    const { emu } = await emulator();
    const demo = emu.demo!;
    const order = (await (await client(emu)).get(`/NBH/works-orders/${demo.openWorksOrderReference}`)).json;
    const taskId = order.tasks[0].taskId;
    const part = await admin(emu, 'POST', `/tasks/${taskId}/invoice`, { extent: 'part' });
    expect(part.status).toBe(200);
    expect(part.json).toMatchObject({ taskId, invoiceState: 'part', worksOrderReference: demo.openWorksOrderReference });
    expect((await admin(emu, 'POST', `/tasks/${taskId}/invoice`, { extent: 'most' })).status).toBe(400);
    expect((await admin(emu, 'POST', '/tasks/9999999/invoice', { extent: 'full' })).status).toBe(404);
    const cancelledTask = emu.records('repairs').find((r) => r.repairReference === demo.cancelledRepairReference)!.workOrders as { tasks: { taskId: number }[] }[];
    expect((await admin(emu, 'POST', `/tasks/${cancelledTask[0]!.tasks[0]!.taskId}/invoice`, { extent: 'full' })).status).toBe(409);
    expect(() => emu.invoiceTask(9_999_999, 'part')).toThrow('No task 9999999');
    expect((await admin(emu, 'GET', `/tasks/${taskId}/invoice`)).status).toBe(405);
  });

  it('reports the requests made under /api (with user and address, never a token or password) and can forget them', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    await api.get(`/NBH/contacts?reference=${emu.demo!.contactReference}`);
    await call(emu, 'POST', '/api/v1/token', { json: { username: 'nobody', password: 'guess' } });
    await admin(emu, 'GET', '/faults');
    const log = await admin(emu, 'GET', '/requests');
    expect(log.json.map((e: Record<string, unknown>) => [e.method, e.path, e.query, e.status, e.username, e.remoteAddress])).toEqual([
      ['POST', '/api/v1/token', '', 200, DEMO_USER.username, '127.0.0.1'],
      ['GET', '/api/v1/NBH/contacts', `reference=${emu.demo!.contactReference}`, 200, DEMO_USER.username, '127.0.0.1'],
      ['POST', '/api/v1/token', '', 401, 'nobody', '127.0.0.1'],
    ]);
    expect(log.text).not.toContain(api.token);
    expect(log.text).not.toContain('guess');
    expect(log.text).not.toContain(DEMO_USER.password);
    await admin(emu, 'DELETE', '/requests');
    expect(emu.requestLog()).toEqual([]);
  });

  it('tells the demo facts and code lists, and 404/405 for unknown paths and verbs', async () => {
    const { emu } = await emulator();
    const demo = await admin(emu, 'GET', '/demo');
    expect(demo.json.facts).toEqual(emu.demo);
    expect(demo.json.codeLists).toEqual(emu.codeLists());
    expect((await admin(emu, 'GET', '/nothing')).status).toBe(404);
    expect((await admin(emu, 'PUT', '/faults')).status).toBe(405);
    expect((await admin(emu, 'GET', '/records/repairs?x=1')).status).toBe(200);
  });
});
