/** The Tascomi connector's public surface, for the composition root. */
export { checkBaseUrl, type BaseUrlCheck } from './base-url';
export {
  createTascomiClient,
  DEFAULT_TASCOMI_TIME_ZONE,
  DEFAULT_TIMEOUT_MS,
  type TascomiClient,
  type TascomiClientOptions,
  type TascomiExchange,
  type TascomiListAll,
  type TascomiPage,
  type TascomiRecord,
} from './client';
export { createCodeLists, DEFAULT_CODE_LIST_TTL_SECONDS, normaliseCodeEntry, type CodeEntry, type CodeLists, type CodeListsOptions } from './code-lists';
export { resolveContact, type ContactDetails, type ContactResolution, type ContactRole } from './contacts';
export { checkApiAccess, checkApiAccessWith, createTascomiDiagnostics, DEFAULT_MAX_CLOCK_OFFSET_MS, testConnection, type ConnectionSettings, type DiagnosticsDeps } from './diagnostics';
export { encodeForm, formatTascomiDate, formatTascomiValue, type TascomiFields, type TascomiValue } from './form';
export { DEFAULT_STREET_RECORD_TEXT, resolveLocation, type LocationInput, type LocationResolution } from './locations';
export { redactRequest, redactResponse, type RedactOptions } from './redact';
export * from './schema';
export { createServerClock, DEFAULT_BOUNDARY_MARGIN_MS, type ServerClock } from './server-clock';
export {
  COMPLAINTS_TABLE,
  createServiceRequest,
  DEFAULT_CASE_REFERENCE_FIELD,
  findServiceRequestsForCase,
  prepareServiceRequest,
  readServiceRequest,
  submitServiceRequest,
  updateServiceRequest,
  type ServiceRequestSettings,
  type ServiceRequestValues,
  type SubmitRequest,
  type SubmitResult,
} from './service-requests';
export { tascomiAuthHeaders, tascomiHash, tascomiTimestamp } from './signing';
export { createDefaultTransport, isLoopbackHost, matchesNoProxy, selectProxy, type FetchLike, type ProxyEnv, type Transport } from './transport';
