/**
 * The composition root: the only module that wires the engine together, and it does only that.
 * Each floor assembles its own components on the store (log/log-system.ts, connectors/connections.ts,
 * mapping/template-system.ts, jobs/job-system.ts, cases/case-system.ts); each component owns its
 * state and its checks (a connection its settings snapshot and what jobs wait for, the case store
 * and the intake their refusals); the contract's handlers are one group per area in calls/. Hosts
 * (the Electron shell, the headless host, tests) call createEngine and bind `handlers` and the event
 * hub to their transport.
 */
import type { Handlers, Unsubscribe } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain/app-info';
import type { Caller } from '../../shared/domain/people';
import type { ConnectorId } from '../../shared/domain/job';
import { appInfoOf } from './app-info';
import { appCalls } from './calls/app-calls';
import { alertCalls } from './calls/alert-calls';
import { createAlertSystem, type AlertSystem } from './alerts/alert-system';
import { createBackupSystem, type BackupSystem } from './backup/backup-system';
import { auditCalls } from './calls/audit-calls';
import { backupCalls } from './calls/backup-calls';
import { caseCalls } from './calls/case-calls';
import { caseErasureCalls } from './calls/case-erasure-calls';
import { civicaCxCalls } from './calls/civica-cx-calls';
import { configurationCalls } from './calls/configuration-calls';
import { joinHandlers } from './calls/handler-table';
import { jobCalls } from './calls/job-calls';
import { logCalls } from './calls/log-calls';
import { networkCalls } from './calls/network-calls';
import { subjectAccessCalls } from './calls/subject-access-calls';
import { tascomiCalls } from './calls/tascomi-calls';
import { templateCalls } from './calls/template-calls';
import { createCaseStore } from './cases/case-store';
import { createCaseSystem } from './cases/case-system';
import { createErasureSystem } from './cases/erasure-system';
import { createSubjectAccess } from './cases/subject-access';
import { createSubjectAccessFile } from './cases/subject-access-file';
import type { Intake } from './cases/intake';
import { systemClock, type Clock } from './clock';
import { createConnections } from './connectors/connections';
import type { RateLimits } from './connectors/rate-limits';
import { startDiskSpaceMonitor } from './disk-space';
import { createEventHub, type AnyEventListener, type EventHub } from './events';
import { createHealth, type Health } from './health';
import type { EngineRestart } from './engine-restart';
import { createMonitoring, type Monitoring } from './monitoring/monitoring';
import { createEngineMetrics } from './monitoring/metrics';
import { createJobSystem } from './jobs/job-system';
import type { JobQueue } from './jobs/queue';
import type { LogBus } from './log/log-bus';
import { createLogSystem } from './log/log-system';
import { createTemplateSystem } from './mapping/template-system';
import { createNetworkService } from './network/network-service';
import { localCaller } from './operator';
import { actingFor, actingPerson, operatorFor } from './acting-person';
import { peopleCalls } from './calls/people-calls';
import { policyCalls } from './calls/policy-calls';
import { machinePolicyInEngine } from './policy/machine-policy';
import type { MachinePolicy } from './policy/policy-file';
import type { People } from './people/people';
import { createPeopleSystem, type PeopleOptions } from './people/people-system';
import { createPreferences } from './preferences';
import { createConfigurationPromotion } from './promotion/configuration-promotion';
import type { SecretStore } from './secrets';
import { runStopSteps } from './stop-steps';
import { createCaseRepo } from './store/case-repo';
import { openEngineStore, type EngineStore } from './store/engine-store';
import { createSettingsRepo } from './store/settings-repo';
import { createSubjectAccessQueries } from './store/subject-access-queries';
import { createStoreFaultWatch, guardMethods } from './store/store-faults';

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
  /** Start the case intake's listener (default true); a one-off command (import-config) takes no cases. */
  listen?: boolean;
  /** The connections' rate limits (default: each connection's saved limit); benchmarks of the engine itself lift them. */
  rateLimits?: RateLimits;
  /** Demo mode (the host's `--demo` options): the console shows a banner naming the emulator. */
  demo?: AppInfo['demo'];
  /** Session timeouts and (for tests) lighter password hashing. */
  people?: PeopleOptions;
  /** The machine policy the host read at start (policy/policy-file.ts); none when left out. */
  policy?: MachinePolicy;
  /** Restore from the console: the host's restart (engine-restart.ts); without it the console points to the command line. */
  restoreFromConsole?: EngineRestart['begin'];
  /** Certificates the alert channels trust besides the system's (tests; a council sets NODE_EXTRA_CA_CERTS). */
  alertCertificates?: string | string[];
}

export interface Engine {
  /** The contract's handlers; each runs on behalf of the caller the dispatcher names (acting-person.ts). */
  handlers: Handlers;
  /** The one person at this workstation (the desktop's IPC, the loopback host's token): an administrator. */
  localCaller: Caller;
  /** Accounts, sessions and single sign-on settings, for a host that signs people in. */
  people: People;
  log: LogBus;
  secrets: SecretStore;
  info(): AppInfo;
  on: EventHub['on'];
  onAnyEvent(listener: AnyEventListener): Unsubscribe;
  /** Case intake (the webhook and imports call it) and the job queue. */
  intake: Intake;
  jobs: { queue: JobQueue; runUntilIdle(): Promise<void> };
  /** `/healthz` and `/metrics` for the council's monitoring system. */
  monitoring: Pick<Monitoring, 'report' | 'metrics'>;
  /** Runs log retention now (it also runs hourly while workers run). */
  pruneLog(): Promise<number>;
  /** Runs case retention now (it also runs hourly while workers run); answers how many cases were erased. */
  eraseExpiredCases(): Promise<number>;
  /** Backups of the store: by hand, and daily while workers run. */
  backups: BackupSystem;
  /** The alarms; a host's restart raises one when a restore failed. */
  health: Pick<Health, 'raise'>;
  /** Alerts to email, Teams and webhooks: one turn of the check, and the deliveries due, by hand (tests on a fake clock). */
  alerts: Pick<AlertSystem, 'runOnce' | 'deliverDue'>;
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
  const { store } = owned;
  const { secrets } = options;
  const events = createEventHub((error) => console.error('casebridge: an event listener failed:', error));
  const health = createHealth({ clock, events });
  const storeFaults = createStoreFaultWatch({ path: store.path, health });
  const policy = machinePolicyInEngine(options.policy ?? { state: 'none', file: '' }, health);
  const settings = policy.settings(createSettingsRepo(store.db));
  const local = localCaller(options.host);
  // Records name the person whose call made them, read as each is written (acting-person.ts).
  const operator = operatorFor(local);
  const person = () => actingPerson()?.name;
  // Read at scrape time, once everything it reads exists (below).
  const metrics = createEngineMetrics({ report: () => monitoring.freshReport() });
  const {
    log,
    queries: logQueries,
    viewer: logViewer,
    audit,
  } = createLogSystem({
    store,
    settings,
    clock,
    events,
    health,
    storeFaults,
    operator,
    person,
    lost: metrics.logWriteFailed,
  });
  owned.checkInBackground({ health, log: (level, message) => log.write({ level, source: 'store', message }) });
  const diskSpace = startDiskSpaceMonitor({ dir: options.dataDir, health, warn: (message) => log.write({ level: 'warn', source: 'store', message }) });
  const connections = createConnections({ db: store.db, settings, secrets, clock, log, operator, rateLimits: options.rateLimits });
  const { tascomi, civicaCx } = connections;
  // A template a rule applies cannot be deleted (the rules are built below; this runs only on delete).
  const mapping = createTemplateSystem({ db: store.db, clock, log, isTemplateInUse: (id) => incoming.rules.rulesUsingTemplate(id) });
  const { templates } = mapping;
  const cases = createCaseStore({ repo: createCaseRepo(store), clock });
  const jobs = createJobSystem({ store, settings, clock, log, events, logQueries, connections, cases, templates, templateName: mapping.nameOf, operator });
  const monitoring = createMonitoring({ store, health, queue: jobs.queue, workers: jobs.workers.byConnector, diskSpace, clock, events, metrics });
  const { erasure, retention, eraseForCrm: erase } = createErasureSystem({ store, cases, jobs, log, audit, settings, clock });
  const incoming = createCaseSystem({
    store,
    cases,
    settings,
    secrets,
    clock,
    log,
    health,
    storeFaults,
    templates,
    queue: jobs.queue,
    operator,
    onQueued: () => jobs.workers.wakeAll(),
    erase,
    monitoring: { report: monitoring.report, answered: metrics.webhookAnswered },
  });
  const backups = createBackupSystem({
    store,
    dataDir: options.dataDir,
    version: options.version,
    settings,
    clock,
    health,
    log,
    events,
    nativeBinding: options.sqliteNativeBinding,
  });
  const alerts = createAlertSystem({
    store,
    settings,
    secrets,
    clock,
    log,
    events,
    sources: {
      breaker: (connector) => jobs.workers.byConnector[connector].breaker.state(),
      queued: (connector) => jobs.queue.countQueued(connector),
      sync: () => jobs.tascomiSync.view(),
      intake: () => incoming.listener.get(),
      alarms: () => health.active(),
    },
    ...(options.alertCertificates ? { ca: options.alertCertificates } : {}),
  });
  if (options.startWorkers !== false) {
    jobs.start();
    alerts.start();
    logViewer.start();
    retention.start();
    backups.start();
  }
  // A failure is logged and shown in the intake status, not fatal; readers and close() wait for it.
  if (options.listen !== false) void incoming.listener.start();
  const network = createNetworkService({ settings, clock, log, tascomi: tascomi.settings, civicaCx: civicaCx.settings, rateLimits: connections.rateLimits });
  const info = appInfoOf(options, store, clock);
  const subjectAccessQueries = createSubjectAccessQueries(store);
  const subjectAccessFile = createSubjectAccessFile({ queries: subjectAccessQueries, cases, jobs: jobs.queue, templateName: mapping.nameOf, clock, operator });
  const subjectAccess = createSubjectAccess({ queries: subjectAccessQueries, jobs: jobs.queue, file: subjectAccessFile, flushLog: () => log.flush(), audit, clock });
  const people = createPeopleSystem({ store, settings, secrets, clock, log, storeFaults: storeFaults.observe, ...options.people });
  const promotion = createConfigurationPromotion({
    ...mapping,
    version: options.version,
    clock,
    log,
    rules: incoming.rules,
    templateName: mapping.nameOf,
    jobSettings: jobs.settings,
    intake: {
      ...incoming.listener,
      start: () => (options.listen === false ? Promise.resolve() : incoming.listener.start()),
      locked: () => policy.lockedIn('intake'),
    },
    transaction: (fn) => store.durable(() => store.write(fn)),
  });
  const wakeWorker = (connector: ConnectorId) => () => jobs.workers.byConnector[connector].worker.wake();

  // Every call's store failures (a full disk, a damaged file) answered in words naming the file, with their alarm raised.
  const handlers: Handlers = guardMethods<Handlers>(
    joinHandlers(
      peopleCalls({ local, admin: people.admin, signInSettings: people.signInSettings }),
      appCalls({ info, health, preferences: createPreferences({ settings, clock, events, log }) }),
      logCalls({ log, viewer: logViewer }),
      auditCalls({ audit }),
      tascomiCalls({ ...tascomi, sync: jobs.tascomiSync, wakeWorker: wakeWorker('tascomi') }),
      civicaCxCalls({ ...civicaCx, wakeWorker: wakeWorker('civica-cx'), audit }),
      templateCalls({ ...mapping, tascomi: tascomi.connection }),
      caseCalls({ ...incoming, cases, jobs: jobs.console, log, templates, zone: clock.zone, audit }),
      jobCalls({ console: jobs.console, settings: jobs.settings, attempts: (jobId) => logViewer.jobAttempts(jobId) }),
      networkCalls({ network }),
      configurationCalls({ promotion }),
      caseErasureCalls({ erasure, retention, operator }),
      subjectAccessCalls({ subjectAccess }),
      backupCalls({ backups, person, restore: options.restoreFromConsole }),
      policyCalls({ policy }),
      alertCalls({ alerts, operator, zone: clock.zone }),
    ),
    storeFaults.observe,
  );
  // A call that would change a field the machine policy locks is refused (policy/policy-locks.ts).
  const acting = actingFor(policy.guard(handlers));

  const checked = owned.startCheck.checked
    ? `store checked at start (${owned.startCheck.reason}): intact, ${Math.round(owned.startCheck.ms)} ms`
    : 'store being checked in the background';
  log.write({
    level: 'info',
    source: 'engine',
    message: `Engine started (${options.host}, version ${options.version}, schema ${store.schema.version}); secrets kept in a ${secrets.protection}; ${checked}.`,
  });
  policy.announce((level, message) => log.write({ level, source: 'engine', message }));
  for (const problem of owned.privacyProblems) log.write({ level: 'warn', source: 'store', message: problem });

  let closed = false;
  return {
    handlers: acting,
    localCaller: local,
    people: people.people,
    log,
    secrets,
    info,
    on: events.on,
    onAnyEvent: events.onAny,
    intake: incoming.intake,
    jobs: { queue: jobs.queue, runUntilIdle: () => jobs.workers.runUntilIdle() },
    monitoring: { report: monitoring.report, metrics },
    pruneLog: () => logViewer.prune(),
    eraseExpiredCases: () => retention.run(),
    backups,
    health,
    alerts: { runOnce: () => alerts.runOnce(), deliverDue: () => alerts.deliverDue() },
    async close() {
      if (closed) return;
      closed = true;
      // Every loop stops together, at once (waits end, a poll's request is aborted, a prune stops
      // between batches); running attempts finish, or go back to the queue after 10 s, before the
      // store closes. Every step runs even when one before failed (a full disk): the store is always
      // closed, the folder freed.
      await runStopSteps([
        ['closing the case intake', () => incoming.listener.close()],
        ['finishing sign-ins in progress', () => people.close()],
        ['ending subject access searches', () => subjectAccess.stop()],
        [
          'stopping the background loops (sync, log and case retention, backups, job workers, alerts)',
          async () => void (await Promise.all([jobs.stop(), logViewer.stop(), retention.stop(), backups.stop(), alerts.stop()])),
        ],
        ['closing the connections', () => (network.stop(), connections.close())],
        ['stopping the disk space check', () => diskSpace.stop()],
        ['stopping the metrics', () => monitoring.stop()],
        ['logging the stop', () => (log.write({ level: 'info', source: 'engine', message: 'Engine stopped.' }), log.close())],
      ]);
      await owned.close();
    },
  };
}
