/**
 * The Tenants page's look-ups are on record before they are answered: a search with what was
 * searched for (the resident's name or postcode as typed: the council's accountability record needs
 * it), and a contact's repairs with the contact's reference. A look-up the audit cannot record is
 * refused; one Civica Cx could not answer showed nothing and is not recorded.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { AccessAuditEntry } from '../../../../shared/domain/access-audit';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../emulators/civica-cx';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { refuseAuditWrites } from '../../../support/store-damage';
import { CX_NOT_CONFIGURED } from '../../../../electron/engine/connectors/civica-cx/connection';

let t: TestEngine;
let emu: CivicaCxEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emu?.close();
  emu = undefined;
});

const call = (name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, t.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};
const audited = async (): Promise<AccessAuditEntry[]> => (await value('queryAccessAudit', {})).rows;

async function start() {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:00.000Z');
  emu = await startCivicaCxEmulator({ now: () => t.clock.millis() });
  const saved = await value('saveCivicaCxSettings', {
    enabled: true,
    baseUrl: emu.baseUrl,
    ...DEMO_USER,
    companyCode: emu.demo!.companyCode,
    repairsStartDate: '',
    repairCancellation: true,
    cancellationNoticeDays: 0,
    refreshMinutes: 15,
  });
  expect(saved.saved).toBe(true);
  return emu.demo!;
}

describe('the record of Tenants look-ups', () => {
  it('records a search with its terms and a contact’s repairs with its reference, with who and when', async () => {
    const demo = await start();
    const found = await value('findTenants', { surname: ` ${demo.contactSurname} `, postcode: demo.contactPostcode });
    expect(found.tenants.map((c: { contactId: number }) => c.contactId)).toContain(demo.contactId);
    // Recorded when the look-up was answered (its requests waited their turn under the rate limit, on the fake clock).
    const searchedAt = t.clock.now().toISO();
    t.clock.advance(60_000);
    const repairs = await value('getTenantRepairs', { contactId: demo.contactId });
    expect(repairs.contact.reference).toBe(demo.contactReference);
    const openedAt = t.clock.now().toISO();

    expect(await audited()).toEqual([
      {
        id: expect.any(Number),
        time: openedAt,
        who: expect.stringMatching(/\(browser console of the headless host\)$/),
        action: 'tenant_repairs_opened',
        subject: `repairs of Civica Cx contact ${demo.contactReference} (contact id ${demo.contactId})`,
      },
      {
        id: expect.any(Number),
        time: searchedAt,
        who: expect.stringMatching(/\(browser console of the headless host\)$/),
        action: 'tenants_searched',
        subject: `Tenants search by surname "${demo.contactSurname}" and postcode "${demo.contactPostcode}"`,
      },
    ]);
    // The audit's word search finds who looked this resident up.
    expect((await value('queryAccessAudit', { filter: { text: demo.contactSurname } })).rows).toHaveLength(1);
    expect((await value('queryAccessAudit', { filter: { text: demo.contactReference } })).rows).toHaveLength(1);
  });

  it('records a refreshed look at the same repairs once in 10 minutes, and a new search each time its terms change', async () => {
    const demo = await start();
    await value('getTenantRepairs', { contactId: demo.contactId });
    t.clock.advance(30_000);
    await value('getTenantRepairs', { contactId: demo.contactId, refresh: true });
    await value('findTenants', { reference: demo.contactReference });
    await value('findTenants', { surname: demo.sharedSurname });
    expect((await audited()).map((r) => r.subject)).toEqual([
      `Tenants search by surname "${demo.sharedSurname}"`,
      `Tenants search by reference "${demo.contactReference}"`,
      `repairs of Civica Cx contact ${demo.contactReference} (contact id ${demo.contactId})`,
    ]);
  });

  it('refuses a look-up the audit cannot record; one Cx did not answer is not recorded', async () => {
    const demo = await start();
    // No such contact: Cx showed nothing, so nothing was looked at.
    expect(await call('getTenantRepairs', { contactId: 987_654 })).toMatchObject({ ok: false });
    expect(await audited()).toEqual([]);

    refuseAuditWrites(join(t.dataDir, DATABASE_FILE));
    const search = await call('findTenants', { surname: demo.contactSurname });
    expect(search).toMatchObject({ ok: false, error: { message: expect.stringContaining('disk I/O error (test)') } });
    const repairs = await call('getTenantRepairs', { contactId: demo.contactId });
    expect(repairs).toMatchObject({ ok: false, error: { message: expect.stringContaining('disk I/O error (test)') } });
    expect(JSON.stringify([search, repairs])).not.toContain(demo.contactPostcode);
  });
});

describe("a repair's works orders on the Tenants page", () => {
  it('records the look at them, with who and when', async () => {
    const demo = await start();
    await value('getRepairWorksOrders', { contactId: demo.contactId, repairRef: demo.openRepairReference });
    expect((await audited()).map((r) => [r.action, r.subject])).toEqual([
      ['tenant_repairs_opened', `works orders of repair ${demo.openRepairReference} of Civica Cx contact id ${demo.contactId}`],
    ]);
  });

  it('answers a cancellation Cx refuses in the body of a 200 answer as not cancelled, in Cx’s words, read again', async () => {
    const demo = await start();
    const before = await value('getRepairWorksOrders', { contactId: demo.contactId, repairRef: demo.openRepairReference }); // cached: the order looks cancellable
    const order = before.worksOrders.find((o: { worksOrderReference: string }) => o.worksOrderReference === demo.openWorksOrderReference);
    expect(order.cancel.allowed).toBe(true);
    emu!.invoiceRepair(demo.openRepairReference);
    emu!.setRefusalStyle('body');
    const outcome = await value('cancelWorksOrder', {
      contactId: demo.contactId,
      repairRef: demo.openRepairReference,
      worksOrderRef: demo.openWorksOrderReference,
      cancelStatus: 'CAN',
      reason: 'TNR',
      cancelledAt: '2026-06-15T11:00:00+01:00',
    });
    expect(outcome.cancelled).toBe(false);
    expect(outcome.message).toMatch(
      new RegExp(
        `^Civica Cx refused to cancel works order ${demo.openWorksOrderReference} \\(it said: "Works order ${demo.openWorksOrderReference} cannot be cancelled: task \\d+ is invoiced in full"\\)\\.$`,
      ),
    );
    expect(outcome.worksOrders.fromCache).toBe(false);
    expect(outcome.view.fromCache).toBe(false);
  });

  it('refuses input that is not a cancellation: a code not of the list shape, a time without an offset, a note too long', async () => {
    await start();
    const base = { contactId: 1, repairRef: 'R1', worksOrderRef: 'WO1', cancelStatus: 'CAN', reason: 'TNR', cancelledAt: '2026-06-15T11:00:00+01:00' };
    for (const [bad, path] of [
      [{ cancelStatus: 'C A N' }, 'cancelStatus'],
      [{ cancelledAt: '2026-06-15T11:00:00' }, 'cancelledAt'],
      [{ note: 'x'.repeat(2001) }, 'note'],
    ] as const) {
      const result = await call('cancelWorksOrder', { ...base, ...bad });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(!result.ok && result.error)).toContain(path);
    }
  });
});

describe('Tenants look-ups while Civica Cx is not configured', () => {
  it('are refused with what to do, as an expected answer: nothing is reported as an unexpected failure (no stack in the terminal)', async () => {
    t = startTestEngine();
    const unexpected: string[] = [];
    const onUnexpected = (name: CallName) => unexpected.push(name);
    for (const [name, input] of [
      ['findTenants', { surname: 'Okafor' }],
      ['getTenantRepairs', { contactId: 1 }],
      ['getRepairWorksOrders', { contactId: 1, repairRef: 'R1' }],
    ] as const) {
      const result = await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller, onUnexpected);
      expect(result).toEqual({ ok: false, error: { code: 'failed', message: CX_NOT_CONFIGURED } });
    }
    expect(unexpected).toEqual([]);
  });
});
