import type { CallName } from '../../../shared/contract';

/**
 * What the person was doing when each call was made, in their words, for "Could not … : why".
 * A Record over every call name, so a new call cannot be added without saying what it does for
 * a person; the call names themselves never reach a message (they are the engine's, not theirs).
 */
export const CALL_ACTIVITIES: Record<CallName, string> = {
  whoAmI: 'read who is signed in',
  listAccounts: 'read the accounts',
  createAccount: 'add the account',
  updateAccount: 'change the account',
  resetAccountPassword: "reset the account's password",
  getSignInSettings: 'read the single sign-on settings',
  saveSignInSettings: 'save the single sign-on settings',
  getAppInfo: 'read the application details',
  getHealth: "read the engine's health",
  getPreferences: 'read the console preferences',
  setPreferences: 'save the console preferences',
  listRecentLog: 'read the newest log entries',
  queryLog: 'read the log',
  countLog: 'count the log entries',
  listLogPeople: 'list the people in the log',
  getLogEntry: 'open the log entry',
  exportLog: 'export the log',
  getLogSettings: 'read the log retention settings',
  saveLogSettings: 'save the log retention settings',
  queryAccessAudit: 'read the access audit',
  exportAccessAudit: 'export the access audit',
  getTascomiSettings: 'read the Tascomi settings',
  saveTascomiSettings: 'save the Tascomi settings',
  testTascomiConnection: 'test the Tascomi connection',
  checkTascomiAccess: "check the Tascomi key's access",
  confirmTascomiWriteAccess: 'confirm write access in Tascomi',
  refreshTascomiCodeLists: 'refresh the Tascomi code lists',
  getTascomiCodeList: 'read the Tascomi code list',
  getCivicaCxSettings: 'read the Civica Cx settings',
  saveCivicaCxSettings: 'save the Civica Cx settings',
  listCivicaCxCompanies: 'read the Civica Cx companies',
  testCivicaCxConnection: 'test the Civica Cx connection',
  findTenants: 'search tenants',
  getTenantRepairs: "read the tenant's repairs",
  getRepairWorksOrders: "read the repair's works orders",
  cancelWorksOrder: 'cancel the works order',
  cancelAppointment: 'cancel the appointment',
  getTascomiSync: 'read the Tascomi sync settings',
  saveTascomiSync: 'save the Tascomi sync settings',
  runTascomiSync: 'poll Tascomi',
  listReferences: 'read the references',
  createReference: 'create the reference',
  renameReference: 'rename the reference',
  deleteReference: 'delete the reference',
  listTemplates: 'read the templates',
  getTemplate: 'open the template',
  saveTemplate: 'save the template',
  duplicateTemplate: 'duplicate the template',
  renameTemplate: 'rename the template',
  deleteTemplate: 'delete the template',
  listTemplateVersions: "read the template's versions",
  restoreTemplateVersion: 'restore the template version',
  exportTemplate: 'export the template',
  importTemplate: 'import the template',
  exportConfiguration: 'export the configuration',
  previewConfigurationImport: 'check the configuration file',
  applyConfigurationImport: 'import the configuration',
  listSampleCases: 'read the sample cases',
  listRecentCases: 'read the recent cases',
  getIntakeSettings: 'read the case intake settings',
  saveIntakeSettings: 'save the case intake settings',
  listCases: 'search cases',
  getCase: 'open the case',
  submitCase: 'submit the case',
  importCases: 'import the cases',
  applyTemplate: 'apply the template',
  listRules: 'read the rules',
  createRule: 'create the rule',
  updateRule: 'save the rule',
  setRuleEnabled: 'switch the rule on or off',
  deleteRule: 'delete the rule',
  listJobs: 'read the jobs',
  getJobDetail: 'open the job',
  countJobs: 'count the jobs',
  previewBulkRetry: 'check what a bulk retry would do',
  bulkRetryJobs: 'retry the jobs',
  getOutcomeHistory: 'read the outcome history',
  retryJob: 'retry the job',
  cancelJob: 'cancel the job',
  getQueueStatus: "read the queues' state",
  pauseQueue: 'pause the queue',
  resumeQueue: 'resume the queue',
  getJobSettings: 'read the queue settings',
  saveJobSettings: 'save the queue settings',
  getNetworkInfo: 'read the network details',
  saveNetworkSettings: 'save the network settings',
  diagnoseConnection: 'diagnose the connection',
  previewTemplate: 'preview the template',
  eraseCase: 'erase the case',
  getCaseRetention: 'read the case retention setting',
  saveCaseRetention: 'save the case retention setting',
  getBackupSettings: 'read the backup settings',
  saveBackupSettings: 'save the backup settings',
  runBackup: 'back up the database',
  cancelBackup: 'cancel the backup',
  listBackups: 'list the backups',
  getPolicy: 'read the machine policy',
  restoreBackup: 'restore the backup',
  findSubjectAccess: 'search for the subject access request',
  getSubjectAccess: 'read the subject access search',
  exportSubjectAccess: 'export the subject access results',
};

/**
 * The engine's own messages start with the call's name (`findTenants failed: …`,
 * `saveRule: the input is not valid (…)`): the reason is what follows it.
 */
export function reasonWithoutCallName(callName: string, message: string): string {
  for (const lead of [`${callName} failed: `, `${callName}: `]) {
    if (message.startsWith(lead)) return message.slice(lead.length);
  }
  return message;
}

/** "Could not search tenants: The Civica Cx integration is not enabled…". */
export function describeFailedCall(callName: string, message: string): string {
  const activity = (CALL_ACTIVITIES as Record<string, string>)[callName] ?? 'do that';
  return `Could not ${activity}: ${reasonWithoutCallName(callName, message).trim()}`;
}
