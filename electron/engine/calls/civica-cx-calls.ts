/**
 * Civica Cx's calls: its settings (a save that lands drops the live connection, so the next use
 * reads the settings as saved, and wakes its worker) and the tenants' repairs and appointments.
 */
import type { Handlers } from '../../../shared/contract';
import type { CivicaCxConnection } from '../connectors/civica-cx/connection';
import type { CivicaCxSettingsService } from '../connectors/civica-cx/settings-service';
import type { TenantsService } from '../connectors/civica-cx/tenants-service';

export function civicaCxCalls(deps: { settings: CivicaCxSettingsService; connection: CivicaCxConnection; tenants: TenantsService; wakeWorker(): void }) {
  const { settings, tenants } = deps;
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
    findTenants: (criteria) => tenants.find(criteria),
    getTenantRepairs: ({ contactId, refresh }) => tenants.repairs(contactId, refresh),
    cancelRepair: ({ contactId, repairRef }) => tenants.cancelRepair(contactId, repairRef),
    cancelAppointment: ({ contactId, appointmentId }) => tenants.cancelAppointment(contactId, appointmentId),
  } satisfies Partial<Handlers>;
}
