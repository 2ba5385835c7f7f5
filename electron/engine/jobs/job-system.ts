/**
 * The job machinery on the store: the queue settings, the one durable queue (its changes heard as
 * the contract's `jobChanged`, once committed), a worker per connector sending through its
 * connection, the job console, and the sync of Tascomi's Service Requests back onto cases.
 */
import type { EventHub } from '../events';
import type { Clock } from '../clock';
import type { Connections } from '../connectors/connections';
import type { LogBus } from '../log/log-bus';
import type { TemplateService } from '../mapping/templates';
import { createJobQueries } from '../store/job-queries';
import { createJobRepo } from '../store/job-repo';
import type { LogQueries } from '../store/log-queries';
import type { Store } from '../store/open-store';
import type { SettingsRepo } from '../store/settings-repo';
import { createConnectorWorkers } from './connector-workers';
import { createCxExecutor, type CxExecutorDeps } from './cx-executor';
import { createJobConsole } from './job-console';
import { createJobSettings } from './job-settings';
import { toJobView } from './job-view';
import { createJobQueue, type Job } from './queue';
import { createTascomiExecutor, type TascomiExecutorDeps } from './tascomi-executor';
import { createTascomiSync, type TascomiSyncDeps } from './tascomi-sync';

export type JobSystem = ReturnType<typeof createJobSystem>;

export function createJobSystem(deps: {
  store: Store;
  settings: SettingsRepo;
  clock: Clock;
  log: LogBus;
  events: Pick<EventHub, 'emit' | 'isHeard'>;
  logQueries: Pick<LogQueries, 'outcomesByHour'>;
  connections: Connections;
  cases: TascomiExecutorDeps['cases'] & CxExecutorDeps['cases'] & TascomiSyncDeps['cases'];
  templates: Pick<TemplateService, 'get' | 'list' | 'incomingFor'>;
  /** A template's name now (a job keeps its template's id; the name may change). */
  templateName(id: number): string | undefined;
  /** Who is acting (acting-person.ts), read as each action by hand is recorded. */
  operator: () => string;
}) {
  const { store, settings, clock, log, cases, templates } = deps;
  const { tascomi, civicaCx } = deps.connections;
  const jobSettings = createJobSettings({ settings, clock, log, onChange: (connector, s) => workers.byConnector[connector].worker.setConcurrency(s.concurrency) });
  // Built only when a console (or the tray) listens: the view formats three times in the zone.
  const announce = (job: Job) => deps.events.isHeard('jobChanged') && deps.events.emit('jobChanged', toJobView(job, clock.zone, deps.templateName(job.templateId)));
  const queue = createJobQueue({ repo: createJobRepo(store), clock, policy: (connector) => jobSettings.policy(connector), onChange: announce });
  const template = (id: number, version?: number) => templates.get(id, version);
  const workers = createConnectorWorkers({
    queue,
    clock,
    jobSettings,
    log,
    templateName: deps.templateName,
    senders: {
      tascomi: {
        execute: createTascomiExecutor({
          cases,
          template,
          incomingTemplates: (reference) => templates.incomingFor('tascomi', reference),
          tascomi: tascomi.connection,
          settings: tascomi.connection.settings,
          log,
        }),
        waitingFor: tascomi.connection.waitingFor,
      },
      'civica-cx': {
        execute: createCxExecutor({
          cases,
          template,
          civicaCx: civicaCx.connection,
          company: civicaCx.connection.company,
          contactChanged: (company, contactId) => civicaCx.customers.forgetContact(company, contactId),
        }),
        waitingFor: civicaCx.connection.waitingFor,
      },
    },
  });
  const incomingTemplates = () =>
    templates
      .list()
      .filter((t) => t.connector === 'tascomi' && t.type === 'incoming')
      .map((t) => templates.get(t.id));
  const tascomiSync = createTascomiSync({
    settings,
    client: () => tascomi.connection.client(),
    serviceRequestSettings: tascomi.connection.settings,
    cases,
    incomingTemplates,
    clock,
    log,
  });
  const jobConsole = createJobConsole({
    queue,
    queries: createJobQueries(store.db),
    logQueries: { outcomesByHour: (...args) => (log.flush(), deps.logQueries.outcomesByHour(...args)) },
    workers: workers.byConnector,
    jobSettings,
    templateNames: () => new Map(templates.list().map((t) => [t.id, t.name])),
    clock,
    log,
    operator: deps.operator,
    warnings: { tascomi: () => tascomi.settings.duplicateGuardOff() },
    rateLimits: deps.connections.rateLimits,
  });
  return {
    settings: jobSettings,
    queue,
    workers,
    console: jobConsole,
    tascomiSync,
    /** Tells the consoles a job row changed outside the queue (an erasure), as the queue's own changes are. */
    announce: (job: Job): void => void announce(job),
    /** Starts the workers and the sync's polling. */
    start(): void {
      workers.start();
      tascomiSync.start();
    },
    /** Stops the workers (running attempts finish, or go back to the queue after 10 s) and the sync. */
    stop: async (): Promise<void> => void (await Promise.all([workers.stop(), tascomiSync.stop()])),
  };
}
