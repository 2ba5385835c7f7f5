/**
 * The Tenants page's engine side: finds contacts, shows a contact's repairs and a repair's works
 * orders with whether each appointment and works order may be cancelled (checked at every read,
 * against the settings and the clock as they are now, on the possibly cached data), and cancels in
 * Cx: refused before trying when the checks say no, and Cx's own refusals explained (for a works
 * order, in Cx's words). Every cancellation, and every refusal by Cx, is logged with who asked; the
 * contact (and the repair's works orders) are then read again live.
 *
 * A works-order cancel is checked against the data the page showed (possibly cached), not a fresh
 * read: a task invoiced since then is Cx's to refuse, and Cx's words say which.
 */
import { CallRefusedError } from '../../../../shared/dispatch';
import type { CancelOutcome, CancelWorksOrderInput, FindTenantsResult, RepairWorksOrdersView, TenantRepairsView, WorksOrderCancelOutcome } from '../../../../shared/domain/tenants';
import { isoInZone, type Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { markPersonal } from '../../log/personal-data';
import { ConnectorError } from '../errors';
import { checkAppointmentCancel, checkWorksOrderCancel, reasonForCxRefusal, refusalMessage, type CancelRules } from './cancellation';
import type { CivicaCxClient } from './client';
import { ERROR_CODES } from './dialect';
import { CX_CONNECTOR } from './client';
import type { Cached, ContactRecord, CxCustomerData, RepairRecord, TenantCriteria, WorksOrdersRecord } from './customer-data';

export interface TenantsService {
  find(criteria: TenantCriteria): Promise<FindTenantsResult>;
  repairs(contactId: number, refresh?: boolean): Promise<TenantRepairsView>;
  cancelAppointment(contactId: number, appointmentId: number): Promise<CancelOutcome>;
  /** A repair of the contact's works orders, with whether each may be cancelled and Cx's cancel lists. */
  worksOrders(contactId: number, repairRef: string, refresh?: boolean): Promise<RepairWorksOrdersView>;
  /** Cancels one works order (Cx takes its Booked appointments with it) unless the checks say no. */
  cancelWorksOrder(
    input: Required<Pick<CancelWorksOrderInput, 'contactId' | 'repairRef' | 'worksOrderRef' | 'cancelStatus' | 'reason' | 'cancelledAt'>> & { note?: string },
  ): Promise<WorksOrderCancelOutcome>;
}

/** How far ahead of this computer's clock a cancel time may be (Cx allows a caller's clock 5 minutes). */
export const CANCEL_TIME_ALLOWANCE_MS = 5 * 60_000;

/** The reason Cx records (at most 100 characters). */
const CX_REASON = 'Cancelled at the tenant’s request';

export function createTenantsService(deps: {
  data: CxCustomerData;
  client(): Promise<Pick<CivicaCxClient, 'cancelAppointment' | 'cancelWorksOrder'>>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  /** Who is asking (acting-person.ts), read as each cancellation is recorded. */
  operator: () => string;
}): TenantsService {
  const { clock } = deps;
  const by = () => `by ${deps.operator()}`;

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
    check: (record: ContactRecord, r: CancelRules) => ReturnType<typeof checkAppointmentCancel> | 'unknown',
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
          message: `Civica Cx refused to cancel ${what} (contact ${contactId}), asked ${by()}: ${markPersonal(error.detail ?? 'no reason given')}.`,
        });
        const message = `Civica Cx refused to cancel ${what}${error.detail ? ` (it said: "${error.detail}")` : ' without saying why'}.`;
        return { cancelled: false, message, view: await repairs(contactId, true) };
      }
      const reason = error instanceof ConnectorError ? reasonForCxRefusal(error.code) : undefined;
      if (!reason || !(error instanceof ConnectorError)) throw error;
      const message = refusalMessage(reason, error.detail);
      deps.log.write({ level: 'warn', source: CX_CONNECTOR, message: `Civica Cx refused to cancel ${what} (contact ${contactId}), asked ${by()}: ${error.code}.` });
      return { cancelled: false, reason, message, view: await repairs(contactId, true) };
    }
    deps.log.write({ level: 'info', source: CX_CONNECTOR, message: `Cancelled ${what} (contact ${contactId}) in Civica Cx ${by()}.` });
    return { cancelled: true, message: `Cancelled ${what} in Civica Cx.`, view: await repairs(contactId, true) };
  }

  /** The contact's repair, read again once if not found (it may be new); refused when there is none. */
  async function repairOfContact(contactId: number, repairRef: string): Promise<RepairRecord> {
    const pick = (record: ContactRecord) => record.repairs.find((x) => x.repairReference.toLowerCase() === repairRef.toLowerCase());
    const found = pick((await deps.data.contactRepairs(contactId)).data) ?? pick((await deps.data.contactRepairs(contactId, { refresh: true })).data);
    if (!found)
      throw new CallRefusedError(`Contact ${contactId} has no repair ${repairRef} in Civica Cx (since the repairs start date).`, 'invalid_input', [
        { path: 'repairRef', message: 'no such repair' },
      ]);
    return found;
  }

  async function worksOrders(contactId: number, repairRef: string, refresh = false): Promise<RepairWorksOrdersView> {
    const repair = await repairOfContact(contactId, repairRef);
    const cached = await deps.data.worksOrders(repair.repairReference, { refresh });
    const r = await rules();
    const { worksOrders: orders, cancelStatuses, cancelReasons } = cached.data;
    return {
      contactId,
      repairReference: repair.repairReference,
      fetchedAt: isoInZone(cached.fetchedAt, clock.zone),
      fromCache: cached.fromCache,
      refreshMinutes: r.refreshMinutes,
      worksOrders: orders.map(({ repairReference: _repair, ...order }) => ({ ...order, cancel: checkWorksOrderCancel(order, r) })),
      cancelStatuses,
      cancelReasons,
    };
  }

  const badInput = (path: string, message: string) => new CallRefusedError(`Cannot cancel the works order: ${path} ${message}.`, 'invalid_input', [{ path, message }]);

  const cancelWorksOrder: TenantsService['cancelWorksOrder'] = async (input) => {
    const { contactId } = input;
    const repair = await repairOfContact(contactId, input.repairRef);
    const pick = (data: WorksOrdersRecord) => data.worksOrders.find((o) => o.worksOrderReference.toLowerCase() === input.worksOrderRef.toLowerCase());
    let record = (await deps.data.worksOrders(repair.repairReference)).data;
    if (!pick(record)) record = (await deps.data.worksOrders(repair.repairReference, { refresh: true })).data;
    const order = pick(record);
    if (!order) throw badInput('worksOrderRef', `repair ${repair.repairReference} has no works order ${input.worksOrderRef}`);
    // The codes must be Cx's own: a code from an old list would be refused by Cx after the checks said yes.
    if (!record.cancelStatuses.some((c) => c.code === input.cancelStatus))
      throw badInput('cancelStatus', `is not one of Civica Cx's cancel statuses (${record.cancelStatuses.map((c) => c.code).join(', ')})`);
    if (!record.cancelReasons.some((c) => c.code === input.reason))
      throw badInput('reason', `is not one of Civica Cx's cancel reasons (${record.cancelReasons.map((c) => c.code).join(', ')})`);
    const at = Date.parse(input.cancelledAt);
    if (order.raisedAt && at < Date.parse(order.raisedAt)) throw badInput('cancelledAt', `is before the works order was raised (${order.raisedAt})`);
    if (at > clock.millis() + CANCEL_TIME_ALLOWANCE_MS) throw badInput('cancelledAt', 'is in the future');

    const r = await rules();
    const what = `works order ${order.worksOrderReference}`;
    const after = async (): Promise<Pick<WorksOrderCancelOutcome, 'worksOrders' | 'view'>> => ({
      worksOrders: await worksOrders(contactId, repair.repairReference, true),
      view: await repairs(contactId, true),
    });
    const check = checkWorksOrderCancel(order, r);
    if (!check.allowed) {
      return {
        cancelled: false,
        reason: check.reason,
        message: check.message ?? 'It cannot be cancelled.',
        worksOrders: await worksOrders(contactId, repair.repairReference),
        view: await repairs(contactId),
      };
    }
    try {
      const note = input.note?.trim();
      const client = await deps.client();
      await client.cancelWorksOrder(r.companyCode, order.worksOrderReference, {
        cancelStatus: input.cancelStatus,
        cancelledAt: input.cancelledAt,
        reason: input.reason,
        ...(note ? { note } : {}),
      });
    } catch (error) {
      const reason = error instanceof ConnectorError ? reasonForCxRefusal(error.code) : undefined;
      if (!(error instanceof ConnectorError) || (!reason && error.code !== ERROR_CODES.refusedInBody)) throw error;
      // Cx's words, whether it refused with a status or in the body (they may name a person: marked in the log).
      deps.log.write({
        level: 'warn',
        source: CX_CONNECTOR,
        message: `Civica Cx refused to cancel ${what} (contact ${contactId}), asked ${by()}: ${error.code}${error.detail ? ` ${markPersonal(error.detail)}` : ''}.`,
      });
      const message = `Civica Cx refused to cancel ${what}${error.detail ? ` (it said: "${error.detail}")` : ' without saying why'}.`;
      return { cancelled: false, ...(reason ? { reason } : {}), message, ...(await after()) };
    }
    const booked = order.appointments.filter((a) => a.status === 'Booked').map((a) => a.appointmentId);
    const withIt = booked.length ? `, with ${booked.length === 1 ? 'appointment' : 'appointments'} ${booked.join(', ')}` : '';
    deps.log.write({
      level: 'info',
      source: CX_CONNECTOR,
      message: `Cancelled ${what}${withIt} (contact ${contactId}) in Civica Cx ${by()} (${input.cancelStatus}, ${input.reason}).`,
    });
    return { cancelled: true, message: `Cancelled ${what}${withIt} in Civica Cx.`, ...(await after()) };
  };

  return {
    worksOrders,
    cancelWorksOrder,
    async find(criteria) {
      const found = await deps.data.findContacts(criteria);
      const s = await deps.data.settings();
      return { tenants: found.data, fetchedAt: isoInZone(found.fetchedAt, clock.zone), fromCache: found.fromCache, refreshMinutes: s.refreshMinutes };
    },
    repairs,
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
