/**
 * The Tenants page's engine side: finds contacts, shows a contact's repairs with whether each repair
 * and appointment may be cancelled (checked at every read, against the settings and the clock as
 * they are now, on the possibly cached data), and cancels in Cx: refused before trying when the
 * checks say no, and Cx's own refusals explained in the same words. Every cancellation, and every
 * refusal by Cx, is logged with who asked; the contact is then read again live.
 */
import { CallRefusedError } from '../../../../shared/dispatch';
import type { CancelOutcome, FindTenantsResult, TenantRepairsView } from '../../../../shared/domain/tenants';
import { isoInZone, type Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { markPersonal } from '../../log/personal-data';
import { ConnectorError } from '../errors';
import { checkAppointmentCancel, checkRepairCancel, reasonForCxRefusal, refusalMessage, type CancelRules } from './cancellation';
import type { CivicaCxClient } from './client';
import { ERROR_CODES } from './dialect';
import { CX_CONNECTOR } from './client';
import type { Cached, ContactRecord, CxCustomerData, TenantCriteria } from './customer-data';

export interface TenantsService {
  find(criteria: TenantCriteria): Promise<FindTenantsResult>;
  repairs(contactId: number, refresh?: boolean): Promise<TenantRepairsView>;
  cancelRepair(contactId: number, repairRef: string): Promise<CancelOutcome>;
  cancelAppointment(contactId: number, appointmentId: number): Promise<CancelOutcome>;
}

/** The reason Cx records (at most 100 characters). */
const CX_REASON = 'Cancelled at the tenant’s request';

export function createTenantsService(deps: {
  data: CxCustomerData;
  client(): Promise<Pick<CivicaCxClient, 'cancelRepair' | 'cancelAppointment'>>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  operator: string;
}): TenantsService {
  const { clock } = deps;
  const by = `by ${deps.operator}`;

  async function rules(): Promise<CancelRules & { refreshMinutes: number; companyCode: string }> {
    const s = await deps.data.settings();
    return { enabled: s.repairCancellation, noticeDays: s.cancellationNoticeDays, nowMs: clock.millis(), refreshMinutes: s.refreshMinutes, companyCode: s.companyCode };
  }

  function view(cached: Cached<ContactRecord>, r: Awaited<ReturnType<typeof rules>>): TenantRepairsView {
    const { contact, repairsStartDate, repairs } = cached.data;
    return {
      contact,
      repairsStartDate,
      fetchedAt: isoInZone(cached.fetchedAt, clock.zone),
      fromCache: cached.fromCache,
      refreshMinutes: r.refreshMinutes,
      cancellation: { enabled: r.enabled, noticeDays: r.noticeDays },
      repairs: repairs.map((repair) => ({
        ...repair,
        cancel: checkRepairCancel(repair, r),
        appointments: repair.appointments.map((a) => ({ ...a, cancel: checkAppointmentCancel(a, r) })),
      })),
    };
  }

  async function repairs(contactId: number, refresh = false): Promise<TenantRepairsView> {
    const cached = await deps.data.contactRepairs(contactId, { refresh });
    return view(cached, await rules());
  }

  /** Cancels through `send`, unless the check says no; Cx's refusals come back as the same reasons. */
  async function cancel(
    contactId: number,
    what: string,
    check: (record: ContactRecord, r: CancelRules) => ReturnType<typeof checkRepairCancel> | 'unknown',
    send: (company: string) => Promise<unknown>,
  ): Promise<CancelOutcome> {
    const r = await rules();
    const before = await deps.data.contactRepairs(contactId);
    let result = check(before.data, r);
    if (result === 'unknown') {
      // Perhaps new since the data was read: read again before saying there is no such thing.
      const fresh = await deps.data.contactRepairs(contactId, { refresh: true });
      result = check(fresh.data, r);
      if (result === 'unknown')
        throw new CallRefusedError(`Contact ${contactId} has no ${what} in Civica Cx (since the repairs start date).`, 'invalid_input', [{ path: '', message: `no such ${what}` }]);
    }
    if (!result.allowed) {
      return { cancelled: false, reason: result.reason, message: result.message ?? 'It cannot be cancelled.', view: await repairs(contactId) };
    }
    try {
      await send(r.companyCode);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === ERROR_CODES.refusedInBody) {
        // Refused in the body of a 200 answer: no code to name a reason by, only Cx's words (may name a person).
        deps.log.write({
          level: 'warn',
          source: CX_CONNECTOR,
          message: `Civica Cx refused to cancel ${what} (contact ${contactId}), asked ${by}: ${markPersonal(error.detail ?? 'no reason given')}.`,
        });
        const message = `Civica Cx refused to cancel ${what}${error.detail ? ` (it said: "${error.detail}")` : ' without saying why'}.`;
        return { cancelled: false, message, view: await repairs(contactId, true) };
      }
      const reason = error instanceof ConnectorError ? reasonForCxRefusal(error.code) : undefined;
      if (!reason || !(error instanceof ConnectorError)) throw error;
      const message = refusalMessage(reason, error.detail);
      deps.log.write({ level: 'warn', source: CX_CONNECTOR, message: `Civica Cx refused to cancel ${what} (contact ${contactId}), asked ${by}: ${error.code}.` });
      return { cancelled: false, reason, message, view: await repairs(contactId, true) };
    }
    deps.log.write({ level: 'info', source: CX_CONNECTOR, message: `Cancelled ${what} (contact ${contactId}) in Civica Cx ${by}.` });
    return { cancelled: true, message: `Cancelled ${what} in Civica Cx.`, view: await repairs(contactId, true) };
  }

  return {
    async find(criteria) {
      const found = await deps.data.findContacts(criteria);
      const s = await deps.data.settings();
      return { tenants: found.data, fetchedAt: isoInZone(found.fetchedAt, clock.zone), fromCache: found.fromCache, refreshMinutes: s.refreshMinutes };
    },
    repairs,
    cancelRepair(contactId, repairRef) {
      return cancel(
        contactId,
        `repair ${repairRef}`,
        (record, r) => {
          const repair = record.repairs.find((x) => x.repairReference.toLowerCase() === repairRef.toLowerCase());
          return repair ? checkRepairCancel(repair, r) : 'unknown';
        },
        async (company) => (await deps.client()).cancelRepair(company, repairRef, CX_REASON, `Cancelled from casebridge ${by}.`),
      );
    },
    cancelAppointment(contactId, appointmentId) {
      return cancel(
        contactId,
        `appointment ${appointmentId}`,
        (record, r) => {
          const a = record.repairs.flatMap((x) => x.appointments).find((x) => x.appointmentId === appointmentId);
          return a ? checkAppointmentCancel(a, r) : 'unknown';
        },
        async (company) => (await deps.client()).cancelAppointment(company, appointmentId, CX_REASON),
      );
    },
  };
}
