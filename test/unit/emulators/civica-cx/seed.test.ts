import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sorCode } from '../../../emulators/civica-cx/codes';
import { seedCompanies, seedDemoData } from '../../../emulators/civica-cx/seed';
import { Store } from '../../../emulators/civica-cx/store';
import { client, emulator, testClock } from './helpers';

const AT = Date.parse('2024-07-03T10:15:00Z');
const DAY = 86_400_000;

function seeded(seed: number, at = AT) {
  const store = new Store(seed);
  seedCompanies(store);
  const demo = seedDemoData(store, seed, at);
  return { store, demo };
}

describe('demo data', () => {
  it('is the same for the same seed and clock, and differs for another seed', () => {
    const a = seeded(1);
    const b = seeded(1);
    const c = seeded(2);
    expect([...b.store.repairs.values()]).toEqual([...a.store.repairs.values()]);
    expect([...b.store.appointments.values()]).toEqual([...a.store.appointments.values()]);
    expect([...b.store.contacts.values()]).toEqual([...a.store.contacts.values()]);
    expect(b.demo).toEqual(a.demo);
    expect([...c.store.contacts.values()]).not.toEqual([...a.store.contacts.values()]);
  });

  it('has a housing company full of tenants, a small leasehold company and an empty training company', () => {
    const { store } = seeded(1);
    const contacts = [...store.contacts.values()];
    const count = (code: string) => contacts.filter((c) => c.companyCode === code).length;
    expect(count('NBH')).toBeGreaterThan(100);
    expect(count('NBL')).toBeGreaterThan(5);
    expect(count('TRN')).toBe(0);
    expect(new Set(contacts.map((c) => c.reference)).size).toBe(contacts.length);
    for (const c of contacts) {
      expect(c.reference).toMatch(/^C\d{7}$/);
      if (c.email) expect(c.email).toMatch(/@example\.org$/);
      if (c.address) expect(c.address.postcode).toMatch(/^NB[1-4] \d[A-Z]{2}$/);
      if (c.assetReference) expect(store.asset(c.companyCode, c.assetReference)).toBeDefined();
    }
    // Joint tenancies (two contacts on one asset) and empty (void) homes.
    const perAsset = new Map<string, number>();
    for (const c of contacts) if (c.assetReference) perAsset.set(c.assetReference, (perAsset.get(c.assetReference) ?? 0) + 1);
    expect([...perAsset.values()].some((n) => n > 1)).toBe(true);
    expect([...store.assets.values()].some((a) => !perAsset.has(a.assetReference))).toBe(true);
  });

  it('spreads repairs over the two years before now, newest no later than now', () => {
    const { store } = seeded(3);
    const repairs = [...store.repairs.values()];
    expect(repairs.length).toBeGreaterThan(200);
    const ages = repairs.map((r) => (AT - r.createdAt) / DAY);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThan(731);
    // Every quarter of the two years has repairs.
    const quarters = new Set(ages.map((age) => Math.floor(age / 91.25)));
    for (let q = 0; q < 8; q++) expect(quarters.has(q)).toBe(true);
    // Old repairs are mostly invoiced; recent ones mostly open.
    const old = repairs.filter((r) => AT - r.createdAt > 180 * DAY);
    expect(old.filter((r) => r.status === 'Invoiced').length / old.length).toBeGreaterThan(0.7);
    expect(repairs.some((r) => r.status === 'Cancelled')).toBe(true);
    expect(repairs.some((r) => r.status === 'Issued' || r.status === 'In Progress')).toBe(true);
  });

  it("keeps repairs consistent: SOR in its category, the tenant's asset, statuses that agree with orders and tasks", () => {
    const { store } = seeded(4);
    for (const r of store.repairs.values()) {
      expect(sorCode(r.sorCode)?.category).toBe(r.category);
      expect(store.contacts.get(r.contactId)!.assetReference).toBe(r.assetReference);
      expect(r.workOrders.length).toBeGreaterThan(0);
      const tasks = r.workOrders.flatMap((o) => o.tasks);
      if (r.status === 'Invoiced') expect(tasks.every((t) => t.invoiced)).toBe(true);
      if (r.status === 'Cancelled') {
        expect(tasks.some((t) => t.invoiced)).toBe(false);
        expect(r.cancellation).not.toBeNull();
        expect(r.workOrders.every((o) => o.status === 'Cancelled' && o.repairStatusCode === 'CAN')).toBe(true);
        expect(store.appointmentsOf(r.repairReference).some((a) => a.status === 'Booked')).toBe(false);
      }
      for (const o of r.workOrders) expect(o.raisedAt).toBeGreaterThanOrEqual(r.createdAt);
    }
  });

  it('puts appointments in weekday slots after the repair was raised: past ones happened, Booked ones are ahead', () => {
    const { store, demo } = seeded(5);
    const appointments = [...store.appointments.values()];
    expect(appointments.length).toBeGreaterThan(300);
    for (const a of appointments) {
      const start = DateTime.fromMillis(a.start, { zone: 'Europe/London' });
      expect(start.weekday).toBeLessThanOrEqual(5);
      expect([8, 12]).toContain(start.hour);
      expect(a.end - a.start).toBe(4 * 3_600_000);
      const repair = store.repairs.get(a.repairReference)!;
      expect(a.start).toBeGreaterThanOrEqual(DateTime.fromMillis(repair.createdAt, { zone: 'Europe/London' }).startOf('day').toMillis());
      if (a.status === 'Completed' || a.status === 'No Access') expect(a.start).toBeLessThan(AT);
      if (a.status === 'Booked' && a.appointmentId !== demo.pastBookedAppointmentId) expect(a.start).toBeGreaterThan(AT);
      if (a.kind === 'Order') expect(repair.workOrders.map((o) => o.workOrderReference)).toContain(a.workOrderReference);
      else expect(a.workOrderReference).toBeNull();
    }
    expect(appointments.filter((a) => a.status === 'Booked' && a.start > AT).length).toBeGreaterThan(5);
    expect(appointments.some((a) => a.kind === 'Inspection')).toBe(true);
    expect(appointments.some((a) => a.status === 'No Access')).toBe(true);
  });

  it('places future appointments relative to the clock it starts on', async () => {
    for (const iso of ['2024-07-03T10:15:00Z', '2026-01-10T09:00:00Z']) {
      const clock = testClock(iso);
      const { emu } = await emulator({}, clock);
      const api = await client(emu);
      const appointments = (await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}/appointments`)).json;
      const booked = appointments.find((a: any) => a.appointmentId === emu.demo!.futureBookedAppointmentId);
      const ahead = (Date.parse(booked.start) - clock.now()) / DAY;
      expect(ahead).toBeGreaterThan(0);
      expect(ahead).toBeLessThan(10);
      const repairs = emu.records('repairs').map((r) => Date.parse(r.createdAt as string));
      expect(Math.max(...repairs)).toBeLessThanOrEqual(clock.now());
      expect(Math.min(...repairs)).toBeGreaterThan(clock.now() - 731 * DAY);
    }
  });

  it('holds the scenario repairs its facts describe', () => {
    const { store, demo } = seeded(6);
    const repair = (ref: string) => store.repairs.get(ref)!;
    const appointment = (id: number) => store.appointments.get(id)!;
    for (const ref of [
      demo.openRepairReference,
      demo.invoicedRepairReference,
      demo.partlyInvoicedRepairReference,
      demo.completedRepairReference,
      demo.cancelledRepairReference,
      demo.pastBookedRepairReference,
    ]) {
      expect(repair(ref).contactId).toBe(demo.contactId);
    }
    expect(repair(demo.openRepairReference).status).toBe('Issued');
    expect(
      repair(demo.invoicedRepairReference)
        .workOrders.flatMap((o) => o.tasks)
        .every((t) => t.invoiced),
    ).toBe(true);
    expect(repair(demo.partlyInvoicedRepairReference).workOrders.map((o) => o.tasks.every((t) => t.invoiced))).toEqual([true, false]);
    expect(repair(demo.completedRepairReference).status).toBe('Completed');
    expect(repair(demo.cancelledRepairReference).status).toBe('Cancelled');
    expect(appointment(demo.futureBookedAppointmentId)).toMatchObject({ status: 'Booked', kind: 'Order' });
    expect(appointment(demo.completedAppointmentId)).toMatchObject({ status: 'Completed', kind: 'Inspection' });
    expect(appointment(demo.partlyInvoicedBookedAppointmentId).status).toBe('Booked');
    expect(appointment(demo.cancelledAppointmentId).status).toBe('Cancelled');
    expect(appointment(demo.noAccessAppointmentId).status).toBe('No Access');
    expect(appointment(demo.pastBookedAppointmentId).status).toBe('Booked');
    expect(appointment(demo.pastBookedAppointmentId).start).toBeLessThan(AT);
    expect(store.contacts.get(demo.noAgreementContactId)!.assetReference).toBeNull();
    const shared = [...store.contacts.values()].filter((c) => c.companyCode === 'NBH' && c.surname === demo.sharedSurname);
    expect(shared.length).toBeGreaterThanOrEqual(3);
  });

  it('starts with companies only when empty', async () => {
    const { emu } = await emulator({ empty: true });
    expect(emu.demo).toBeNull();
    expect(emu.records('companies')).toHaveLength(3);
    expect(emu.records('contacts')).toEqual([]);
    expect(emu.records('repairs')).toEqual([]);
  });
});
