/**
 * The one contract between the console (renderer) and the engine. Every call has a zod schema for
 * its input and a declared output type; every event has a payload type. The Electron IPC binder,
 * the preload bridge, the headless host's WebSocket binder and the renderer's api client are all
 * generated from these two tables: adding a call means adding it here (and its name to
 * contract-names.ts, which the compiler checks) and writing its handler.
 */
import { z } from 'zod';
import type { CallName, EventName } from './contract-names';
import type { AppInfo } from './domain/app-info';
import {
  CreateAccountInputSchema,
  ResetAccountPasswordInputSchema,
  SignInSettingsInputSchema,
  UpdateAccountInputSchema,
  type AccountView,
  type Caller,
  type Me,
  type Permission,
  type SignInSettingsView,
} from './domain/people';
import type { HealthAlarm } from './domain/health';
import { CaseSchema, type Case } from './domain/case';
import { IMPORT_CASES_MAX_CHARS, IMPORT_CONFIGURATION_MAX_CHARS, IMPORT_FILE_NAME_MAX_CHARS, IMPORT_TEMPLATE_MAX_CHARS, megabytes } from './import-limits';
import type { ConfigurationPreview } from './domain/configuration';
import {
  ReferenceNameSchema,
  TemplateDraftSchema,
  type EvaluationResult,
  type Reference,
  type Template,
  type TemplateSummary,
  type TemplateVersionSummary,
} from './domain/template';
import { TASCOMI_CODE_LIST_NAMES } from './connectors/tascomi-schema';
import { IntakeSettingsInputSchema, type IntakeSettingsView } from './domain/intake';
import type { CaseDetail, CaseReceipt, CaseSummary } from './domain/case-view';
import {
  ConnectorIdSchema,
  JobFilterSchema,
  JobSettingsSchema,
  type BulkRetryPreview,
  type ConnectorQueueStatus,
  type JobSettings,
  type JobDetail,
  type JobView,
  type OutcomeBucket,
} from './domain/job';
import { RuleInputSchema, type Rule } from './domain/rule';
import { LogFilterSchema, LogSettingsSchema, type LogEntryDetail, type LogPage, type LogSettings } from './domain/log-filter';
import { TascomiSyncSettingsSchema, type TascomiSyncRun, type TascomiSyncView } from './domain/tascomi-sync';
import type { LogEntry } from './domain/log-entry';
import { AccessAuditFilterSchema, AccessReasonSchema, type AccessAuditPage } from './domain/access-audit';
import type { PolicyView } from './domain/policy';
import {
  AlertChannelIdSchema,
  AlertSettingsSchema,
  ListAlertDeliveriesInputSchema,
  SaveAlertChannelInputSchema,
  TestAlertChannelInputSchema,
  type AlertChannelView,
  type AlertDeliveryView,
  type AlertSettingsView,
  type AlertTestResult,
} from './domain/alerts';
import {
  BackupSettingsSchema,
  RestoreBackupInputSchema,
  RunBackupInputSchema,
  type BackupListing,
  type BackupProgressEvent,
  type BackupSettings,
  type BackupTaken,
  type RestoreStarted,
} from './domain/backup';
import { CaseRetentionSchema, EraseCaseInputSchema, type CaseErasure, type CaseRetention } from './domain/case-erasure';
import {
  ExportSubjectAccessInputSchema,
  FindSubjectAccessInputSchema,
  SubjectAccessRequestInputSchema,
  type SubjectAccessBatch,
  type SubjectAccessSearch,
} from './domain/subject-access';
import { PreferencesPatchSchema, type Preferences } from './domain/preferences';
import { DiagnoseConnectionInputSchema, NetworkSettingsSchema, type Diagnosis, type NetworkInfo, type NetworkSettings } from './domain/network';
import {
  TascomiProbeInputSchema,
  TascomiSettingsInputSchema,
  type ApiAccessResult,
  type WriteAccessConfirmation,
  type CodeEntryView,
  type CodeListSummary,
  type ConnectionTestResult,
  type SaveTascomiResult,
  type TascomiSettingsView,
} from './domain/tascomi';
import {
  CivicaCxProbeInputSchema,
  CivicaCxSettingsInputSchema,
  type CivicaCxSettingsView,
  type CxCompaniesResult,
  type CxConnectionTestResult,
  type SaveCivicaCxResult,
} from './domain/civica-cx';
import {
  CancelAppointmentInputSchema,
  CancelWorksOrderInputSchema,
  FindTenantsInputSchema,
  RepairWorksOrdersInputSchema,
  TenantRepairsInputSchema,
  type CancelOutcome,
  type FindTenantsResult,
  type RepairWorksOrdersView,
  type TenantRepairsView,
  type WorksOrderCancelOutcome,
} from './domain/tenants';

/**
 * The permission a call needs (shared/domain/people.ts): one for the call, or chosen by its parsed
 * input where one call does two things (reading a log entry, or revealing its personal details).
 */
export type PermissionRule<I extends z.ZodType = z.ZodType> = Permission | ((input: z.output<I>) => Permission);

/** Declares a call: the schema its input must pass, the permission it needs, and (as a type only) what it answers. */
function call<I extends z.ZodType, O>(input: I, permission: PermissionRule<I>): { input: I; permission: PermissionRule<I>; output?: O } {
  return { input, permission };
}
/** Declares an event and (as a type only) its payload. */
function event<P>(): { payload?: P } {
  return {};
}

const NoInput = z.object({}).strict().optional().default({});
const Id = z.number().int().positive();
const IdInput = z.object({ id: Id }).strict();
const AlertChannelIdInput = z.object({ id: AlertChannelIdSchema }).strict();
const ReferenceNameInput = z.object({ name: ReferenceNameSchema }).strict();
const RenameReferenceInput = z.object({ id: Id, name: ReferenceNameSchema }).strict();
const TemplateVersionInput = z.object({ id: Id, version: z.number().int().positive().optional() }).strict();
const TemplateVersionRequired = z.object({ id: Id, version: z.number().int().positive() }).strict();
const SaveTemplateInput = z.object({ id: Id.optional(), draft: TemplateDraftSchema }).strict();
const RenameTemplateInput = z.object({ id: Id, name: z.string().trim().min(1).max(100) }).strict();
const ImportTemplateInput = z
  .object({
    content: z
      .string()
      .min(1, 'the file is empty')
      .max(IMPORT_TEMPLATE_MAX_CHARS, `the file is larger than ${megabytes(IMPORT_TEMPLATE_MAX_CHARS)}`),
  })
  .strict();
const ConfigurationFileContent = z
  .string()
  .min(1, 'the file is empty')
  .max(IMPORT_CONFIGURATION_MAX_CHARS, `the file is larger than ${megabytes(IMPORT_CONFIGURATION_MAX_CHARS)}`);
const PreviewConfigurationInput = z.object({ content: ConfigurationFileContent }).strict();
const ApplyConfigurationInput = z
  .object({
    content: ConfigurationFileContent,
    fingerprint: z
      .string()
      .length(64)
      .regex(/^[0-9a-f]{64}$/, 'the fingerprint the dry run answered'),
  })
  .strict();
const RecentCasesInput = z
  .object({ limit: z.number().int().min(1).max(50).default(20) })
  .strict()
  .optional()
  .default({ limit: 20 });
const PreviewInput = z.object({ draft: TemplateDraftSchema, case: CaseSchema }).strict();
const CodeListInput = z.object({ list: z.enum(TASCOMI_CODE_LIST_NAMES) }).strict();
const CaseId = z.string().trim().min(1).max(100);
const ListCasesInput = z
  .object({ search: z.string().max(200).default(''), limit: z.number().int().min(1).max(500).default(100) })
  .strict()
  .optional()
  .default({ search: '', limit: 100 });
const CaseIdInput = z.object({ id: CaseId }).strict();
const SubmitCaseInput = z.object({ case: CaseSchema }).strict();
const ImportCasesInput = z
  .object({
    content: z
      .string()
      .min(1, 'the file is empty')
      .max(IMPORT_CASES_MAX_CHARS, `the file is larger than ${megabytes(IMPORT_CASES_MAX_CHARS)}`),
    fileName: z.string().max(IMPORT_FILE_NAME_MAX_CHARS).optional(),
  })
  .strict();
const ApplyTemplateInput = z.object({ caseId: CaseId, templateId: Id }).strict();
const UpdateRuleInput = z.object({ id: Id, rule: RuleInputSchema }).strict();
const RuleEnabledInput = z.object({ id: Id, enabled: z.boolean() }).strict();
const ListJobsInput = z
  .object({ filter: JobFilterSchema.default({}), limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().positive().optional() })
  .strict()
  .optional()
  .default({ filter: {}, limit: 100 });
const JobFilterInput = z.object({ filter: JobFilterSchema.default({}) }).strict();
const BulkRetryInput = z.object({ filter: JobFilterSchema, expectedCount: z.number().int().min(0) }).strict();
const OutcomeHistoryInput = z
  .object({ hours: z.number().int().min(1).max(168).default(12) })
  .strict()
  .optional()
  .default({ hours: 12 });
const QueryLogInput = z
  .object({
    filter: LogFilterSchema.default({}),
    limit: z.number().int().min(1).max(1000).default(200),
    beforeId: z.number().int().positive().optional(),
  })
  .strict();
const CountLogInput = z.object({ filter: LogFilterSchema.default({}) }).strict();
const LogEntryInput = z
  .object({ id: Id, revealPersonal: z.boolean().default(false), reason: AccessReasonSchema.optional() })
  .strict()
  .refine((v) => !v.revealPersonal || v.reason !== undefined, { path: ['reason'], message: 'say why you reveal personal details (kept in the access audit)' });
const ExportLogInput = z
  .object({ filter: LogFilterSchema.default({}), limit: z.number().int().min(1).max(20_000).default(5_000), afterId: z.number().int().nonnegative().optional() })
  .strict();
const QueryAccessAuditInput = z
  .object({ filter: AccessAuditFilterSchema.default({}), limit: z.number().int().min(1).max(1000).default(200), beforeId: z.number().int().positive().optional() })
  .strict();
const ExportAccessAuditInput = z
  .object({ filter: AccessAuditFilterSchema.default({}), limit: z.number().int().min(1).max(20_000).default(5_000), afterId: z.number().int().nonnegative().optional() })
  .strict();
const ConnectorInput = z.object({ connector: ConnectorIdSchema }).strict();
const SaveJobSettingsInput = z.object({ connector: ConnectorIdSchema, settings: JobSettingsSchema }).strict();

export const calls = {
  /** Who is at this console, their role and what they may do (every role may ask). */
  whoAmI: call<typeof NoInput, Me>(NoInput, 'view'),
  /** Every account, local and single sign-on, with whether it is disabled or locked. */
  listAccounts: call<typeof NoInput, AccountView[]>(NoInput, 'accounts'),
  /** Adds a local account with a first password (the person changes it after signing in). */
  createAccount: call<typeof CreateAccountInputSchema, AccountView>(CreateAccountInputSchema, 'accounts'),
  /** Renames, changes the role of, disables or enables an account; disabling ends its sessions and closes its consoles at once. */
  updateAccount: call<typeof UpdateAccountInputSchema, AccountView>(UpdateAccountInputSchema, 'accounts'),
  /** Sets a new password on a local account, unlocks it and ends its sessions. */
  resetAccountPassword: call<typeof ResetAccountPasswordInputSchema, AccountView>(ResetAccountPasswordInputSchema, 'accounts'),
  /** Single sign-on (OpenID Connect) settings; the client secret only as set / not set. */
  getSignInSettings: call<typeof NoInput, SignInSettingsView>(NoInput, 'accounts'),
  /** Saves the single sign-on settings (a new client secret when given). */
  saveSignInSettings: call<typeof SignInSettingsInputSchema, SignInSettingsView>(SignInSettingsInputSchema, 'accounts'),

  /** Application facts for the About panel: version, data folder, database path, schema version. */
  getAppInfo: call<typeof NoInput, AppInfo>(NoInput, 'view'),
  /** The engine's active health alarms (its store, its disk), most serious first; empty when all is well. */
  getHealth: call<typeof NoInput, HealthAlarm[]>(NoInput, 'view'),
  getPreferences: call<typeof NoInput, Preferences>(NoInput, 'view'),
  /** Changes some preferences and answers all of them; every console hears `preferencesChanged`. */
  setPreferences: call<typeof PreferencesPatchSchema, Preferences>(PreferencesPatchSchema, 'preferences'),
  /** The newest log entries, newest first; `beforeId` pages back. */
  listRecentLog: call<z.ZodObject<{ limit: z.ZodDefault<z.ZodNumber>; beforeId: z.ZodOptional<z.ZodNumber> }>, LogEntry[]>(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    'view',
  ),

  /** One page of the log, newest first, under a filter (levels, sources, outcomes, case, template, job, time, words). */
  queryLog: call<typeof QueryLogInput, LogPage>(QueryLogInput, 'view'),
  /** The people whose calls wrote log entries, the most recently active first (at most 200), for the Log page's Person filter. */
  listLogPeople: call<typeof NoInput, string[]>(NoInput, 'view'),
  /** How many log entries match a filter, counting no further than 100,000. */
  countLog: call<typeof CountLogInput, { count: number; capped: boolean }>(CountLogInput, 'view'),
  /**
   * An entry with its request and answer, and its job's attempts. Person and address details are
   * hidden unless `revealPersonal`, which needs a `reason` (recorded in the access audit with who asked).
   */
  getLogEntry: call<typeof LogEntryInput, LogEntryDetail>(LogEntryInput, (i) => (i.revealPersonal ? 'reveal' : 'view')),
  /** A batch of the filtered log as CSV (oldest first; header in the first batch; personal details hidden). */
  exportLog: call<typeof ExportLogInput, { csv: string; rows: number; lastId?: number; done: boolean }>(ExportLogInput, 'view'),
  getLogSettings: call<typeof NoInput, LogSettings>(NoInput, 'view'),
  /** Saves retention (days, entries) and prunes at once. */
  saveLogSettings: call<typeof LogSettingsSchema, LogSettings>(LogSettingsSchema, 'retention'),
  /** One page of the access audit (who opened, revealed, searched, exported or erased residents' data), newest first. */
  queryAccessAudit: call<typeof QueryAccessAuditInput, AccessAuditPage>(QueryAccessAuditInput, 'audit'),
  /** A batch of the filtered access audit as CSV, oldest first; the first batch records the export in the audit itself. */
  exportAccessAudit: call<typeof ExportAccessAuditInput, { csv: string; rows: number; lastId?: number; done: boolean }>(ExportAccessAuditInput, 'audit'),

  /** The Tascomi / Idox Cloud connection settings; the private key only as set / not set. */
  getTascomiSettings: call<typeof NoInput, TascomiSettingsView>(NoInput, 'view'),
  /**
   * Saves the settings. With the integration enabled, the connection is verified first and nothing
   * is saved when that fails (`saved: false` with the test's steps and reason).
   */
  saveTascomiSettings: call<typeof TascomiSettingsInputSchema, SaveTascomiResult>(TascomiSettingsInputSchema, 'connections'),
  /** Tests the connection with the form's values (the stored private key when none is given), step by step. */
  testTascomiConnection: call<typeof TascomiProbeInputSchema, ConnectionTestResult>(TascomiProbeInputSchema, 'connections'),
  /** Checks which tables the key can View and Create & Update, against what the integration needs. */
  checkTascomiAccess: call<typeof TascomiProbeInputSchema, ApiAccessResult>(TascomiProbeInputSchema, 'connections'),
  /**
   * Person-started only: creates one marked contact and Service Request, reads each back, updates it
   * once and reads it back, confirming Create & Update; nothing is deleted, the ids are answered.
   */
  confirmTascomiWriteAccess: call<typeof TascomiProbeInputSchema, WriteAccessConfirmation>(TascomiProbeInputSchema, 'connections'),
  /** Reads every Tascomi code list again now (they are otherwise cached for the configured time). */
  refreshTascomiCodeLists: call<typeof NoInput, CodeListSummary[]>(NoInput, 'templates'),
  /** One Tascomi code list (from the cache unless it has expired), for pickers. */
  getTascomiCodeList: call<typeof CodeListInput, CodeEntryView[]>(CodeListInput, 'view'),

  /** The Civica Cx connection and repairs settings; the password only as set / not set. */
  getCivicaCxSettings: call<typeof NoInput, CivicaCxSettingsView>(NoInput, 'view'),
  /**
   * Saves the Civica Cx settings. With the integration enabled, the connection (and the selected
   * company, when one is chosen) is verified first and nothing is saved when that fails.
   */
  saveCivicaCxSettings: call<typeof CivicaCxSettingsInputSchema, SaveCivicaCxResult>(CivicaCxSettingsInputSchema, 'connections'),
  /** Signs in and reads the companies, with the form's values (the saved ones for any left out), for "Selected company". */
  listCivicaCxCompanies: call<typeof CivicaCxProbeInputSchema, CxCompaniesResult>(CivicaCxProbeInputSchema, 'connections'),
  /** Test API: URL, sign-in, companies and the chosen company, step by step with timings; says when the allowlist is the likely cause. */
  testCivicaCxConnection: call<typeof CivicaCxProbeInputSchema, CxConnectionTestResult>(CivicaCxProbeInputSchema, 'connections'),

  /** Tenants page: Civica Cx contacts by reference, surname or postcode (from the cache while younger than the API refresh time). */
  findTenants: call<typeof FindTenantsInputSchema, FindTenantsResult>(FindTenantsInputSchema, 'tenants'),
  /** A contact's repairs since the repairs start date, with work orders, appointments and whether each may be cancelled; `refresh` reads Cx now. */
  getTenantRepairs: call<typeof TenantRepairsInputSchema, TenantRepairsView>(TenantRepairsInputSchema, 'tenants'),
  /** A contact's repair's works orders (tasks with invoice state, appointments), whether each may be cancelled, and Cx's cancel lists; `refresh` reads Cx now. */
  getRepairWorksOrders: call<typeof RepairWorksOrdersInputSchema, RepairWorksOrdersView>(RepairWorksOrdersInputSchema, 'tenants'),
  /** Cancels one works order in Cx (with its Booked appointments) with a cancel status and reason from Cx's lists, a time and a note, when the settings and Cx's rules allow; otherwise says why not, in Cx's words when Cx refused. Logged with who asked. */
  cancelWorksOrder: call<typeof CancelWorksOrderInputSchema, WorksOrderCancelOutcome>(CancelWorksOrderInputSchema, 'tenants'),
  /** Cancels a Booked appointment in Cx when the settings (days of notice) and Cx's rules allow; otherwise says why not. Logged with who asked. */
  cancelAppointment: call<typeof CancelAppointmentInputSchema, CancelOutcome>(CancelAppointmentInputSchema, 'tenants'),

  /** Two-way sync: whether casebridge polls Tascomi for changed Service Requests, how often, and the last poll. */
  getTascomiSync: call<typeof NoInput, TascomiSyncView>(NoInput, 'view'),
  saveTascomiSync: call<typeof TascomiSyncSettingsSchema, TascomiSyncView>(TascomiSyncSettingsSchema, 'connections'),
  /** Polls Tascomi now and applies incoming templates to the cases whose Service Requests changed. */
  runTascomiSync: call<typeof NoInput, TascomiSyncRun>(NoInput, 'jobs'),

  /** References: named slots on a case that hold a remote record number. */
  listReferences: call<typeof NoInput, Reference[]>(NoInput, 'view'),
  createReference: call<typeof ReferenceNameInput, Reference>(ReferenceNameInput, 'templates'),
  renameReference: call<typeof RenameReferenceInput, Reference>(RenameReferenceInput, 'templates'),
  /** Refused while a template applies to the reference. */
  deleteReference: call<typeof IdInput, void>(IdInput, 'templates'),

  listTemplates: call<typeof NoInput, TemplateSummary[]>(NoInput, 'view'),
  /** The current version, or the version asked for. */
  getTemplate: call<typeof TemplateVersionInput, Template>(TemplateVersionInput, 'view'),
  /** Creates a template (no id) or saves a new version of one; the answer is the saved version. */
  saveTemplate: call<typeof SaveTemplateInput, Template>(SaveTemplateInput, 'templates'),
  duplicateTemplate: call<typeof IdInput, Template>(IdInput, 'templates'),
  renameTemplate: call<typeof RenameTemplateInput, Template>(RenameTemplateInput, 'templates'),
  /** Refused while a rule applies the template. */
  deleteTemplate: call<typeof IdInput, void>(IdInput, 'templates'),
  listTemplateVersions: call<typeof IdInput, TemplateVersionSummary[]>(IdInput, 'view'),
  /** Saves the old version's content as a new version. */
  restoreTemplateVersion: call<typeof TemplateVersionRequired, Template>(TemplateVersionRequired, 'templates'),
  /** The template file (JSON text) and a file name for it; never holds secrets. */
  exportTemplate: call<typeof TemplateVersionInput, { fileName: string; content: string }>(TemplateVersionInput, 'view'),
  /** Reads a template file as a new template; a bad file is refused with issues naming each path. */
  importTemplate: call<typeof ImportTemplateInput, Template>(ImportTemplateInput, 'templates'),
  /** The whole configuration (references, templates with every version, rules, queue and intake settings) as a file; never secrets, cases, jobs or the log. */
  exportConfiguration: call<typeof NoInput, { fileName: string; content: string }>(NoInput, 'connections'),
  /** The dry run of importing a configuration file: what would be added, changed or left alone, and the fingerprint apply needs. */
  previewConfigurationImport: call<typeof PreviewConfigurationInput, ConfigurationPreview>(PreviewConfigurationInput, 'connections'),
  /** Does what the dry run said, in one transaction; refused when the configuration changed since (the fingerprint differs). */
  applyConfigurationImport: call<typeof ApplyConfigurationInput, ConfigurationPreview>(ApplyConfigurationInput, 'connections'),

  /** The sample cases shipped in resources/, for the designer's palette and preview. */
  listSampleCases: call<typeof NoInput, Case[]>(NoInput, 'view'),
  /** The cases received most recently from the CRM, newest first, for the designer's palette. */
  listRecentCases: call<typeof RecentCasesInput, Case[]>(RecentCasesInput, 'view'),
  /** The webhook the CRM posts cases to: settings, whether a secret is set, and whether it listens. */
  getIntakeSettings: call<typeof NoInput, IntakeSettingsView>(NoInput, 'view'),
  /** Saves the intake settings (and a new shared secret when given) and restarts the listener. */
  saveIntakeSettings: call<typeof IntakeSettingsInputSchema, IntakeSettingsView>(IntakeSettingsInputSchema, 'connections'),
  /** Cases, newest received first; `search` matches the id, the type or any field value. */
  listCases: call<typeof ListCasesInput, CaseSummary[]>(ListCasesInput, 'view'),
  /** A case with its data, references, jobs and newest log entries. */
  getCase: call<typeof CaseIdInput, CaseDetail>(CaseIdInput, 'view'),
  /** Receives one case as if the CRM had sent it (the console's test-case form): stored, rules applied. */
  submitCase: call<typeof SubmitCaseInput, CaseReceipt>(SubmitCaseInput, 'cases'),
  /**
   * Receives the cases in a JSON file (one case or an array of cases). Each valid case is stored and
   * its rules applied; each invalid one is reported with paths, and does not stop the others.
   */
  importCases: call<typeof ImportCasesInput, CaseReceipt[]>(ImportCasesInput, 'cases'),
  /** "Apply template": queues one outgoing template for one case by hand. */
  applyTemplate: call<typeof ApplyTemplateInput, JobView>(ApplyTemplateInput, 'jobs'),

  listRules: call<typeof NoInput, Rule[]>(NoInput, 'view'),
  createRule: call<typeof RuleInputSchema, Rule>(RuleInputSchema, 'templates'),
  /** Replaces a rule's definition; keeps whether it is enabled. */
  updateRule: call<typeof UpdateRuleInput, Rule>(UpdateRuleInput, 'templates'),
  setRuleEnabled: call<typeof RuleEnabledInput, Rule>(RuleEnabledInput, 'templates'),
  deleteRule: call<typeof IdInput, void>(IdInput, 'templates'),

  /** Jobs, newest first, under a filter (states, connectors, case, template, error class, words); `beforeId` pages on. */
  listJobs: call<typeof ListJobsInput, JobView[]>(ListJobsInput, 'view'),
  countJobs: call<typeof JobFilterInput, number>(JobFilterInput, 'view'),
  /** What retrying every failed and dead job of a filter would do: how many, and how many would fail validation again. */
  previewBulkRetry: call<typeof JobFilterInput, BulkRetryPreview>(JobFilterInput, 'view'),
  /** Retries every failed and dead job of the filter; refused when they are no longer `expectedCount` (the count the person saw). */
  bulkRetryJobs: call<typeof BulkRetryInput, { retried: number }>(BulkRetryInput, 'jobs'),
  /** Attempt outcomes per hour over the last `hours`, oldest first, for the chart. */
  getOutcomeHistory: call<typeof OutcomeHistoryInput, OutcomeBucket[]>(OutcomeHistoryInput, 'view'),
  /** One job and its attempts as the log recorded them (requests and answers with person and address details hidden). */
  getJobDetail: call<typeof IdInput, JobDetail>(IdInput, 'view'),
  /** A failed, dead or cancelled job back to the queue now, with a fresh attempt budget. */
  retryJob: call<typeof IdInput, JobView>(IdInput, 'jobs'),
  /** A queued, failed or dead job becomes cancelled (by the person at the console) and will not be sent unless retried; a running attempt cannot be recalled. */
  cancelJob: call<typeof IdInput, JobView>(IdInput, 'jobs'),
  /** Each connector's job counts by state and its circuit breaker. */
  getQueueStatus: call<typeof NoInput, ConnectorQueueStatus[]>(NoInput, 'view'),
  /** Stops a connector's queue from starting attempts (kept across restarts) until resumed. */
  pauseQueue: call<typeof ConnectorInput, ConnectorQueueStatus>(ConnectorInput, 'jobs'),
  resumeQueue: call<typeof ConnectorInput, ConnectorQueueStatus>(ConnectorInput, 'jobs'),
  getJobSettings: call<typeof ConnectorInput, JobSettings>(ConnectorInput, 'view'),
  saveJobSettings: call<typeof SaveJobSettingsInput, JobSettings>(SaveJobSettingsInput, 'connections'),

  /**
   * This workstation's addresses by interface, the public address remote systems see (when the
   * "what is my address" service is switched on) or why not, the proxy in use, and the connections.
   */
  getNetworkInfo: call<typeof NoInput, NetworkInfo>(NoInput, 'view'),
  /** Whether, and from which service, the public address is read. */
  saveNetworkSettings: call<typeof NetworkSettingsSchema, NetworkSettings>(NetworkSettingsSchema, 'connections'),
  /** Diagnoses a configured connection step by step (DNS, TCP, TLS, HTTP, authentication, clock), with timings and advice. */
  diagnoseConnection: call<typeof DiagnoseConnectionInputSchema, Diagnosis>(DiagnoseConnectionInputSchema, 'diagnose'),

  /** Evaluates a (possibly unsaved) template against a case: the exact payload and the problems by row. */
  previewTemplate: call<typeof PreviewInput, EvaluationResult>(PreviewInput, 'view'),

  /**
   * Erases a case's personal data now: the case, its jobs' error text, its log entries' personal
   * values (a skeleton stays), their search index rows and the Cx cache rows naming its people.
   * `confirm` must be the case id as the person typed it. Refused while one of its jobs is running.
   * The Service Request in Tascomi (and the Cx repair) is not touched.
   */
  eraseCase: call<typeof EraseCaseInputSchema, CaseErasure>(EraseCaseInputSchema, 'retention'),
  /** How many days after a case's last job finished its personal data is erased automatically. */
  getCaseRetention: call<typeof NoInput, CaseRetention>(NoInput, 'view'),
  /** Saves case retention and erases what is then due, in the background. */
  saveCaseRetention: call<typeof CaseRetentionSchema, CaseRetention>(CaseRetentionSchema, 'retention'),
  /** Where backups of the store go, when the daily one runs and how many are kept. */
  getBackupSettings: call<typeof NoInput, BackupSettings>(NoInput, 'view'),
  /** Saves them; the daily run takes the new time at once. */
  saveBackupSettings: call<typeof BackupSettingsSchema, BackupSettings>(BackupSettingsSchema, 'retention'),
  /** Backs up the store now (with the secrets sealed by `passphrase` when given); answers once the backup is whole and checked. */
  runBackup: call<typeof RunBackupInputSchema, BackupTaken>(RunBackupInputSchema, 'retention'),
  /** Ends the running backup (by hand or daily) at its next step, keeping nothing; answers whether one was running. */
  cancelBackup: call<typeof NoInput, { cancelled: boolean }>(NoInput, 'retention'),
  /** The whole backups in the backup folder, newest first. */
  listBackups: call<typeof NoInput, BackupListing[]>(NoInput, 'view'),
  /** The machine policy: which settings the organisation locked or preset, and in which file; or why the file was refused. */
  getPolicy: call<typeof NoInput, PolicyView>(NoInput, 'view'),
  /**
   * Checks a backup (refusing a missing, damaged, foreign or newer one, or a wrong passphrase, with
   * nothing stopped), answers, then stops the engine, puts the backup in place (the database before
   * it kept aside) and starts the engine again; every console reconnects.
   */
  restoreBackup: call<typeof RestoreBackupInputSchema, RestoreStarted>(RestoreBackupInputSchema, 'retention'),
  /** Starts a subject access request's search (recorded in the access audit with the reason) for what names the person. */
  findSubjectAccess: call<typeof FindSubjectAccessInputSchema, SubjectAccessSearch>(FindSubjectAccessInputSchema, 'retention'),
  /** How a search is going, then what it found (to check before exporting). */
  getSubjectAccess: call<typeof SubjectAccessRequestInputSchema, SubjectAccessSearch>(SubjectAccessRequestInputSchema, 'retention'),
  /** A batch of a search's JSON file, the person's values shown; the first batch records the export in the access audit. */
  exportSubjectAccess: call<typeof ExportSubjectAccessInputSchema, SubjectAccessBatch>(ExportSubjectAccessInputSchema, 'retention'),
  /** The alert rules (which events, for which connectors, to which channels) and the channels, without their secrets. */
  getAlertSettings: call<typeof NoInput, AlertSettingsView>(NoInput, 'view'),
  /** Saves the rules, the grouping window, the quiet period and the console's address for links. */
  saveAlertSettings: call<typeof AlertSettingsSchema, AlertSettingsView>(AlertSettingsSchema, 'connections'),
  /** Adds or changes a channel (email, Teams, signed webhook); a blank secret keeps the stored one. */
  saveAlertChannel: call<typeof SaveAlertChannelInputSchema, AlertChannelView>(SaveAlertChannelInputSchema, 'connections'),
  /** Deletes a channel and its secret; its waiting deliveries are cancelled, the rules forget it. */
  deleteAlertChannel: call<typeof AlertChannelIdInput, AlertSettingsView>(AlertChannelIdInput, 'connections'),
  /** Sends a test alert through the channel as the form shows it, now, and says exactly what went wrong. */
  testAlertChannel: call<typeof TestAlertChannelInputSchema, AlertTestResult>(TestAlertChannelInputSchema, 'connections'),
  /** Alert messages and their delivery to each channel, newest first. */
  listAlertDeliveries: call<typeof ListAlertDeliveriesInputSchema, AlertDeliveryView[]>(ListAlertDeliveriesInputSchema, 'view'),
  /** Sends a dead (or cancelled) delivery again with a fresh budget of attempts. */
  retryAlertDelivery: call<typeof IdInput, AlertDeliveryView>(IdInput, 'jobs'),
} as const satisfies Record<CallName, { input: z.ZodType; permission: PermissionRule<never> }>;

export const events = {
  /** A log entry was stored. */
  log: event<LogEntry>(),
  /** Console preferences changed (from any console). */
  preferencesChanged: event<Preferences>(),
  /** A job was queued or changed state (queued, running, succeeded, failed, dead). */
  jobChanged: event<JobView>(),
  /** A health alarm was raised, changed or cleared: every active alarm, as getHealth answers. */
  healthChanged: event<HealthAlarm[]>(),
  /** A backup's progress (by hand or daily), at most once per percent. */
  backupProgress: event<BackupProgressEvent>(),
  /** An alert's delivery to a channel was queued or changed state. */
  alertDeliveryChanged: event<AlertDeliveryView>(),
} as const satisfies Record<EventName, unknown>;

export type Calls = typeof calls;
/** What a caller may pass (before defaults are applied). */
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
/** What a handler receives (after the schema has parsed and defaulted it). */
export type ParsedCallInput<K extends CallName> = z.output<Calls[K]['input']>;
// Exclude, not NonNullable: a call declared with `void` output answers nothing.
export type CallOutput<K extends CallName> = Exclude<Calls[K]['output'], undefined>;
export type EventPayload<K extends EventName> = NonNullable<(typeof events)[K]['payload']>;

export type ContractErrorCode = 'invalid_input' | 'unknown_call' | 'forbidden' | 'failed';
export interface ContractIssue {
  /** Where in the input, e.g. `limit` or `people.0.email`; empty for the input as a whole. */
  path: string;
  message: string;
}
export interface ContractError {
  code: ContractErrorCode;
  message: string;
  issues?: ContractIssue[];
}
/** Every call answers this envelope on every transport. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/**
 * What the engine implements: one function per call, told who is calling as the transport vouches
 * (the dispatcher always says; code in the engine's own process, such as demo mode, need not).
 */
export type Handlers = { [K in CallName]: (input: ParsedCallInput<K>, caller?: Caller) => CallOutput<K> | Promise<CallOutput<K>> };

export type Unsubscribe = () => void;

/**
 * `window.casebridge` in the desktop app, and what the renderer's api client offers over either
 * transport: one method per call, answering the envelope, and `on(event, fn)`.
 */
export type CasebridgeBridge = { [K in CallName]: (input?: CallInput<K>) => Promise<CallResult<CallOutput<K>>> } & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

export { CALL_NAMES, EVENT_NAMES, ipcCallChannel, ipcEventChannel, isCallName, isEventName, type CallName, type EventName } from './contract-names';
