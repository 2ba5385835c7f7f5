/**
 * Civica Cx's calls: its settings (a save that lands drops the live connection, so the next use
 * reads the settings as saved, and wakes its worker) and the tenants' repairs and appointments.
 * A Tenants search, a contact's repairs and a repair's works orders are recorded in the access audit once read, before they
 * are answered (log/access-audit.ts); what a cancellation answers is the contact already opened,
 * and the cancellation itself is logged with who asked.
 */
import type { Handlers } from '../../../shared/contract';
import type { CivicaCxConnection } from '../connectors/civica-cx/connection';
import type { CivicaCxSettingsService } from '../connectors/civica-cx/settings-service';
import type { TenantCriteria } from '../connectors/civica-cx/customer-data';
import type { TenantsService } from '../connectors/civica-cx/tenants-service';
import type { AccessAudit } from '../log/access-audit';

/**
 * What was searched for, in words, with the terms as typed (`surname "Okafor" and postcode "B1"`).
 * The terms are a resident's name or address, and they belong in the audit all the same: it is the
 * council's own accountability record, kept in its data folder and read only on the Audit page, and
 * "who looked up this resident, and when" cannot be answered without them.
 */
function tenantSearchSubject(criteria: TenantCriteria): string {
  const terms = (['reference', 'surname', 'postcode'] as const).flatMap((kind) => (criteria[kind] ? [`${kind} ${JSON.stringify(criteria[kind])}`] : []));
  return `Tenants search by ${terms.join(' and ')}`;
}

export function civicaCxCalls(deps: {
  settings: CivicaCxSettingsService;
  connection: CivicaCxConnection;
  tenants: TenantsService;
  wakeWorker(): void;
  audit: Pick<AccessAudit, 'recordOpening'>;
}) {
  const { settings, tenants, audit } = deps;
  return {
    getCivicaCxSettings: () => settings.get(),
    saveCivicaCxSettings: async (input) => {
      const result = await settings.save(input);
      if (result.saved) {
        deps.connection.reset();
        deps.wakeWorker();
      }
      return result;
    },
    listCivicaCxCompanies: (probe) => settings.listCompanies(probe),
    testCivicaCxConnection: (probe) => settings.test(probe),
    findTenants: async (criteria) => {
      const found = await tenants.find(criteria);
      audit.recordOpening({ action: 'tenants_searched', subject: tenantSearchSubject(criteria) });
      return found;
    },
    getTenantRepairs: async ({ contactId, refresh }) => {
      const view = await tenants.repairs(contactId, refresh);
      audit.recordOpening({ action: 'tenant_repairs_opened', subject: `repairs of Civica Cx contact ${view.contact.reference} (contact id ${contactId})` });
      return view;
    },
    getRepairWorksOrders: async ({ contactId, repairRef, refresh }) => {
      const view = await tenants.worksOrders(contactId, repairRef, refresh);
      audit.recordOpening({ action: 'tenant_repairs_opened', subject: `works orders of repair ${view.repairReference} of Civica Cx contact id ${contactId}` });
      return view;
    },
    cancelWorksOrder: (input) => tenants.cancelWorksOrder(input),
    cancelAppointment: ({ contactId, appointmentId }) => tenants.cancelAppointment(contactId, appointmentId),
  } satisfies Partial<Handlers>;
}
