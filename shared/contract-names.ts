/**
 * The names of the contract's calls and events, apart from their schemas, so the sandboxed preload
 * can build `window.casebridge` without bundling zod and every schema. `shared/contract.ts` checks
 * at compile time that its tables have exactly these names.
 */
export const CALL_NAMES = [
  'whoAmI',
  'listAccounts',
  'createAccount',
  'updateAccount',
  'resetAccountPassword',
  'getSignInSettings',
  'saveSignInSettings',
  'getAppInfo',
  'getHealth',
  'getPreferences',
  'setPreferences',
  'listRecentLog',
  'queryLog',
  'countLog',
  'listLogPeople',
  'getLogEntry',
  'exportLog',
  'getLogSettings',
  'saveLogSettings',
  'queryAccessAudit',
  'exportAccessAudit',
  'getTascomiSettings',
  'saveTascomiSettings',
  'testTascomiConnection',
  'checkTascomiAccess',
  'confirmTascomiWriteAccess',
  'refreshTascomiCodeLists',
  'getTascomiCodeList',
  'getCivicaCxSettings',
  'saveCivicaCxSettings',
  'listCivicaCxCompanies',
  'testCivicaCxConnection',
  'findTenants',
  'getTenantRepairs',
  'getRepairWorksOrders',
  'cancelWorksOrder',
  'cancelAppointment',
  'getTascomiSync',
  'saveTascomiSync',
  'runTascomiSync',
  'listReferences',
  'createReference',
  'renameReference',
  'deleteReference',
  'listTemplates',
  'getTemplate',
  'saveTemplate',
  'duplicateTemplate',
  'renameTemplate',
  'deleteTemplate',
  'listTemplateVersions',
  'restoreTemplateVersion',
  'exportTemplate',
  'importTemplate',
  'exportConfiguration',
  'previewConfigurationImport',
  'applyConfigurationImport',
  'listSampleCases',
  'listRecentCases',
  'getIntakeSettings',
  'saveIntakeSettings',
  'previewTemplate',
  'listCases',
  'getCase',
  'submitCase',
  'importCases',
  'applyTemplate',
  'listRules',
  'createRule',
  'updateRule',
  'setRuleEnabled',
  'deleteRule',
  'listJobs',
  'countJobs',
  'previewBulkRetry',
  'bulkRetryJobs',
  'getOutcomeHistory',
  'getJobDetail',
  'retryJob',
  'cancelJob',
  'getQueueStatus',
  'pauseQueue',
  'resumeQueue',
  'getJobSettings',
  'saveJobSettings',
  'getNetworkInfo',
  'saveNetworkSettings',
  'diagnoseConnection',
  'eraseCase',
  'getCaseRetention',
  'saveCaseRetention',
  'getBackupSettings',
  'saveBackupSettings',
  'runBackup',
  'cancelBackup',
  'listBackups',
  'getPolicy',
  'restoreBackup',
  'findSubjectAccess',
  'getSubjectAccess',
  'exportSubjectAccess',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

export const EVENT_NAMES = ['log', 'preferencesChanged', 'jobChanged', 'healthChanged', 'backupProgress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const CALLS: ReadonlySet<string> = new Set(CALL_NAMES);
const EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && CALLS.has(name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && EVENTS.has(name);
}

/** IPC channel names, derived from the names so main and preload cannot disagree. */
export const ipcCallChannel = (name: CallName): string => `casebridge:call:${name}`;
export const ipcEventChannel = (name: EventName): string => `casebridge:event:${name}`;
