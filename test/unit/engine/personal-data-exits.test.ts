/**
 * No personal value leaves the engine unhidden. An engine holds cases with recognisable personal
 * values that went through both connectors (sent to the Tascomi and Civica Cx emulators, one
 * refused with words quoting a value back), then every call of the contract is made and every
 * event heard; none answers or carries a personal value as it is, except the calls that exist to
 * show case data (listed below with why) and getLogEntry with revealPersonal. A call added to the
 * contract fails this test until it is given an input and classified here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, events, type CallName, type CallResult, type EventName } from '../../../shared/contract';
import { dispatchCall } from '../../../shared/dispatch';
import { DEFAULT_ALERT_SETTINGS, type AlertSettingsView } from '../../../shared/domain/alerts';
import type { CaseInput } from '../../../shared/domain/case';
import type { OutgoingRow } from '../../../shared/domain/template';
import { startCivicaCxEmulator, type CivicaCxEmulator } from '../../emulators/civica-cx';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../emulators/tascomi';
import { civicaCxSettingsFor, tascomiSettingsFor } from '../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../support/engine';

const PERSON = {
  role: 'Reporter',
  reference: 'CRM-P-77321',
  title: 'Mx',
  forename: 'Zebedee',
  surname: 'Quixwright',
  email: 'zebedee.quixwright@example.org',
  phone: '07700 900123',
  address: { uprn: '100090499887', lines: ['17 Quillfeather Lane', 'Upper Wibbling', 'Little Snoring'], postcode: 'ZZ9 9QQ' },
};
const VEHICLE = 'QX11 ZBD';
/** Every value that must never leave unhidden (the Cx tenant reference is added once the emulator says it). */
const PERSONAL = [
  PERSON.reference,
  PERSON.forename,
  PERSON.surname,
  PERSON.email,
  PERSON.phone,
  PERSON.address.uprn,
  ...PERSON.address.lines,
  PERSON.address.postcode,
  'Lane behind Quillfeather Lane',
  '100090499001',
  VEHICLE,
];

const caseOf = (id: string, type: string, fields: Record<string, string>): CaseInput => ({
  id,
  type,
  status: 'Submitted',
  summary: 'Reported through the web form',
  fields: { ...fields, description: `${PERSON.forename} ${PERSON.surname} saw a white van leave a sofa by ${PERSON.address.lines[0]}.` },
  dates: { reported: '2026-06-14T09:00:00+01:00' },
  people: [PERSON],
  addresses: [{ role: 'Incident location', uprn: '100090499001', lines: ['Lane behind Quillfeather Lane'], postcode: 'ZZ9 9QR' }],
});

const person = (id: string, key: string, detail: string): OutgoingRow => ({
  id,
  target: { kind: 'schema', key },
  source: { kind: 'person', role: 'Reporter', detail } as OutgoingRow['source'],
});
const fixed = (id: string, key: string, value: string): OutgoingRow => ({ id, target: { kind: 'schema', key }, source: { kind: 'text', value } });
const TASCOMI_ROWS: OutgoingRow[] = [
  fixed('cf', 'core_function', 'SS'),
  fixed('rc', 'request_code', 'FLYTIP'),
  fixed('io', 'investigating_officer', 'pshah'),
  { id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
  person('pr', 'requester.reference', 'reference'),
  person('pf', 'requester.forename', 'forename'),
  person('ps', 'requester.surname', 'surname'),
  person('pe', 'requester.email', 'email'),
  person('pp', 'requester.phone', 'phone'),
  person('ph', 'requester.house', 'address_line_1'),
  person('pl', 'requester.locality', 'address_line_2'),
  person('pt', 'requester.town', 'address_line_3'),
  person('pc', 'requester.postcode', 'postcode'),
  { id: 'al', target: { kind: 'extra', name: 'applicant_label' }, source: { kind: 'person', role: 'Reporter', detail: 'full_name' } },
  { id: 'vs', target: { kind: 'extra', name: 'vehicle_seen' }, source: { kind: 'field', field: 'vehicle_registration' }, personal: true },
];
const CX_ROWS: OutgoingRow[] = [
  { id: 'c', target: { kind: 'schema', key: 'contact' }, source: { kind: 'field', field: 'tenant_reference' } },
  { id: 'd', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
  fixed('s', 'sor_code', '603021'),
  fixed('p', 'priority', 'R'),
  fixed('t', 'repair_type', 'RESP'),
  fixed('k', 'contract', 'NBRM01'),
  fixed('g', 'category', 'PLUMB'),
  fixed('tr', 'trade', 'PLUMB'),
  fixed('rb', 'raised_by', 'Repairs Contact Centre'),
];

let t: TestEngine;
let tascomi: TascomiEmulator;
let cx: CivicaCxEmulator;
const heard: { name: EventName; payload: unknown }[] = [];
/** Ids the walk's inputs need. */
const ids = { tascomiTemplate: 0, cxTemplate: 0, incomingTemplate: 0, reference: 0, rule: 0, deadJob: 0, succeededJob: 0, contactId: 0, tenantReference: '' };

async function value<T = any>(name: CallName, input?: unknown): Promise<T> {
  const result = (await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller)) as CallResult<T>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  t.engine.onAnyEvent((name, payload) => heard.push({ name, payload }));
  tascomi = await startTascomiEmulator({ now: () => t.clock.millis(), extraColumns: { complaints: ['applicant_label', 'vehicle_seen'] } }); // the template's additional fields
  cx = await startCivicaCxEmulator({ now: () => t.clock.millis() });
  ids.contactId = cx.demo!.contactId;
  ids.tenantReference = cx.demo!.contactReference;
  PERSONAL.push(ids.tenantReference);

  await value('saveTascomiSettings', tascomiSettingsFor(tascomi));
  await value('saveCivicaCxSettings', civicaCxSettingsFor(cx));
  ids.reference = (await value('createReference', { name: 'SR number' })).id;
  await value('createReference', { name: 'Cx repair' });
  ids.tascomiTemplate = (await value('saveTemplate', { draft: { name: 'Fly-tipping', connector: 'tascomi', type: 'create', reference: 'SR number', rows: TASCOMI_ROWS } })).id;
  ids.incomingTemplate = (
    await value('saveTemplate', {
      draft: { name: 'SR number back', connector: 'tascomi', type: 'incoming', reference: 'SR number', rows: [{ id: 'n', remoteField: 'id', caseField: 'tascomi_sr' }] },
    })
  ).id;
  ids.cxTemplate = (await value('saveTemplate', { draft: { name: 'Repair', connector: 'civica-cx', type: 'create', reference: 'Cx repair', rows: CX_ROWS } })).id;
  ids.rule = (await value('createRule', { name: 'Fly-tipping to Tascomi', caseType: 'Fly-tipping report', on: 'created', templateId: ids.tascomiTemplate })).id;

  // Sent: a Service Request with its contact, and a repair for the tenant.
  await value('submitCase', { case: caseOf('PD-1', 'Fly-tipping report', { vehicle_registration: VEHICLE }) });
  await value('submitCase', { case: caseOf('PD-CX', 'Housing repair', { tenant_reference: ids.tenantReference }) });
  await value('applyTemplate', { caseId: 'PD-CX', templateId: ids.cxTemplate });
  await t.engine.jobs.runUntilIdle();
  // Refused: the contact write, in words quoting the town back (as a remote may); not retried.
  tascomi.setFaults({ forceValidationFailure: { resource: 'contacts', field: 'town', message: `${PERSON.address.lines[2]} is not a town we know` } });
  await value('submitCase', { case: caseOf('PD-2', 'Fly-tipping report', { vehicle_registration: VEHICLE }) });
  await t.engine.jobs.runUntilIdle();
  tascomi.clearFaults();
  // Dead: Tascomi answers 503 to every attempt until none is left.
  await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 1, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1 } });
  tascomi.setFaults({ errorRate: 1 });
  await value('submitCase', { case: caseOf('PD-3', 'Fly-tipping report', { vehicle_registration: VEHICLE }) });
  await t.engine.jobs.runUntilIdle();
  tascomi.clearFaults();

  const jobs = await value<{ id: number; caseId: string; state: string }[]>('listJobs', { filter: {} });
  expect(jobs.map((j) => [j.caseId, j.state]).sort()).toEqual([
    ['PD-1', 'succeeded'],
    ['PD-2', 'failed'],
    ['PD-3', 'dead'],
    ['PD-CX', 'succeeded'],
  ]);
  ids.succeededJob = jobs.find((j) => j.caseId === 'PD-1')!.id;
  ids.deadJob = jobs.find((j) => j.caseId === 'PD-3')!.id;
}, 60_000);

afterAll(async () => {
  await t?.dispose();
  await tascomi?.close();
  await cx?.close();
});

/**
 * Calls that exist to show a case's or a tenant's data to the person who asks, and why. Everything
 * else must answer without a personal value unhidden: among them listCases (summaries: id, type,
 * status, time; a search by a name finds the case without showing the name), listSampleCases (the
 * shipped samples are fictional, not residents'), the templates (mappings, not data), every job
 * view (its error's quoted values hidden), a job's detail (its attempts' requests and answers
 * hidden as in the log) and every log path (getLogEntry unrevealed; revealing is
 * the one way to see them, and is recorded).
 */
const SHOWS_PERSONAL_DATA: Partial<Record<CallName, string>> = {
  // The case's own data is what opening a case is for (its jobs and log are checked below); the
  // opening is recorded in the access audit.
  getCase: 'the case itself',
  // The designer's palette offers the cases last received so an admin maps and previews real data.
  listRecentCases: 'real cases for the template designer',
  // Evaluates the case the console sends, and answers the payload made from it.
  previewTemplate: "the payload made from the caller's own case",
  // The Tenants page looks up a tenant on the phone to them: their contact, repairs and
  // appointments are the answer (each look-up recorded in the access audit).
  findTenants: 'a Civica Cx contact look-up',
  getTenantRepairs: "a Civica Cx contact's repairs",
  getRepairWorksOrders: "answers a tenant's works orders, whose cancellation notes are as a person typed them (they may name the tenant)",
  cancelWorksOrder: "answers the contact's repairs and works orders as they are after the cancellation",
  cancelAppointment: "answers the contact's repairs as they are after the cancellation",
  // The access audit names what was looked up (a Tenants search's terms), or it could not answer
  // "who looked at this resident's data?"; it is the council's accountability record.
  queryAccessAudit: "the access audit, which names a Tenants search's terms",
  exportAccessAudit: "the access audit, which names a Tenants search's terms",
  // A subject access export is the person's own data handed to them, asked for with a reason and
  // recorded in the access audit (its search and progress answers carry only counts and case ids).
  exportSubjectAccess: "a subject access request's file: the person's own data",
};

type Inputs = () => Promise<unknown[]> | unknown[];
const one =
  (input: unknown): Inputs =>
  () => [input];
const nothing = one({});
const tascomiForm = () => ({ baseUrl: tascomi.baseUrl, publicKey: DEMO_KEYS.publicKey, timeZone: 'Europe/London' });
const logIds = async () => ((await value('queryLog', { filter: {}, limit: 1000 })).rows as { id: number }[]).map((r) => r.id);

/** A subject access search for the walk's resident, waited for until it has found what it finds. */
async function subjectAccessSearch(): Promise<string> {
  let search = await value('findSubjectAccess', { subject: { email: PERSON.email }, reason: 'The walk asks for a subject access request' });
  while (search.state === 'searching') {
    await new Promise<void>((resolve) => setImmediate(resolve));
    search = await value('getSubjectAccess', { requestId: search.requestId });
  }
  return search.requestId as string;
}

/** What each call is asked in the walk: several inputs where the answers differ (every log entry, each search). */
const INPUTS: Partial<Record<CallName, Inputs>> = {
  // Accounts are staff, not residents: none of these can carry a resident's value.
  whoAmI: nothing,
  listAccounts: nothing,
  createAccount: one({ username: 'sam.patel', displayName: 'Sam Patel', role: 'support', password: 'correct horse battery' }),
  updateAccount: one({ id: 1, role: 'viewer' }),
  resetAccountPassword: one({ id: 1, password: 'another long password' }),
  getSignInSettings: nothing,
  saveSignInSettings: one({ enabled: false, issuer: '', clientId: '' }),
  getAppInfo: nothing,
  getHealth: nothing,
  getPreferences: nothing,
  setPreferences: one({ theme: 'dark' }),
  listRecentLog: one({ limit: 500 }),
  queryAccessAudit: one({ limit: 1000 }),
  // A case the engine does not hold: the walk's cases stay for the calls after it (erasure has its own test).
  eraseCase: one({ id: 'CAS-NOT-HELD', confirm: 'CAS-NOT-HELD' }),
  getCaseRetention: nothing,
  findSubjectAccess: one({ subject: { email: PERSON.email }, reason: 'The walk asks for a subject access request' }),
  getSubjectAccess: async () => [{ requestId: await subjectAccessSearch() }],
  exportSubjectAccess: async () => [{ requestId: await subjectAccessSearch() }],
  saveCaseRetention: one({ days: 90 }),
  getBackupSettings: nothing,
  saveBackupSettings: one({ enabled: true, time: '02:00', keep: 7, folder: '' }),
  // The backup file holds the store (personal data with it) but the call answers only its name and size.
  runBackup: one({}),
  listBackups: nothing,
  getPolicy: nothing,
  cancelBackup: nothing,
  // Refused before anything stops (no such file): a restore answers only the file's path and schema.
  restoreBackup: one({ path: '/nonexistent/casebridge-20260101T000000000Z-v1-schema1.sqlite' }),
  exportAccessAudit: one({}),
  queryLog: () => [{ filter: {}, limit: 1000 }, { filter: { text: PERSON.surname } }, { filter: { caseId: 'PD-2' } }],
  countLog: one({ filter: {} }),
  listLogPeople: nothing,
  getLogEntry: async () => (await logIds()).map((id) => ({ id })),
  exportLog: one({ filter: {}, limit: 20_000 }),
  getLogSettings: nothing,
  saveLogSettings: one({ keepDays: 90, keepEntries: 2_000_000 }),
  getTascomiSettings: nothing,
  // Saved again keeping the stored secrets (not typed again).
  saveTascomiSettings: () => [(({ privateKey: _key, ...form }) => form)(tascomiSettingsFor(tascomi))],
  testTascomiConnection: () => [tascomiForm()],
  checkTascomiAccess: () => [tascomiForm()],
  // Writes one marked contact and Service Request (no case data in them); answers ids and words.
  confirmTascomiWriteAccess: () => [tascomiForm()],
  refreshTascomiCodeLists: nothing,
  getTascomiCodeList: one({ list: 'titles' }),
  getCivicaCxSettings: nothing,
  saveCivicaCxSettings: () => [(({ password: _password, ...form }) => form)(civicaCxSettingsFor(cx))],
  listCivicaCxCompanies: nothing,
  testCivicaCxConnection: nothing,
  findTenants: () => [{ reference: ids.tenantReference }],
  getTenantRepairs: () => [{ contactId: ids.contactId, refresh: true }],
  getRepairWorksOrders: () => [{ contactId: ids.contactId, repairRef: cx.demo!.openRepairReference }],
  cancelWorksOrder: () => [
    {
      contactId: ids.contactId,
      repairRef: cx.demo!.openRepairReference,
      worksOrderRef: 'WO-NO-SUCH',
      cancelStatus: 'CAN',
      reason: 'TNR',
      cancelledAt: '2026-06-15T11:00:00+01:00',
    },
  ],
  cancelAppointment: () => [{ contactId: ids.contactId, appointmentId: 999_999 }],
  getTascomiSync: nothing,
  saveTascomiSync: one({ enabled: false, intervalMinutes: 5 }),
  runTascomiSync: nothing,
  listReferences: nothing,
  createReference: one({ name: 'Spare' }),
  renameReference: async () => [{ id: (await value<{ id: number; name: string }[]>('listReferences')).find((r) => r.name === 'Spare')!.id, name: 'Spare 2' }],
  deleteReference: async () => [{ id: (await value<{ id: number; name: string }[]>('listReferences')).find((r) => r.name === 'Spare 2')!.id }],
  listTemplates: nothing,
  getTemplate: () => [{ id: ids.tascomiTemplate }, { id: ids.cxTemplate }],
  saveTemplate: async () => [
    { id: ids.tascomiTemplate, draft: (({ id: _i, version: _v, savedAt: _s, ...draft }) => draft)(await value('getTemplate', { id: ids.tascomiTemplate })) },
  ],
  duplicateTemplate: () => [{ id: ids.tascomiTemplate }],
  renameTemplate: async () => [{ id: (await value('duplicateTemplate', { id: ids.cxTemplate })).id, name: 'Repair copy' }],
  deleteTemplate: async () => [{ id: (await value<{ id: number; name: string }[]>('listTemplates')).find((x) => x.name === 'Repair copy')!.id }],
  listTemplateVersions: () => [{ id: ids.tascomiTemplate }],
  restoreTemplateVersion: () => [{ id: ids.tascomiTemplate, version: 1 }],
  exportTemplate: () => [{ id: ids.tascomiTemplate }],
  importTemplate: async () => [{ content: (await value('exportTemplate', { id: ids.tascomiTemplate })).content }],
  exportConfiguration: nothing,
  previewConfigurationImport: async () => [{ content: (await value('exportConfiguration')).content }],
  applyConfigurationImport: async () => {
    const { content } = await value('exportConfiguration');
    return [{ content, fingerprint: (await value('previewConfigurationImport', { content })).fingerprint }];
  },
  listSampleCases: nothing,
  listRecentCases: one({ limit: 50 }),
  getIntakeSettings: nothing,
  saveIntakeSettings: one({ enabled: false, host: '127.0.0.1', port: 0 }),
  listCases: () => [{}, { search: PERSON.surname }, { search: PERSON.address.postcode }],
  getCase: () => ['PD-1', 'PD-2', 'PD-3', 'PD-CX'].map((id) => ({ id })),
  // A case refused for its data: the refusal names paths, never the values.
  submitCase: () => [{ case: { ...caseOf('PD-4', 'Noise', {}), people: [{ ...PERSON, email: 42 }] } }],
  importCases: () => [{ content: JSON.stringify([caseOf('PD-5', 'Noise', {}), { ...caseOf('PD-6', 'Noise', {}), dates: { reported: PERSON.surname } }]), fileName: 'cases.json' }],
  applyTemplate: one({ caseId: 'PD-1', templateId: 0 }),
  listRules: nothing,
  createRule: () => [{ name: 'Noise to Tascomi', caseType: 'Noise', on: 'created', condition: { field: 'wants_update', equals: 'yes' }, templateId: ids.tascomiTemplate }],
  updateRule: () => [{ id: ids.rule, rule: { name: 'Fly-tipping to Tascomi', caseType: 'Fly-tipping report', on: 'both', templateId: ids.tascomiTemplate } }],
  setRuleEnabled: () => [{ id: ids.rule, enabled: false }],
  deleteRule: async () => [{ id: (await value<{ id: number; name: string }[]>('listRules')).find((r) => r.name === 'Noise to Tascomi')!.id }],
  listJobs: () => [{ filter: {} }, { filter: { text: PERSON.surname } }],
  countJobs: one({ filter: {} }),
  previewBulkRetry: one({ filter: { states: ['failed', 'dead'] } }),
  bulkRetryJobs: one({ filter: { states: ['failed'] }, expectedCount: 1 }),
  getOutcomeHistory: nothing,
  // Before retryJob and cancelJob: the dead job's attempts, each with its request and answer.
  getJobDetail: () => [{ id: ids.deadJob }],
  retryJob: () => [{ id: ids.deadJob }],
  cancelJob: () => [{ id: ids.deadJob }],
  getQueueStatus: nothing,
  pauseQueue: one({ connector: 'civica-cx' }),
  resumeQueue: one({ connector: 'civica-cx' }),
  getJobSettings: one({ connector: 'tascomi' }),
  saveJobSettings: one({ connector: 'civica-cx', settings: { concurrency: 2, maxAttempts: 5, backoffBaseSeconds: 5, backoffCapSeconds: 60 } }),
  getNetworkInfo: nothing,
  saveNetworkSettings: one({ publicAddressEnabled: false, publicAddressUrl: 'https://api.ipify.org' }),
  diagnoseConnection: () => [{ connector: 'tascomi' }, { connector: 'civica-cx' }],
  // Alerts are built from counts and classes; their bodies are checked against case data in alerts/alerts-reach-people.test.ts.
  getAlertSettings: nothing,
  saveAlertSettings: one(DEFAULT_ALERT_SETTINGS),
  saveAlertChannel: one({ channel: { kind: 'teams', name: 'Housing channel', enabled: true }, secret: 'http://127.0.0.1:9/webhookb2/walk' }),
  deleteAlertChannel: async () => [{ id: ((await value('getAlertSettings')) as AlertSettingsView).channels[0]!.id }],
  // Port 9 on this machine takes no connections: the answer is the failure's words.
  testAlertChannel: one({ channel: { kind: 'teams', name: 'Housing channel', enabled: true }, secret: 'http://127.0.0.1:9/webhookb2/walk' }),
  listAlertDeliveries: one({}),
  retryAlertDelivery: one({ id: 1 }),
  previewTemplate: async () => [
    { draft: { name: 'Preview', connector: 'tascomi', type: 'create', reference: 'SR number', rows: TASCOMI_ROWS }, case: caseOf('PD-9', 'Noise', {}) },
  ],
};

/** Calls the walk expects to be refused (so the refusal's own words are checked), and why they are. */
const REFUSED: Partial<Record<CallName, string>> = {
  submitCase: 'the case is invalid on purpose',
  applyTemplate: 'template 0 does not exist',
  cancelWorksOrder: 'the repair has no such works order',
  cancelAppointment: 'the contact has no such appointment',
  eraseCase: 'the engine holds no such case',
  restoreBackup: 'there is no such backup file (a restore would stop the engine the walk goes on with)',
  retryAlertDelivery: 'no alert has been delivered in the walk',
};

/** Events the walk does not raise, and why they cannot carry case data. */
const NOT_HEARD: Partial<Record<EventName, string>> = {
  healthChanged: "no alarm is raised here; alarms speak of the store's file and the disk, never of a case",
  alertDeliveryChanged: 'no alert fires in the walk; a delivery carries the message built from counts and classes, checked against case data in alerts/alerts-reach-people.test.ts',
};

/** The personal values a text shows as they are (in any case). */
const shown = (payload: unknown): string[] => {
  const text = JSON.stringify(payload).toLowerCase();
  return PERSONAL.filter((v) => text.includes(v.toLowerCase()));
};

describe('personal values leaving the engine', () => {
  it('went through both connectors, so there is something to hide', async () => {
    expect(tascomi.records('contacts').some((c) => c.surname === PERSON.surname && c.town === PERSON.address.lines[2])).toBe(true);
    expect(tascomi.records('complaints').some((c) => c.vehicle_seen === VEHICLE && c.applicant_label === `${PERSON.forename} ${PERSON.surname}`)).toBe(true);
    expect(cx.records('repairs').some((r) => String(r.description).startsWith(`${PERSON.forename} ${PERSON.surname}`))).toBe(true);
    // Stored marked: a reveal shows them, the Tascomi town quoted back in the failure's words included.
    const revealed = await Promise.all((await logIds()).map((id) => value('getLogEntry', { id, revealPersonal: true, reason: 'Checking the walk shows what a reveal shows' })));
    expect(shown(revealed)).toEqual(expect.arrayContaining([PERSON.surname, PERSON.address.lines[2], PERSON.address.lines[1], VEHICLE, ids.tenantReference, PERSON.email]));
    expect(revealed.some((d) => d.entry.message.includes(`${PERSON.address.lines[2]} is not a town we know`))).toBe(true);
  });

  it('in no answer of any call, and no event, except where case data is the point', async () => {
    const unclassified = Object.keys(calls).filter((name) => !(name in INPUTS));
    expect(unclassified, 'classify this call: give it an input in INPUTS (and a reason in SHOWS_PERSONAL_DATA if it exists to show case data)').toEqual([]);

    const leaks: string[] = [];
    const refused = new Set<string>();
    for (const name of Object.keys(calls) as CallName[]) {
      for (const input of await INPUTS[name]!()) {
        const result = (await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller)) as CallResult<any>;
        if (!result.ok) refused.add(name);
        // getCase shows the case's own data; its jobs and log are checked like any answer.
        const checked = name === 'getCase' && result.ok ? { ...result.value, case: undefined } : result;
        if (SHOWS_PERSONAL_DATA[name] && name !== 'getCase') continue;
        const found = shown(checked);
        if (found.length) leaks.push(`${name}(${JSON.stringify(input).slice(0, 80)}) shows ${found.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
    expect([...refused].sort()).toEqual(Object.keys(REFUSED).sort());

    // Every event, from the cases' arrival to the end of the walk (jobs changing, the log's live feed).
    const silent = Object.keys(events).filter((name) => !heard.some((e) => e.name === name));
    expect(silent, 'classify this event: make the walk raise it, or say in NOT_HEARD why it cannot carry case data').toEqual(Object.keys(NOT_HEARD));
    expect(heard.filter((e) => e.name === 'log' && (e.payload as { request?: string }).request).length).toBeGreaterThan(3);
    expect(heard.some((e) => e.name === 'jobChanged' && (e.payload as { lastError?: string }).lastError?.includes('[personal:'))).toBe(true);
    const eventLeaks = heard.flatMap((e) => (shown(e.payload).length ? [`${e.name}: ${shown(e.payload).join(', ')}`] : []));
    expect(eventLeaks).toEqual([]);
    // A hang guard, not a speed check: the walk makes every call, two of them hashing a password.
  }, 30_000);

  it('the allowed calls do show case data (the allow-list is not a blanket pass)', async () => {
    expect(shown(await value('getCase', { id: 'PD-1' }))).toContain(PERSON.surname);
    expect(shown(await value('listRecentCases', { limit: 50 }))).toContain(PERSON.surname);
    expect(shown(await value('findTenants', { reference: ids.tenantReference }))).toContain(ids.tenantReference);
  });
});
