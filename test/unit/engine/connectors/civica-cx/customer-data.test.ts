/**
 * The API refresh: customer data is read live the first time, then served from the SQLite cache
 * until it is refreshMinutes old (on a fake clock); a start-date change applies at the next refresh;
 * "refresh now" reads live at once. And cancelling through the Tenants service: refused before
 * trying with the check's reason, Cx's refusal explained in the same words, logged with who asked,
 * and the contact read again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CivicaCxSettings } from '../../../../../shared/domain/civica-cx';
import type { CivicaCxClient } from '../../../../../electron/engine/connectors/civica-cx/client';
import { APPOINTMENT_READS_AT_ONCE, mapInParallel, type CxCustomerData } from '../../../../../electron/engine/connectors/civica-cx/customer-data';
import type { TenantsService } from '../../../../../electron/engine/connectors/civica-cx/tenants-service';
import { DAY_MS } from '../../../../../electron/engine/connectors/civica-cx/cancellation';
import type { Store } from '../../../../../electron/engine/store/open-store';
import type { CivicaCxEmulator } from '../../../../emulators/civica-cx';
import { startCxTenantsRig, type CxTenantsRig } from '../../../../support/cx-tenants-rig';
import type { FakeClock } from '../../../../support/fake-clock';

const MINUTE = 60_000;
let rig: CxTenantsRig;
let emu: CivicaCxEmulator;
let clock: FakeClock;
let store: Store;
let client: CivicaCxClient;
let settings: CivicaCxSettings;
let data: CxCustomerData;
let tenants: TenantsService;
let logged: CxTenantsRig['logged'];

beforeEach(async () => {
  rig = await startCxTenantsRig();
  ({ emu, clock, store, client, settings, data, tenants, logged } = rig);
});
afterEach(() => rig.close());

const demo = () => emu.demo!;
const repairReads = () => emu.requestLog().filter((r) => r.method === 'GET' && /\/contacts\/\d+\/repairs$/.test(r.path)).length;
const searches = () => emu.requestLog().filter((r) => r.method === 'GET' && /\/contacts$/.test(r.path)).length;

describe('the API refresh', () => {
  it('reads a contact live the first time, then from the cache until refreshMinutes old', async () => {
    const first = await data.contactRepairs(demo().contactId);
    expect(first.fromCache).toBe(false);
    expect(first.fetchedAt).toBe(clock.millis());
    expect(first.data.repairs.map((r) => r.repairReference)).toContain(demo().openRepairReference);
    expect(repairReads()).toBe(1);

    clock.advance(15 * MINUTE - 1);
    const cached = await data.contactRepairs(demo().contactId);
    expect(cached.fromCache).toBe(true);
    expect(cached.fetchedAt).toBe(first.fetchedAt);
    expect(cached.data).toEqual(first.data);
    expect(repairReads()).toBe(1);

    clock.advance(1); // exactly 15 minutes old: read again
    const live = await data.contactRepairs(demo().contactId);
    expect(live.fromCache).toBe(false);
    expect(live.fetchedAt).toBe(clock.millis());
    expect(repairReads()).toBe(2);
  });

  it('keeps data for the refresh time as set now', async () => {
    settings.refreshMinutes = 5;
    await data.contactRepairs(demo().contactId);
    clock.advance(5 * MINUTE - 1);
    expect((await data.contactRepairs(demo().contactId)).fromCache).toBe(true);
    clock.advance(1);
    expect((await data.contactRepairs(demo().contactId)).fromCache).toBe(false);
  });

  it('caches contact searches the same way, whatever the spacing and case of the criteria', async () => {
    const found = await data.findContacts({ surname: demo().contactSurname });
    expect(found.fromCache).toBe(false);
    expect(found.data.map((t) => t.contactId)).toContain(demo().contactId);
    const again = await data.findContacts({ surname: ` ${demo().contactSurname.toUpperCase()} ` });
    expect(again.fromCache).toBe(true);
    expect(searches()).toBe(1);
    clock.advance(15 * MINUTE);
    expect((await data.findContacts({ surname: demo().contactSurname })).fromCache).toBe(false);
    expect(searches()).toBe(2);
  });

  it('removes cached answers nobody read again for a day, when it next reads live', async () => {
    await data.findContacts({ surname: demo().contactSurname });
    const rows = () => (store.sqlite.prepare('select count(*) as n from cx_cache').get() as { n: number }).n;
    expect(rows()).toBe(1);
    clock.advance(24 * 60 * MINUTE + 1);
    await data.contactRepairs(demo().contactId);
    expect(rows()).toBe(1); // the old search went; the tenant just read stays
  });

  it('applies a changed repairs start date at the next refresh, not before', async () => {
    const before = await data.contactRepairs(demo().contactId);
    expect(before.data.repairsStartDate).toBe('');
    expect(before.data.repairs.map((r) => r.repairReference)).toContain(demo().invoicedRepairReference); // 210 days old

    settings.repairsStartDate = '2026-05-01';
    const stillCached = await data.contactRepairs(demo().contactId);
    expect(stillCached.fromCache).toBe(true);
    expect(stillCached.data.repairsStartDate).toBe('');
    expect(stillCached.data.repairs.map((r) => r.repairReference)).toContain(demo().invoicedRepairReference);

    clock.advance(15 * MINUTE);
    const after = await data.contactRepairs(demo().contactId);
    expect(after.fromCache).toBe(false);
    expect(after.data.repairsStartDate).toBe('2026-05-01');
    const refs = after.data.repairs.map((r) => r.repairReference);
    expect(refs).not.toContain(demo().invoicedRepairReference);
    expect(refs).toContain(demo().openRepairReference); // 6 days old
    expect(after.data.repairs.every((r) => Date.parse(r.createdAt) >= Date.parse('2026-05-01T00:00:00+01:00'))).toBe(true);
  });

  it('"refresh now" reads live at once and restarts the age', async () => {
    await data.contactRepairs(demo().contactId);
    clock.advance(MINUTE);
    const refreshed = await data.contactRepairs(demo().contactId, { refresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(repairReads()).toBe(2);
    clock.advance(15 * MINUTE - 1);
    expect((await data.contactRepairs(demo().contactId)).fetchedAt).toBe(refreshed.fetchedAt);
    expect(repairReads()).toBe(2);
  });

  it('does not serve one company’s data for another', async () => {
    await data.contactRepairs(demo().contactId);
    settings.companyCode = 'NBL';
    await expect(data.contactRepairs(demo().contactId)).rejects.toThrow(); // not a contact of NBL: read live, 404
  });
});

describe('cancelling from the Tenants page', () => {
  it('cancels a Booked appointment, logs who did it, and reads the contact again', async () => {
    const view = await tenants.repairs(demo().contactId);
    const appointment = view.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!;
    expect(appointment.cancel).toEqual({ allowed: true });

    const outcome = await tenants.cancelAppointment(demo().contactId, demo().futureBookedAppointmentId);
    expect(outcome.cancelled).toBe(true);
    expect(outcome.view.fromCache).toBe(false);
    const after = outcome.view.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!;
    expect(after.status).toBe('Cancelled');
    expect(after.cancel.reason).toBe('not_booked');
    expect(
      logged.some((e) => e.level === 'info' && e.message.includes(`appointment ${demo().futureBookedAppointmentId}`) && e.message.includes('by jo.bloggs (desktop app)')),
    ).toBe(true);
  });

  it('refuses before trying when the notice is too short, and says why', async () => {
    const view = await tenants.repairs(demo().contactId);
    const visit = view.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!;
    const needed = Math.ceil((Date.parse(visit.start) - clock.millis()) / DAY_MS) + 1; // one day more than it has
    settings.cancellationNoticeDays = needed;
    const before = emu.requestLog().length;
    const outcome = await tenants.cancelAppointment(demo().contactId, demo().futureBookedAppointmentId);
    expect(outcome).toMatchObject({ cancelled: false, reason: 'notice' });
    expect(outcome.message).toContain(`at least ${needed} days' notice`);
    expect(
      emu
        .requestLog()
        .slice(before)
        .some((r) => r.method === 'POST'),
    ).toBe(false);
  });

  it('an appointment cancel Cx refuses in the body of a 200 answer is answered as refused, in Cx’s words', async () => {
    await tenants.repairs(demo().contactId); // cached: the visit looks Booked
    await client.cancelAppointment(demo().companyCode, demo().futureBookedAppointmentId, 'Cancelled by phone'); // meanwhile, elsewhere
    emu.setRefusalStyle('body');
    const appointment = await tenants.cancelAppointment(demo().contactId, demo().futureBookedAppointmentId);
    expect(appointment.cancelled).toBe(false);
    expect(appointment.message).toMatch(/^Civica Cx refused to cancel appointment \d+ \(it said: "Appointment \d+ is Cancelled; only Booked appointments can be cancelled"\)\./);
  });

  it('switching cancellation off applies at once, even to cached data', async () => {
    await tenants.repairs(demo().contactId);
    settings.repairCancellation = false;
    const view = await tenants.repairs(demo().contactId);
    expect(view.fromCache).toBe(true);
    expect(view.repairs.flatMap((r) => r.appointments).every((a) => a.cancel.reason === 'cancellation_off')).toBe(true);
  });

  it('a visit at exactly N days of notice can be cancelled as time passes up to it', async () => {
    settings.cancellationNoticeDays = 5;
    const view = await tenants.repairs(demo().contactId);
    const visit = view.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!;
    const lead = Date.parse(visit.start) - clock.millis();
    clock.advance(lead - 5 * DAY_MS); // now exactly 5 days before
    const atEdge = await tenants.repairs(demo().contactId);
    expect(atEdge.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.cancel.allowed).toBe(true);
    clock.advance(1);
    const past = await tenants.repairs(demo().contactId);
    expect(past.repairs.flatMap((r) => r.appointments).find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.cancel.reason).toBe('notice');
  });
});

describe("reading a contact's appointments", () => {
  it("reads them a few repairs at once, in the repairs' order", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await mapInParallel([50, 10, 40, 0, 30, 20, 5, 15, 25], APPOINTMENT_READS_AT_ONCE, async (n) => {
      started.push(n);
      most = Math.max(most, ++running);
      for (let i = 0; i < n; i++) await Promise.resolve(); // uneven work, so they finish out of order
      running--;
      return n * 2;
    });
    expect(results).toEqual([100, 20, 80, 0, 60, 40, 10, 30, 50]);
    expect(most).toBe(APPOINTMENT_READS_AT_ONCE);
    expect(started).toHaveLength(9);
  });

  it('stops starting reads after one fails, and fails with its error', async () => {
    const started: number[] = [];
    const failing = mapInParallel([1, 2, 3, 4, 5, 6, 7, 8], 2, async (n) => {
      started.push(n);
      await Promise.resolve();
      if (n === 2) throw new Error('Cx answered 503');
      return n;
    });
    await expect(failing).rejects.toThrow('Cx answered 503');
    expect(started.length).toBeLessThan(8);
  });

  it('a tenant with many repairs shows every repair with its own appointments', async () => {
    const view = await data.contactRepairs(demo().contactId);
    const reads = emu.requestLog().filter((r) => r.method === 'GET' && /\/repairs\/[^/]+\/appointments$/.test(r.path));
    expect(reads).toHaveLength(view.data.repairs.length);
    for (const repair of view.data.repairs) {
      const live = await client.appointmentsOfRepair(demo().companyCode, repair.repairReference);
      expect(
        repair.appointments.map((a) => a.appointmentId),
        repair.repairReference,
      ).toEqual(live.map((a) => a.appointmentId));
    }
  });
});
