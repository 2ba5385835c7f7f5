/** The Civica Cx connector's public surface, for the composition root. */
export { ALLOWLIST_MESSAGE, createCivicaCxClient, CX_CONNECTOR, CX_LABEL, DEFAULT_CX_TIMEOUT_MS, type CivicaCxClient, type CivicaCxClientOptions, type CxExchange } from './client';
export { createCivicaCxConnection, CX_NO_COMPANY, CX_NOT_CONFIGURED, type CivicaCxConnection } from './connection';
export { createCxDiagnostics, looksLikeAllowlist, testCxConnection, type CxProber, type CxTarget } from './diagnostics';
export { createCivicaCxSettingsService, CX_PASSWORD_SECRET, type CivicaCxSettingsService } from './settings-service';
export { checkAppointmentCancel, checkRepairCancel, reasonForCxRefusal, type CancelRules } from './cancellation';
export { createCxCustomerData, type CxCustomerData } from './customer-data';
export { createTenantsService, type TenantsService } from './tenants-service';
export type { CxAppointment, CxCompanyRecord, CxContact, CxNewRepair, CxRepair } from './dialect';
