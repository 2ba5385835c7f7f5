import { describe, expect, it } from 'vitest';
import { call, client, emulator, repairStep, testClock } from './helpers';

describe('companies', () => {
  it('lists the companies of the instance with X-Total-Count', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.get('/companies');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual([
      { companyCode: 'NBH', name: 'Northbridge Homes' },
      { companyCode: 'NBL', name: 'Northbridge Leasehold Services' },
      { companyCode: 'TRN', name: 'Northbridge Homes (Training)' },
    ]);
    expect(reply.headers.get('x-total-count')).toBe('3');
    expect((await api.post('/companies', {})).status).toBe(405);
  });
});

describe('contacts search', () => {
  it('finds a contact by reference (case-insensitive), with the agreed fields', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const { contactReference, contactId, assetReference } = emu.demo!;
    const reply = await api.get(`/NBH/contacts?reference=${contactReference.toLowerCase()}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toHaveLength(1);
    const contact = reply.json[0];
    expect(Object.keys(contact)).toEqual(['contactId', 'reference', 'title', 'forename', 'surname', 'email', 'phone', 'address', 'assetReference']);
    expect(contact).toMatchObject({ contactId, reference: contactReference, assetReference });
    expect(Object.keys(contact.address)).toEqual(['line1', 'line2', 'town', 'postcode']);
    expect((await api.get(`/NBH/contacts/${contactId}`)).json).toEqual(contact);
  });

  it('finds by surname (case-insensitive, whole surname) and by postcode (spaces and case ignored)', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const { sharedSurname, contactPostcode } = emu.demo!;
    const bySurname = await api.get(`/NBH/contacts?surname=${sharedSurname.toUpperCase()}&limit=100`);
    expect(bySurname.json.length).toBeGreaterThan(1);
    expect(bySurname.json.every((c: { surname: string }) => c.surname === sharedSurname)).toBe(true);
    expect(Number(bySurname.headers.get('x-total-count'))).toBe(bySurname.json.length);
    expect((await api.get(`/NBH/contacts?surname=${sharedSurname.slice(0, 3)}`)).json).toEqual([]);

    const compact = contactPostcode.replace(' ', '').toLowerCase();
    const byPostcode = await api.get(`/NBH/contacts?postcode=${compact}&limit=100`);
    expect(byPostcode.json.length).toBeGreaterThan(0);
    expect(byPostcode.json.every((c: { address: { postcode: string } }) => c.address.postcode === contactPostcode)).toBe(true);
    // All criteria must hold.
    const both = await api.get(`/NBH/contacts?postcode=${encodeURIComponent(contactPostcode)}&surname=${emu.demo!.contactSurname}`);
    expect(both.json.map((c: { contactId: number }) => c.contactId)).toContain(emu.demo!.contactId);
    expect(both.json.every((c: { surname: string }) => c.surname === emu.demo!.contactSurname)).toBe(true);
  });

  it('answers 200 [] with X-Total-Count 0 when nothing matches, and searches one company only', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const none = await api.get('/NBH/contacts?reference=C9999999');
    expect(none.status).toBe(200);
    expect(none.json).toEqual([]);
    expect(none.headers.get('x-total-count')).toBe('0');
    expect((await api.get(`/NBL/contacts?reference=${emu.demo!.contactReference}`)).json).toEqual([]);
    expect((await api.get(`/NBL/contacts/${emu.demo!.contactId}`)).status).toBe(404);
  });

  it('refuses a search without criteria, or with a parameter it does not know (400 naming it)', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const empty = await api.get('/NBH/contacts');
    expect(empty.status).toBe(400);
    expect(empty.json.message).toBe('Give at least one of reference, surname, postcode');
    const blank = await api.get('/NBH/contacts?surname=%20');
    expect(blank.status).toBe(400);
    const typo = await api.get('/NBH/contacts?lastname=Smith');
    expect(typo.status).toBe(400);
    expect(Object.keys(typo.json.errors)).toEqual(['lastname']);
  });
});

describe('repairs of a contact', () => {
  it("lists the contact's repairs newest first, with work orders and tasks", async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?limit=100`);
    expect(reply.status).toBe(200);
    const repairs = reply.json as any[];
    expect(repairs.length).toBeGreaterThanOrEqual(6);
    const created = repairs.map((r) => Date.parse(r.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    const partly = repairs.find((r) => r.repairReference === emu.demo!.partlyInvoicedRepairReference);
    expect(partly.workOrders).toHaveLength(2);
    for (const order of partly.workOrders) {
      expect(order.workOrderReference).toMatch(/^WO\d{7}$/);
      expect(order.workOrderGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(order.tasks.length).toBeGreaterThan(0);
    }
    expect(partly.workOrders.map((o: any) => [o.status, o.repairStatusCode, o.tasks[0].invoiced])).toEqual([
      ['Invoiced', 'INV', true],
      ['Issued', 'ISS', false],
    ]);
    for (const r of repairs) expect(r.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[01]:00$/);
  });

  it('filters by createdFrom: repairs created on or after the start of that London day', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const all = (await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?limit=100`)).json as any[];
    const open = all.find((r) => r.repairReference === emu.demo!.openRepairReference);
    const day = open.createdAt.slice(0, 10);
    const from = (await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?createdFrom=${day}&limit=100`)).json as any[];
    expect(from.map((r) => r.repairReference)).toContain(open.repairReference);
    expect(from.every((r) => r.createdAt.slice(0, 10) >= day)).toBe(true);
    const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?createdFrom=${next}&limit=100`)).json.map((r: any) => r.repairReference)).not.toContain(
      open.repairReference,
    );
    for (const bad of ['2024-02-30', '03/07/2024', 'yesterday']) {
      const reply = await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?createdFrom=${bad}`);
      expect(reply.status).toBe(400);
      expect(reply.json.errors).toEqual({ createdFrom: 'must be a date as yyyy-MM-dd' });
    }
    expect((await api.get('/NBH/contacts/1/repairs')).status).toBe(404);
  });

  it('counts the start of the day in BST: a repair at 00:30 London (23:30 UTC the day before) is on the London day', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T23:30:00Z')); // 00:30 on 4 July in London
    const api = await client(emu);
    const raised = await api.post('/NBH/repairs', repairStep(emu));
    const listed = await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?createdFrom=2024-07-04`);
    expect(listed.json.map((r: any) => r.repairReference)).toContain(raised.json.repairReference);
    expect(listed.json.find((r: any) => r.repairReference === raised.json.repairReference).createdAt).toBe('2024-07-04T00:30:00+01:00');
  });
});

describe('appointments of a repair', () => {
  it('lists inspection and order appointments by start, with their statuses', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}/appointments`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-total-count')).toBe('2');
    expect(reply.json.map((a: any) => [a.appointmentId, a.kind, a.status])).toEqual([
      [emu.demo!.completedAppointmentId, 'Inspection', 'Completed'],
      [emu.demo!.futureBookedAppointmentId, 'Order', 'Booked'],
    ]);
    const [inspection, order] = reply.json;
    expect(inspection.workOrderReference).toBeNull();
    expect(order.workOrderReference).toMatch(/^WO\d+$/);
    expect(Date.parse(order.start)).toBeGreaterThan(emu.serverNow());
    expect(Date.parse(order.end) - Date.parse(order.start)).toBe(4 * 3_600_000);
    expect(order.start).toMatch(/T(08|12):00:00\+01:00$/);
    expect((await api.get('/NBH/repairs/REP000000/appointments')).status).toBe(404);
    expect((await api.get(`/NBL/repairs/${emu.demo!.openRepairReference}/appointments`)).status).toBe(404);
  });
});

describe('raising a repair (step one of three)', () => {
  it('answers 201 with the Logged repair and a Location; there is no one-step raise and no whole-repair cancel', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post('/NBH/repairs', repairStep(emu));
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ repairReference: expect.stringMatching(/^REP\d{6}$/), status: 'Logged', clientReference: 'CASE-1001/repair' });
    expect(reply.headers.get('location')).toBe(`/api/v1/NBH/repairs/${reply.json.repairReference}`);
    const stored = await api.get(`/NBH/repairs/${reply.json.repairReference}`);
    expect(stored.json).toMatchObject({
      status: 'Logged',
      priority: 'R',
      contactId: emu.demo!.contactId,
      createdAt: '2024-07-03T11:15:00+01:00',
      workOrders: [],
      cancellation: null,
    });
    expect((await api.get(`/NBH/repairs/${reply.json.repairReference}/appointments`)).json).toEqual([]);

    // The older one-step body (SOR code and contract on the repair) is refused, naming where each goes.
    const oneStep = await api.post('/NBH/repairs', { ...repairStep(emu), sorCode: '603021', contract: 'NBRM01' });
    expect(oneStep.status).toBe(422);
    expect(oneStep.json.errors).toEqual({
      sorCode: expect.stringMatching(/^is not a field of a repair raised step by step \(the SOR code goes on its task/),
      contract: expect.stringMatching(/the contract on its works order\)$/),
    });
    const wholeCancel = await api.post(`/NBH/repairs/${emu.demo!.openRepairReference}/cancel`, { reason: 'x' });
    expect(wholeCancel.status).toBe(404);
    expect(wholeCancel.json.message).toMatch(/a repair is cancelled one works order at a time \(POST works-orders\/\{reference\}\/cancel\)$/);
    expect((await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}`)).json.status).toBe('Issued');
  });

  it('answers 422 naming every field at fault', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post('/NBH/repairs', {
      contactId: 'x',
      description: '  ',
      priority: 'Z',
      repairType: 'RESP',
      category: 'PLUMB',
      colour: 'red',
    });
    expect(reply.status).toBe(422);
    expect(reply.json.code).toBe('VALIDATION_FAILED');
    expect(reply.json.errors).toEqual({
      colour: expect.stringMatching(/^is not a field of a repair raised step by step/),
      contactId: 'must be a contact id (a whole number)',
      assetReference: 'is required',
      description: 'must not be blank',
      priority: 'Z is not a priority (one of E, U, R, P)',
      clientReference: 'is required',
    });
    expect(reply.json.message).toMatch(/^Validation failed: colour is not a field of a repair raised step by step/);
  });

  it("checks links: the contact in this company, the asset of the contact's agreement", async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const other = emu.records('assets').find((a) => a.companyCode === 'NBH' && a.assetReference !== emu.demo!.assetReference)!;
    const errors = async (extra: Record<string, unknown>) => (await api.post('/NBH/repairs', repairStep(emu, extra))).json.errors;
    expect(await errors({ contactId: 1 })).toEqual({ contactId: 'no contact 1 in company NBH' });
    expect((await errors({ assetReference: other.assetReference })).assetReference).toMatch(/^is not the asset of contact \d+'s current agreement \(A\d+\)$/);
    expect(await errors({ assetReference: 'A999999' })).toEqual({ assetReference: 'no asset A999999 in company NBH' });
    expect(await errors({ category: 'GARDEN' })).toEqual({ category: expect.stringMatching(/^GARDEN is not a repair category \(one of /) });
    expect((await errors({ contactId: emu.demo!.noAgreementContactId })).assetReference).toMatch(/the contact has none/);
    expect(await errors({ description: 'x'.repeat(2001) })).toEqual({ description: 'must be at most 2000 characters' });
    expect((await api.post('/NBL/repairs', repairStep(emu))).json.errors.contactId).toMatch(/no contact .* in company NBL/);
  });

  it('refuses a body that is not a JSON object (400) or not JSON at all (415)', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const array = await api.post('/NBH/repairs', [1, 2]);
    expect(array.status).toBe(400);
    expect(array.json.message).toBe('The body must be a JSON object');
    expect((await call(emu, 'POST', '/api/v1/NBH/repairs', { token: api.token, body: 'a=b', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await api.get('/NBH/repairs')).status).toBe(405);
  });
});

describe('paging', () => {
  it('pages with offset and limit; X-Total-Count counts every match', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const all = await api.get(`/NBH/contacts?surname=${emu.demo!.sharedSurname}&limit=100`);
    const total = all.json.length;
    expect(total).toBeGreaterThanOrEqual(3);
    const first = await api.get(`/NBH/contacts?surname=${emu.demo!.sharedSurname}&limit=2`);
    const second = await api.get(`/NBH/contacts?surname=${emu.demo!.sharedSurname}&limit=2&offset=2`);
    expect(first.json).toEqual(all.json.slice(0, 2));
    expect(second.json).toEqual(all.json.slice(2, 4));
    for (const reply of [first, second]) expect(reply.headers.get('x-total-count')).toBe(String(total));
    const past = await api.get(`/NBH/contacts?surname=${emu.demo!.sharedSurname}&offset=${total}`);
    expect(past.status).toBe(200);
    expect(past.json).toEqual([]);
    expect(past.headers.get('x-total-count')).toBe(String(total));
  });

  it('uses the default page size, and refuses limits outside 1 to 100 and bad offsets', async () => {
    const { emu } = await emulator({ pageSize: 5 });
    const api = await client(emu);
    const repairs = await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs`);
    expect(repairs.json).toHaveLength(5);
    expect(Number(repairs.headers.get('x-total-count'))).toBeGreaterThan(5);
    expect((await api.get('/companies?limit=100')).status).toBe(200);
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'offset=-1', 'offset=1.5']) {
      const reply = await api.get(`/companies?${query}`);
      expect(reply.status).toBe(400);
      expect(Object.keys(reply.json.errors)).toEqual([query.split('=')[0]]);
    }
  });
});

describe('paths', () => {
  it('answers 404 for unknown paths and companies, 405 with Allow for a wrong verb', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    expect((await api.get('/NBH/assets')).status).toBe(404);
    expect((await api.get('/ZZZ/contacts?surname=Smith')).json).toEqual({ code: 'NOT_FOUND', message: 'No company ZZZ' });
    expect((await call(emu, 'GET', '/api/v2/companies', { token: api.token })).status).toBe(404);
    const wrongVerb = await call(emu, 'DELETE', `/api/v1/NBH/repairs/${emu.demo!.openRepairReference}`, { token: api.token });
    expect(wrongVerb.status).toBe(405);
    expect(wrongVerb.headers.get('allow')).toBe('GET');
    expect((await fetch(`${emu.baseUrl}/elsewhere`)).status).toBe(404);
  });
});
