/**
 * The composition root: the only module that wires engine components together. Hosts (the Electron
 * shell, the headless host, tests) call createEngine and bind `handlers` and the event hub to their
 * transport.
 */
import { templateSchema } from '../../shared/connectors/template-schemas';
import type { Handlers, Unsubscribe } from '../../shared/contract';
import { CallRefusedError } from '../../shared/dispatch';
import type { AppInfo } from '../../shared/domain/app-info';
import { systemClock, type Clock } from './clock';
import { createTascomiConnection, NOT_CONFIGURED } from './connectors/tascomi/connection';
import { createCivicaCxConnection, CX_NO_COMPANY, CX_NOT_CONFIGURED } from './connectors/civica-cx/connection';
import { createCxDiagnostics } from './connectors/civica-cx/diagnostics';
import { createCivicaCxSettingsService } from './connectors/civica-cx/settings-service';
import { createCxCustomerData } from './connectors/civica-cx/customer-data';
import { createTenantsService } from './connectors/civica-cx/tenants-service';
import { createCxCacheRepo } from './store/cx-cache-repo';
import { createTascomiDiagnostics } from './connectors/tascomi/diagnostics';
import { createTascomiSettingsService } from './connectors/tascomi/settings-service';
import { createCaseImport } from './cases/case-import';
import { createCaseStore } from './cases/case-store';
import { createIntake, type Intake } from './cases/intake';
import { createIntakeListener } from './cases/intake-listener';
import { createRuleService, type TemplateKind } from './cases/rules';
import { createEventHub, type AnyEventListener, type EventHub } from './events';
import { createCircuitBreaker } from './jobs/circuit-breaker';
import { createJobConsole } from './jobs/job-console';
import { createJobSettings } from './jobs/job-settings';
import { toJobView } from './jobs/job-view';
import { createJobQueue, type JobQueue } from './jobs/queue';
import { createTascomiExecutor } from './jobs/tascomi-executor';
import { createTascomiSync } from './jobs/tascomi-sync';
import { createWorker, type Worker } from './jobs/worker';
import { createCxExecutor } from './jobs/cx-executor';
import type { Executor } from './jobs/attempt';
import type { CircuitBreaker } from './jobs/circuit-breaker';
import type { ConnectorId } from '../../shared/domain/job';
import { DateTime } from 'luxon';
import { userInfo } from 'node:os';
import { createLogBus, type LogBus } from './log/log-bus';
import { createLogViewer } from './log/log-viewer';
import { createLogQueries } from './store/log-queries';
import { codeEntryView, codeListsForDraft } from './mapping/draft-code-lists';
import { evaluateTemplate } from './mapping/evaluate';
import { createReferenceService } from './mapping/references';
import { listSampleCases } from './mapping/sample-cases';
import { createTemplateFiles } from './mapping/template-file';
import { createTemplateService, type TemplateService } from './mapping/templates';
import { createNetworkService } from './network/network-service';
import { createPreferences } from './preferences';
import type { SecretStore } from './secrets';
import { createLogRepo } from './store/log-repo';
import { openEngineStore, type EngineStore } from './store/engine-store';
import { caseRefusalWhileDamaged, createStoreFaultWatch, guardMethods } from './store/store-faults';
import { createHealth } from './health';
import { startDiskSpaceMonitor } from './disk-space';
import { createLogWriteAlarm } from './log/log-write-alarm';
import { runStopSteps } from './stop-steps';
import { createCaseRepo } from './store/case-repo';
import { createJobQueries } from './store/job-queries';
import { createJobRepo } from './store/job-repo';
import { createReferenceRepo } from './store/reference-repo';
import { createRuleRepo } from './store/rule-repo';
import { createSettingsRepo } from './store/settings-repo';
import { createTemplateRepo } from './store/template-repo';

export interface EngineOptions {
  dataDir: string;
  secrets: SecretStore;
  host: AppInfo['host'];
  version: string;
  clock?: Clock;
  /** Runtime versions the host knows beyond Node's (Electron, Chrome). */
  versions?: { electron?: string; chrome?: string };
  /** A better-sqlite3 binding built for the host's runtime, when it is not Node's. */
  sqliteNativeBinding?: string;
  /** Start the job workers (default true); tests on a fake clock drive them with `jobs.runUntilIdle`. */
  startWorkers?: boolean;
}

export interface Engine {
  handlers: Handlers;
  log: LogBus;
  secrets: SecretStore;
  info(): AppInfo;
  on: EventHub['on'];
  onAnyEvent(listener: AnyEventListener): Unsubscribe;
  /** Case intake (the webhook and imports call it) and the job queue. */
  intake: Intake;
  jobs: { queue: JobQueue; runUntilIdle(): Promise<void> };
  /** Runs log retention now (it also runs hourly while workers run). */
  pruneLog(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens the engine's store (refusing, with the path and the cause, a folder or file it cannot use)
 * and builds the engine on it; a failure while building still closes the store and frees the folder.
 */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock();
  const owned = openEngineStore({ dataDir: options.dataDir, clock, version: options.version, nativeBinding: options.sqliteNativeBinding });
  try {
    return assembleEngine(options, clock, owned);
  } catch (error) {
    void owned.close();
    throw error;
  }
}

function assembleEngine(options: EngineOptions, clock: Clock, owned: EngineStore): Engine {
  const store = owned.store;
  const events = createEventHub((error) => console.error('casebridge: an event listener failed:', error));
  const health = createHealth({ clock, events });
  const storeFaults = createStoreFaultWatch({ path: store.path, health });
  const logRepo = createLogRepo(store);
  const log = createLogBus({ repo: logRepo, clock, events, writes: createLogWriteAlarm({ health, store: storeFaults }) });
  owned.checkInBackground({ health, log: (level, message) => log.write({ level, source: 'store', message }) });
  const diskSpace = startDiskSpaceMonitor({ dir: options.dataDir, health, warn: (message) => log.write({ level: 'warn', source: 'store', message }) });
  const settings = createSettingsRepo(store.db);
  const operator = operatorName(options.host);
  const logQueries = createLogQueries(store.db);
  const logViewer = createLogViewer({ queries: logQueries, repo: logRepo, settings, clock, log, operator, flush: () => log.flush() });
  const preferences = createPreferences({ settings, clock, events, log });
  const tascomiSettings = createTascomiSettingsService({
    settings,
    secrets: options.secrets,
    clock,
    log,
    prober: createTascomiDiagnostics({ clock, log }),
  });
  const tascomi = createTascomiConnection({ settings: tascomiSettings, clock, log });
  const civicaCxSettings = createCivicaCxSettingsService({ settings, secrets: options.secrets, clock, log, prober: createCxDiagnostics({ clock, log }) });
  const civicaCx = createCivicaCxConnection({ settings: civicaCxSettings, clock, log });
  const cxCustomerData = createCxCustomerData({ client: () => civicaCx.client(), settings: () => civicaCxSettings.get(), cache: createCxCacheRepo(store.db), clock });
  const tenants = createTenantsService({
    data: cxCustomerData,
    client: () => civicaCx.client(),
    clock,
    log,
    operator,
  });
  const templateRepo = createTemplateRepo(store.db);
  const references = createReferenceService({ repo: createReferenceRepo(store.db), templates: templateRepo, clock, log });
  const templates = createTemplateService({
    repo: templateRepo,
    references,
    clock,
    log,
    // A template a rule applies cannot be deleted (`rules` is built below; this runs only on delete).
    isTemplateInUse: (id) => rules.rulesUsingTemplate(id),
  });
  const cases = createCaseStore({ repo: createCaseRepo(store), clock });
  const rules = createRuleService({ repo: createRuleRepo(store.db), clock, log, templateKind: (id) => templateKindOf(templates, id) });

  // Jobs: one durable queue, and a worker per connector that sends through the connector.
  const jobSettings = createJobSettings({ settings, clock, log, onChange: (connector, s) => workers[connector].worker.setConcurrency(s.concurrency) });
  const queue = createJobQueue({
    repo: createJobRepo(store),
    clock,
    policy: (connector) => jobSettings.policy(connector),
    // Built only when a console (or the tray) listens: the view formats three times in the zone.
    onChange: (job) => events.isHeard('jobChanged') && events.emit('jobChanged', toJobView(job, clock.zone, templateRepo.byId(job.templateId)?.name)),
  });
  const jobQueries = createJobQueries(store.db);
  // Read once per settings save, not per job (reading the target opens the secret store).
  let serviceRequestSettingsCache: Promise<{ streetRecordText?: string }> | undefined;
  const serviceRequestSettings = () =>
    (serviceRequestSettingsCache ??= tascomiSettings.activeTarget().then(
      (target) => ({ streetRecordText: target?.streetRecordText }),
      (error: unknown) => {
        serviceRequestSettingsCache = undefined;
        throw error;
      },
    ));
  // Whether Tascomi is configured, read once per settings save: while it is not, jobs wait unspent.
  let tascomiReadiness: Promise<string | undefined> | undefined;
  const tascomiWaitingFor = () =>
    (tascomiReadiness ??= tascomiSettings.activeTarget().then(
      (target) => (target ? undefined : NOT_CONFIGURED),
      (error: unknown) => `the Tascomi settings could not be read (${error instanceof Error ? error.message : String(error)}).`,
    ));
  // The same for Civica Cx, which also needs a company chosen before a repair can be raised; the
  // company is read from the same settings read, not once per attempt.
  let cxTarget: Promise<Awaited<ReturnType<typeof civicaCxSettings.activeTarget>>> | undefined;
  const cxActiveTarget = () =>
    (cxTarget ??= civicaCxSettings.activeTarget().catch((error: unknown) => {
      cxTarget = undefined;
      throw error;
    }));
  const cxWaitingFor = () =>
    cxActiveTarget().then(
      (target) => (!target ? CX_NOT_CONFIGURED : target.companyCode ? undefined : CX_NO_COMPANY),
      (error: unknown) => `the Civica Cx settings could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  const connectorWorker = (connector: ConnectorId, execute: Executor, blockedReason: () => Promise<string | undefined>) => {
    const breaker = createCircuitBreaker(clock);
    if (jobSettings.isPaused(connector)) breaker.pause();
    const worker = createWorker({
      queue,
      breaker,
      clock,
      connector,
      concurrency: jobSettings.get(connector).concurrency,
      // Short, and renewed while an attempt runs: after a crash its jobs return to the queue within a minute or two.
      leaseMs: 60_000,
      blockedReason,
      log: (entry) => log.write(entry),
      execute,
    });
    return { worker, breaker };
  };
  const workers: Record<ConnectorId, { worker: Worker; breaker: CircuitBreaker }> = {
    tascomi: connectorWorker(
      'tascomi',
      createTascomiExecutor({
        cases,
        template: (id, version) => templates.get(id, version),
        incomingTemplates: (reference) => templates.incomingFor('tascomi', reference),
        tascomi,
        settings: serviceRequestSettings,
        log,
      }),
      tascomiWaitingFor,
    ),
    'civica-cx': connectorWorker(
      'civica-cx',
      createCxExecutor({
        cases,
        template: (id, version) => templates.get(id, version),
        civicaCx,
        company: async () => (await cxActiveTarget())?.companyCode ?? '',
        dayBefore: (ms) => DateTime.fromMillis(ms, { zone: 'utc' }).minus({ days: 1 }).toFormat('yyyy-MM-dd'),
        contactChanged: (company, contactId) => cxCustomerData.forgetContact(company, contactId),
      }),
      cxWaitingFor,
    ),
  };
  const allWorkers = Object.values(workers).map((w) => w.worker);
  const intake = createIntake({
    cases,
    rules,
    queue,
    template: (id) => templates.get(id),
    onQueued: () => allWorkers.forEach((w) => w.wake()),
    log,
    // Durable: the 202 the CRM gets says the case and its jobs are stored (with syncLater, once syncToDisk says so).
    transaction: (fn, options) => (options?.syncLater ? store.write(fn) : store.durable(() => store.write(fn))),
    syncToDisk: () => store.syncToDisk(),
  });
  const caseImport = createCaseImport({ intake, log });
  const tascomiSync = createTascomiSync({
    settings,
    client: () => tascomi.client(),
    serviceRequestSettings,
    cases,
    incomingTemplates: () => templates.list().filter((t) => t.connector === 'tascomi' && t.type === 'incoming').map((t) => templates.get(t.id)),
    clock,
    log,
  });
  if (options.startWorkers !== false) {
    allWorkers.forEach((w) => w.start());
    tascomiSync.start();
    logViewer.start();
  }
  const intakeListener = createIntakeListener({
    settings,
    secrets: options.secrets,
    intake: guardMethods(intake, storeFaults.observe),
    unavailable: () => caseRefusalWhileDamaged(health),
    clock,
    log,
  });
  // A failure is logged and shown in the intake status, not fatal; readers and close() wait for it.
  void intakeListener.start();
  const jobConsole = createJobConsole({
    queue,
    queries: jobQueries,
    logQueries: { outcomesByHour: (...args) => (log.flush(), logQueries.outcomesByHour(...args)) },
    workers,
    jobSettings,
    templateNames: () => new Map(templates.list().map((t) => [t.id, t.name])),
    clock,
    log,
    operator,
  });
  const network = createNetworkService({ settings, clock, log, tascomi: tascomiSettings, civicaCx: civicaCxSettings });
  const templateFiles = createTemplateFiles({ templates, references, clock, log });
  const startedAt = clock.now().toISO()!;

  const info = (): AppInfo => ({
    name: 'casebridge',
    version: options.version,
    host: options.host,
    dataDir: options.dataDir,
    databasePath: store.path,
    schemaVersion: store.schema.version,
    schemaTag: store.schema.tag,
    timeZone: clock.zone,
    platform: `${process.platform} ${process.arch}`,
    versions: { node: process.versions.node, sqlite: store.sqliteVersion, ...options.versions },
    startedAt,
  });

  // Every call's store failures (a full disk, a damaged file) answered in words naming the file, with their alarm raised.
  const handlers: Handlers = guardMethods<Handlers>({
    getAppInfo: () => info(),
    getHealth: () => health.active(),
    getPreferences: () => preferences.get(),
    setPreferences: (patch) => preferences.set(patch),
    listRecentLog: ({ limit, beforeId }) => log.recent(limit, beforeId),
    queryLog: ({ filter, limit, beforeId }) => logViewer.page(filter, limit, beforeId),
    countLog: ({ filter }) => logViewer.count(filter),
    getLogEntry: ({ id, revealPersonal }) => logViewer.detail(id, revealPersonal),
    exportLog: ({ filter, limit, afterId }) => logViewer.exportBatch(filter, limit, afterId),
    getLogSettings: () => logViewer.settings(),
    saveLogSettings: (input) => logViewer.saveSettings(input),
    getTascomiSettings: () => tascomiSettings.get(),
    saveTascomiSettings: async (input) => {
      const result = await tascomiSettings.save(input);
      if (result.saved) {
        tascomi.reset();
        tascomiReadiness = undefined;
        serviceRequestSettingsCache = undefined;
        workers.tascomi.worker.wake();
      }
      return result;
    },
    testTascomiConnection: (probe) => tascomiSettings.test(probe),
    checkTascomiAccess: (probe) => tascomiSettings.checkAccess(probe),
    refreshTascomiCodeLists: () => tascomi.refreshCodeLists(),
    getCivicaCxSettings: () => civicaCxSettings.get(),
    saveCivicaCxSettings: async (input) => {
      const result = await civicaCxSettings.save(input);
      if (result.saved) {
        civicaCx.reset();
        cxTarget = undefined;
        workers['civica-cx'].worker.wake();
      }
      return result;
    },
    listCivicaCxCompanies: (probe) => civicaCxSettings.listCompanies(probe),
    testCivicaCxConnection: (probe) => civicaCxSettings.test(probe),
    findTenants: (criteria) => tenants.find(criteria),
    getTenantRepairs: ({ contactId, refresh }) => tenants.repairs(contactId, refresh),
    cancelRepair: ({ contactId, repairRef }) => tenants.cancelRepair(contactId, repairRef),
    cancelAppointment: ({ contactId, appointmentId }) => tenants.cancelAppointment(contactId, appointmentId),
    getTascomiSync: () => tascomiSync.view(),
    saveTascomiSync: (input) => tascomiSync.save(input),
    runTascomiSync: () => tascomiSync.runNow(),
    getTascomiCodeList: async ({ list }) => (await (await tascomi.codeLists()).get(list)).map(codeEntryView),

    listReferences: () => references.list(),
    createReference: ({ name }) => references.create(name),
    renameReference: ({ id, name }) => references.rename(id, name),
    deleteReference: ({ id }) => references.delete(id),

    listTemplates: () => templates.list(),
    getTemplate: ({ id, version }) => templates.get(id, version),
    saveTemplate: ({ id, draft }) => templates.save(id, draft),
    duplicateTemplate: ({ id }) => templates.duplicate(id),
    renameTemplate: ({ id, name }) => templates.rename(id, name),
    deleteTemplate: ({ id }) => templates.delete(id),
    listTemplateVersions: ({ id }) => templates.versions(id),
    restoreTemplateVersion: ({ id, version }) => templates.restore(id, version),
    exportTemplate: ({ id, version }) => templateFiles.export(id, version),
    importTemplate: ({ content }) => templateFiles.import(content),

    listSampleCases: () => listSampleCases(),
    getIntakeSettings: () => intakeListener.get(),
    saveIntakeSettings: (input) => intakeListener.save(input),
    listRecentCases: ({ limit }) => cases.recent(limit).flatMap((summary) => cases.get(summary.id) ?? []),
    listCases: ({ search, limit }) => cases.search(search, limit),
    getCase: ({ id }) => {
      const kase = cases.get(id);
      const times = cases.times(id);
      if (!kase || !times) throw new CallRefusedError(`There is no case '${id}' in casebridge.`, 'invalid_input', [{ path: 'id', message: 'no such case' }]);
      return { case: kase, ...times, jobs: jobConsole.list({ caseId: id }, 200), log: log.byCase(id, 200) };
    },
    submitCase: ({ case: kase }) => caseImport.submit(kase),
    importCases: ({ content, fileName }) => caseImport.importFile(content, fileName),
    applyTemplate: ({ caseId, templateId }) => {
      if (!cases.get(caseId)) throw new CallRefusedError(`There is no case '${caseId}' in casebridge.`, 'invalid_input', [{ path: 'caseId', message: 'no such case' }]);
      const template = templates.list().find((t) => t.id === templateId);
      if (!template) throw new CallRefusedError(`There is no template with id ${templateId}.`, 'invalid_input', [{ path: 'templateId', message: 'no such template' }]);
      if (template.type === 'incoming') {
        throw new CallRefusedError(`'${template.name}' is an incoming template: it is applied after a create or update, not by hand.`, 'invalid_input', [{ path: 'templateId', message: 'an incoming template cannot be queued' }]);
      }
      return toJobView(intake.applyTemplate(caseId, templateId), clock.zone, template.name);
    },

    listRules: () => rules.list(),
    createRule: (input) => rules.create(input),
    updateRule: ({ id, rule }) => rules.update(id, rule),
    setRuleEnabled: ({ id, enabled }) => rules.setEnabled(id, enabled),
    deleteRule: ({ id }) => rules.delete(id),

    listJobs: ({ filter, limit, beforeId }) => jobConsole.list(filter, limit, beforeId),
    countJobs: ({ filter }) => jobConsole.count(filter),
    retryJob: ({ id }) => jobConsole.retry(id),
    cancelJob: ({ id }) => jobConsole.cancel(id),
    previewBulkRetry: ({ filter }) => jobConsole.previewBulkRetry(filter),
    bulkRetryJobs: ({ filter, expectedCount }) => jobConsole.bulkRetry(filter, expectedCount),
    getQueueStatus: () => jobConsole.status(),
    pauseQueue: ({ connector }) => jobConsole.pause(connector),
    resumeQueue: ({ connector }) => jobConsole.resume(connector),
    getOutcomeHistory: ({ hours }) => jobConsole.outcomeHistory(hours),
    getJobSettings: ({ connector }) => jobSettings.get(connector),
    saveJobSettings: ({ connector, settings: input }) => jobSettings.save(connector, input),

    getNetworkInfo: () => network.info(),
    saveNetworkSettings: (input) => network.saveSettings(input),
    diagnoseConnection: ({ connector }) => network.diagnose(connector),

    previewTemplate: async ({ draft, case: kase }) =>
      evaluateTemplate(kase, draft, { schema: templateSchema(draft.connector), codeLists: await codeListsForDraft(tascomi, draft) }),
  }, storeFaults.observe);

  log.write({
    level: 'info',
    source: 'engine',
    message: `Engine started (${options.host}, version ${options.version}, schema ${store.schema.version}); secrets kept in a ${options.secrets.protection}; ${
      owned.startCheck.checked ? `store checked at start (${owned.startCheck.reason}): intact, ${Math.round(owned.startCheck.ms)} ms` : 'store being checked in the background'
    }.`,
  });

  let closed = false;
  return {
    handlers,
    log,
    secrets: options.secrets,
    info,
    on: events.on,
    onAnyEvent: events.onAny,
    intake,
    jobs: { queue, runUntilIdle: () => runAllUntilIdle(allWorkers) },
    pruneLog: () => logViewer.prune(),
    async close() {
      if (closed) return;
      closed = true;
      // Every loop stops together, at once (waits end, a poll's request is aborted, a prune stops
      // between batches); running attempts finish, or go back to the queue after 10 s, before the
      // store closes. Every step runs even when one before failed (a full disk): the store is always
      // closed, the folder freed.
      await runStopSteps([
        ['closing the case intake', () => intakeListener.close()],
        [
          'stopping the background loops (sync, log retention, job workers)',
          async () => void (await Promise.all([tascomiSync.stop(), logViewer.stop(), ...allWorkers.map((w) => w.stop({ timeoutMs: 10_000 }))])),
        ],
        ['closing the connections', () => (network.stop(), tascomi.close(), civicaCx.close())],
        ['stopping the disk space check', () => diskSpace.stop()],
        ['logging the stop', () => (log.write({ level: 'info', source: 'engine', message: 'Engine stopped.' }), log.close())],
      ]);
      await owned.close();
    },
  };
}

/** Tests: drives each connector's worker in turn until it has nothing left to do (jobs never queue jobs). */
async function runAllUntilIdle(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) await worker.runUntilIdle();
}

/** Who is at the console, for records such as "personal details revealed by ...". */
function operatorName(host: AppInfo['host']): string {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // no user name in this environment (a container); the host still says which console it was
  }
  return `${user} (${host === 'desktop' ? 'desktop app' : 'browser console of the headless host'})`;
}

/** A live template's type, or undefined when there is no such template (rules name templates by id). */
function templateKindOf(templates: Pick<TemplateService, 'list'>, id: number): TemplateKind | undefined {
  return templates.list().find((t) => t.id === id)?.type;
}
