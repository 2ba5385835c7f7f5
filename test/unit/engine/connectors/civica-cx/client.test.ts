/**
 * The Civica Cx client against the emulator: every call it makes, the token kept in memory and
 * renewed once on a 401, paging, and each failure classified with words an IT officer can act on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCivicaCxClient, ALLOWLIST_MESSAGE, BLOCK_PAGE_CODE, type CivicaCxClient } from '../../../../../electron/engine/connectors/civica-cx/client';
import { CX_BLOCKED_CALLER } from '../../../../../shared/domain/civica-cx';
import type { CxRepairStep } from '../../../../../electron/engine/connectors/civica-cx/dialect';
import type { HttpExchange } from '../../../../../electron/engine/connectors/http/send';
import { hidePersonal } from '../../../../../electron/engine/log/personal-data';
import { DEMO_USER, NO_API_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../../emulators/civica-cx';
import { fakeClock, type FakeClock } from '../../../../support/fake-clock';
import { connectorFailure } from '../../../../support/connector-failure';
import { startLocalServer } from '../../../../support/local-server';

let emu: CivicaCxEmulator;
let clock: FakeClock;
let exchanges: HttpExchange[];
let clients: CivicaCxClient[];

beforeEach(async () => {
  clock = fakeClock('2026-06-15T10:00:00Z');
  emu = await startCivicaCxEmulator({ now: () => clock.millis(), pageSize: 25 });
  exchanges = [];
  clients = [];
});
afterEach(async () => {
  for (const c of clients) c.close();
  await emu.close();
});

function client(overrides: Partial<{ username: string; password: string; maxPages: number }> = {}) {
  const c = createCivicaCxClient({ baseUrl: emu.baseUrl, ...DEMO_USER, clock, onExchange: (e) => exchanges.push(e), timeoutMs: 5_000, ...overrides });
  clients.push(c);
  return c;
}

const demo = () => emu.demo!;
/** A works-order cancellation with codes from the emulator's lists, at the fake clock's time. */
const CANCEL = { cancelStatus: 'CAN', cancelledAt: '2026-06-15T11:00:00+01:00', reason: 'TNR', note: 'Tenant rang to cancel' };
/** Step 1 of a raise Cx accepts (the first SOR code's category), changed by `overrides`. */
function newRepair(overrides: Partial<CxRepairStep> = {}): CxRepairStep {
  const sor = emu.codeLists().sorCodes[0]!;
  return {
    contactId: demo().contactId,
    assetReference: demo().assetReference,
    description: 'Kitchen tap dripping',
    priority: 'R',
    repairType: 'RESP',
    category: sor.category,
    clientReference: 'CAS-1/1/repair',
    ...overrides,
  };
}

describe('Civica Cx client', () => {
  it('signs in once, keeps the token in memory, and lists the companies', async () => {
    const c = client();
    expect(c.hasToken()).toBe(false);
    const companies = await c.companies();
    expect(companies.map((x) => x.companyCode)).toEqual(expect.arrayContaining(['NBH', 'NBL', 'TRN']));
    expect(c.hasToken()).toBe(true);
    await c.companies();
    const paths = emu.requestLog().map((r) => `${r.method} ${r.path}`);
    expect(paths.filter((p) => p === 'POST /api/v1/token')).toHaveLength(1);
    expect(paths.filter((p) => p === 'GET /api/v1/companies')).toHaveLength(2);
  });

  it('never logs the password or the token, and marks personal details', async () => {
    const c = client();
    const found = await c.findContacts(demo().companyCode, { surname: demo().contactSurname });
    expect(found.length).toBeGreaterThan(0);
    const text = exchanges.map((e) => `${e.request}\n${e.response}`).join('\n');
    expect(text).not.toContain(DEMO_USER.password);
    expect(text).toContain('password=[secret]');
    expect(text).toContain('Authorization: [redacted]');
    expect(text).toContain('token [secret]');
    expect(hidePersonal(text)).not.toContain(demo().contactSurname);
  });

  it('reads contacts, repairs (from a start date), one repair and its appointments', async () => {
    const c = client();
    const company = demo().companyCode;
    const [contact] = await c.findContacts(company, { reference: demo().contactReference });
    expect(contact!.contactId).toBe(demo().contactId);
    expect((await c.contact(company, demo().contactId)).reference).toBe(demo().contactReference);
    const repairs = await c.repairsOfContact(company, demo().contactId);
    expect(repairs.map((r) => r.repairReference)).toContain(demo().openRepairReference);
    const since = await c.repairsOfContact(company, demo().contactId, '2099-01-01');
    expect(since).toEqual([]);
    expect(emu.requestLog().some((r) => r.query.includes('createdFrom=2099-01-01'))).toBe(true);
    expect((await c.repair(company, demo().openRepairReference)).repairReference).toBe(demo().openRepairReference);
    const appointments = await c.appointmentsOfRepair(company, demo().openRepairReference);
    expect(appointments.map((a) => a.appointmentId)).toContain(demo().futureBookedAppointmentId);
  });

  it('raises a repair in three steps, finds each step by its client reference, cancels an appointment and cancels a repair', async () => {
    const c = client();
    const company = demo().companyCode;
    const sor = emu.codeLists().sorCodes[0]!;
    const repair = await c.raiseRepairStep(company, newRepair());
    expect(repair).toMatchObject({ repairReference: expect.stringMatching(/^REP\d+/), clientReference: 'CAS-1/1/repair', status: 'Logged' });
    const ref = repair.repairReference;
    const task = await c.addTask(company, ref, { sorCode: sor.sorCode, quantity: 2, clientReference: 'CAS-1/1/task' });
    expect(task).toMatchObject({ taskId: expect.any(Number), sorCode: sor.sorCode, quantity: 2, worksOrderReference: null, clientReference: 'CAS-1/1/task' });
    const order = await c.raiseWorksOrder(company, ref, {
      taskIds: [task.taskId],
      priority: 'R',
      contract: sor.contract,
      trade: sor.category,
      raisedBy: 'casebridge test',
      clientReference: 'CAS-1/1/wo',
    });
    expect(order).toMatchObject({ worksOrderReference: expect.stringMatching(/^WO/), repairReference: ref, taskIds: [task.taskId], clientReference: 'CAS-1/1/wo' });

    expect((await c.repairsWithClientReference(company, 'CAS-1/1/repair')).map((r) => r.repairReference)).toEqual([ref]);
    expect(await c.repairsWithClientReference(company, 'CAS-1/2/repair')).toEqual([]);
    expect(await c.tasksWithClientReference(company, ref, 'CAS-1/1/task')).toEqual([
      expect.objectContaining({ taskId: task.taskId, worksOrderReference: order.worksOrderReference }),
    ]);
    expect((await c.worksOrdersWithClientReference(company, ref, 'CAS-1/1/wo')).map((w) => w.worksOrderReference)).toEqual([order.worksOrderReference]);
    expect(await c.worksOrdersWithClientReference(company, ref, 'CAS-1/1/task')).toEqual([]);

    const cancelled = await c.cancelAppointment(company, demo().futureBookedAppointmentId, 'Tenant request');
    expect(cancelled.status).toBe('Cancelled');
    const again = await connectorFailure(c.cancelAppointment(company, demo().futureBookedAppointmentId, 'again'));
    expect(again.kind).toBe('validation');
    expect(again.status).toBe(409);
    expect(again.retryable).toBe(false);
  });

  it('refuses an answer of a step that is not the record it should be, as a remote failure that may have applied', async () => {
    const server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(req.url!.endsWith('/token') ? { token: 't0k', expiresAt: '2099-01-01T00:00:00Z' } : { taskId: 'seven', sorCode: '603021', quantity: 1 }));
    });
    try {
      const c = createCivicaCxClient({ baseUrl: `http://127.0.0.1:${server.port}`, ...DEMO_USER, clock, timeoutMs: 5_000 });
      clients.push(c);
      const error = await connectorFailure(c.addTask('NBH', 'REP1', { sorCode: '603021', quantity: 1, clientReference: 'CAS-1/1/task' }));
      expect(error.kind).toBe('remote');
      expect(error.message).toContain('an answer of an unexpected shape (taskId is not a whole number above 0)');
    } finally {
      await server.close();
    }
  });

  it('answers a refused raise with the field errors, not retried', async () => {
    const c = client();
    const error = await connectorFailure(c.raiseRepairStep(demo().companyCode, newRepair({ priority: 'Z', category: 'NOPE' })));
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(422);
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(['category', 'priority']));
    expect(error.message).toMatch(/^Civica Cx did not accept the data/);
  });

  it('signs in again once after a 401 (expired token) and carries on', async () => {
    const c = client();
    await c.companies();
    emu.expireTokens();
    const companies = await c.companies();
    expect(companies.length).toBeGreaterThan(0);
    const log = emu.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(log).toEqual(['POST /api/v1/token 200', 'GET /api/v1/companies 200', 'GET /api/v1/companies 401', 'POST /api/v1/token 200', 'GET /api/v1/companies 200']);
    expect(exchanges.at(-1)!.sending).toBe(2);
  });

  it('signs in again when the token has lived its time', async () => {
    const c = client();
    await c.companies();
    clock.advance(3600_000);
    await c.companies();
    expect(emu.requestLog().filter((r) => r.path === '/api/v1/token')).toHaveLength(2);
  });

  it('gives up after one re-sign-in when the token is still refused', async () => {
    const c = client();
    await c.companies();
    emu.expireTokens();
    // The password changes after the re-sign-in has started: every token is refused.
    emu.addUser({ ...DEMO_USER, password: 'changed-password' });
    const error = await connectorFailure(c.companies());
    expect(error.kind).toBe('authentication');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/username or password/);
    expect(emu.requestLog().filter((r) => r.path === '/api/v1/token')).toHaveLength(2);
  });

  it("a firewall's HTML page in answer to a call is a permission failure naming the allowlist as the likely cause", async () => {
    emu.setAllowlist(['10.0.0.0/8']);
    emu.setAllowlistAnswer('html');
    const error = await connectorFailure(client().companies());
    expect(error).toMatchObject({ kind: 'permission', status: 403, code: BLOCK_PAGE_CODE, retryable: false });
    expect(error.message).toBe(`Civica Cx answered HTTP 403 with a web page, not the API’s JSON. ${CX_BLOCKED_CALLER.html}`);
  });

  it('a wrong password is an authentication failure that names the username and password', async () => {
    const error = await connectorFailure(client({ password: 'wrong' }).companies());
    expect(error).toMatchObject({ kind: 'authentication', status: 401, connector: 'civica-cx', retryable: false });
    expect(error.message).toBe('Civica Cx refused the username or password. Check them on the Connections page (both are case-sensitive).');
  });

  it('a user without API permission is a permission failure that says so', async () => {
    const error = await connectorFailure(client({ ...NO_API_USER }).companies());
    expect(error).toMatchObject({ kind: 'permission', status: 403, code: 'API_PERMISSION_REQUIRED', retryable: false });
    expect(error.message).toMatch(/"jsmith\.housing" does not have API permission/);
  });

  it('the IP allowlist refusal is a permission failure pointing to the Network page', async () => {
    emu.setAllowlist(['10.0.0.0/8']);
    const error = await connectorFailure(client().companies());
    expect(error).toMatchObject({ kind: 'permission', status: 403, code: 'IP_NOT_ALLOWED', retryable: false });
    expect(error.message).toBe(ALLOWLIST_MESSAGE);
    expect(error.message).toContain('Network page');
  });

  it('a company outside the user role is refused as permission; an unknown one as not found', async () => {
    emu.addUser({ username: 'nbl.only', password: 'pw-nbl-only', apiAccess: true, companies: ['NBL'] });
    const c = client({ username: 'nbl.only', password: 'pw-nbl-only' });
    expect((await c.companies()).map((x) => x.companyCode)).toEqual(['NBL']);
    const refused = await connectorFailure(c.findContacts('NBH', { surname: 'Smith' }));
    expect(refused).toMatchObject({ kind: 'permission', code: 'COMPANY_NOT_PERMITTED' });
    const unknown = await connectorFailure(c.findContacts('ZZZ', { surname: 'Smith' }));
    expect(unknown).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('reads a list page by page up to the total', async () => {
    const c = client();
    const all = emu.records('contacts').filter((r) => r.companyCode === 'NBH');
    // Every NBH contact has a postcode starting NB; a surname search of the shared surname pages too.
    const shared = await c.findContacts('NBH', { surname: demo().sharedSurname });
    expect(shared.length).toBe(all.filter((r) => String(r.surname).toLowerCase() === demo().sharedSurname.toLowerCase()).length);
    const repairs = await c.repairsOfContact('NBH', demo().contactId);
    expect(repairs.length).toBeGreaterThan(0);
    expect(
      emu
        .requestLog()
        .filter((r) => r.method === 'GET')
        .every((r) => /offset=\d+&limit=100/.test(r.query)),
    ).toBe(true);
  });

  it('classifies server trouble, rate limits and a closed port', async () => {
    const c = client();
    await c.companies();
    emu.setFaults({ rateLimit: { retryAfterSeconds: 7, count: 1 } });
    const limited = await connectorFailure(c.companies());
    expect(limited).toMatchObject({ kind: 'rate_limit', retryAfterMs: 7000, retryable: true });
    emu.setFaults({ errorRate: 1 });
    const remote = await connectorFailure(c.companies());
    expect(remote.kind).toBe('remote');
    expect(remote.retryable).toBe(true);
    expect(remote.mayHaveApplied).toBe(false);
    expect(remote.message).toMatch(/^Civica Cx had a problem answering/);
    emu.clearFaults();
    const baseUrl = emu.baseUrl;
    await emu.close();
    const down = await connectorFailure(createCivicaCxClient({ baseUrl, ...DEMO_USER, clock }).companies());
    expect(down).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', retryable: true });
    emu = await startCivicaCxEmulator({ now: () => clock.millis() });
  });

  it('refuses a bad API URL before sending anything', () => {
    expect(() => createCivicaCxClient({ baseUrl: 'https://cx.council.example/api/v1', ...DEMO_USER, clock })).toThrow(/Remove "\/api\/v1"/);
    expect(() => createCivicaCxClient({ baseUrl: 'http://cx.council.gov.uk', ...DEMO_USER, clock })).toThrow(/https/);
  });
});

describe('Cx refusing in the body of a 200 answer (refusalStyle body)', () => {
  const posts = () => emu.requestLog().filter((r) => r.method === 'POST' && !r.path.endsWith('/token'));

  it('cancelling a works order with a task invoiced in part is a validation failure in Cx’s words, not a success, sent once', async () => {
    emu.setRefusalStyle('body');
    const order = demo().partInvoicedWorksOrderReference;
    const error = await connectorFailure(client().cancelWorksOrder(demo().companyCode, order, CANCEL));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.mayHaveApplied).toBe(false);
    expect(error.status).toBe(200);
    expect(error.detail).toMatch(new RegExp(`^Works order ${order} cannot be cancelled: task ${demo().partInvoicedTaskId} is invoiced in part`));
    expect(error.message).toBe(`Civica Cx refused to cancel works order ${order} (it said: "${error.detail}"). Nothing was changed; this will not be retried.`);
    expect(posts()).toHaveLength(1);
  });

  it('cancelling an appointment that is not Booked is refused in Cx’s words', async () => {
    emu.setRefusalStyle('body');
    const error = await connectorFailure(client().cancelAppointment(demo().companyCode, demo().completedAppointmentId, 'Tenant request'));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Civica Cx refused to cancel appointment \d+ \(it said: "Appointment \d+ is Completed; only Booked appointments can be cancelled"\)\./);
  });

  it('a task with a refused field is refused in Cx’s words; nothing is added', async () => {
    emu.setRefusalStyle('body');
    const c = client();
    const { repairReference } = await c.raiseRepairStep(demo().companyCode, newRepair());
    const error = await connectorFailure(c.addTask(demo().companyCode, repairReference, { sorCode: '999999', quantity: 1, clientReference: 'CAS-1/1/task' }));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.mayHaveApplied).toBe(false);
    expect(error.message).toMatch(
      new RegExp(`^Civica Cx refused to add the task \\(SOR code 999999\\) to repair ${repairReference} \\(it said: "Validation failed: sorCode .*999999.*"\\)\\.`),
    );
    expect(emu.records('tasks').filter((t) => t.repairReference === repairReference)).toHaveLength(0);
  });

  it('a sign-in refused in the body is an authentication failure in Cx’s words', async () => {
    emu.setRefusalStyle('body');
    const error = await connectorFailure(client({ password: 'wrong-password' }).companies());
    expect(error.kind).toBe('authentication');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Civica Cx refused to sign in \(it said: ".+"\)\. Check the username and password on the Connections page/);
  });

  it('an outcome it does not know is an error naming what was received; a refusal without words says so', async () => {
    const bodies = [{ outcome: 'Pending', messages: ['queued'] }, { outcome: 'Refused' }, { outcome: 'Refused', messages: ['Bad\u0007 words\n'.repeat(100)] }];
    const server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(req.url!.endsWith('/token') ? { token: 't0k', expiresAt: '2099-01-01T00:00:00Z' } : bodies.shift()));
    });
    try {
      const c = createCivicaCxClient({ baseUrl: `http://127.0.0.1:${server.port}`, ...DEMO_USER, clock, timeoutMs: 5_000 });
      clients.push(c);
      const unknown = await connectorFailure(c.cancelAppointment('NBH', 7, 'Tenant request'));
      expect(unknown.kind).toBe('remote');
      expect(unknown.mayHaveApplied).toBe(true);
      expect(unknown.message).toMatch(/^Civica Cx answered with an outcome casebridge does not know \(outcome: "Pending"\) instead of success or a refusal \(HTTP 200\)\./);
      const bare = await connectorFailure(c.cancelAppointment('NBH', 7, 'Tenant request'));
      expect(bare.kind).toBe('validation');
      expect(bare.message).toBe('Civica Cx refused to cancel appointment 7 without saying why. Nothing was changed; this will not be retried.');
      const long = await connectorFailure(c.cancelAppointment('NBH', 7, 'Tenant request'));
      expect(long.detail).toMatch(/^Bad words Bad words .*…$/);
      expect(long.detail!.length).toBeLessThanOrEqual(301);
    } finally {
      await server.close();
    }
  });

  it('successes still succeed with the knob on', async () => {
    emu.setRefusalStyle('body');
    const c = client();
    const { repairReference } = await c.raiseRepairStep(demo().companyCode, newRepair());
    expect((await c.repairsWithClientReference(demo().companyCode, 'CAS-1/1/repair')).map((r) => r.repairReference)).toEqual([repairReference]);
    expect((await c.cancelAppointment(demo().companyCode, demo().futureBookedAppointmentId, 'Tenant request')).status).toBe('Cancelled');
  });
});

describe('reads tried again within a call', () => {
  it('a dropped or failed read is tried again (waiting on the clock), a write never is', async () => {
    const c = client();
    await c.signIn();
    // Every request fails: the read is tried three times, with 250 then 500 ms between.
    emu.setFaults({ errorRate: 1 });
    const sleepsBefore = clock.sleeps.length;
    const refused = await connectorFailure(c.companies());
    expect(refused).toMatchObject({ kind: 'remote', retryable: true });
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([250, 500]);
    const companyReads = emu.requestLog().filter((r) => r.method === 'GET' && /\/companies/.test(r.path));
    expect(companyReads).toHaveLength(3);

    // A write that fails is sent once: the caller (a person, or the queue) decides what comes next.
    const writesBefore = emu.requestLog().filter((r) => r.method === 'POST' && /\/cancel$/.test(r.path)).length;
    await connectorFailure(c.cancelAppointment(emu.demo!.companyCode, emu.demo!.futureBookedAppointmentId, 'Tenant asked'));
    expect(emu.requestLog().filter((r) => r.method === 'POST' && /\/cancel$/.test(r.path)).length - writesBefore).toBe(1);

    // Back to health: the same read succeeds on its first try.
    emu.clearFaults();
    expect((await c.companies()).length).toBeGreaterThan(0);
  });
});
