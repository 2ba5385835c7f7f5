/**
 * The integration log on the store: the bus every component writes to (its failures to store raise
 * the health alarm), the queries the console reads with, and the viewer (pages, reveal, export,
 * retention), and the access audit beside it (who looked at residents' data).
 */
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { Health } from '../health';
import { createLogQueries } from '../store/log-queries';
import { createAuditRepo } from '../store/audit-repo';
import { createLogRepo } from '../store/log-repo';
import type { Store } from '../store/open-store';
import type { SettingsRepo } from '../store/settings-repo';
import type { StoreFaultWatch } from '../store/store-faults';
import { createAccessAudit } from './access-audit';
import { createLogBus } from './log-bus';
import { createLogViewer } from './log-viewer';
import { createLogWriteAlarm } from './log-write-alarm';

export function createLogSystem(deps: {
  store: Store;
  settings: SettingsRepo;
  clock: Clock;
  events: EventHub;
  health: Pick<Health, 'raise' | 'clear'>;
  storeFaults: StoreFaultWatch;
  /** The acting person's name (or the local one's, outside a call), for the record of a reveal and the access audit. */
  operator: () => string;
  /** The person whose call is writing a log entry now; undefined for the engine's own work. */
  person: () => string | undefined;
  /** Told how many entries each failed store lost (the metrics count them). */
  lost?: (count: number) => void;
}) {
  const { store, clock } = deps;
  const repo = createLogRepo(store);
  const log = createLogBus({
    repo,
    clock,
    events: deps.events,
    person: deps.person,
    writes: createLogWriteAlarm({ health: deps.health, store: deps.storeFaults, lost: deps.lost }),
  });
  const queries = createLogQueries(store.db);
  const audit = createAccessAudit({ repo: createAuditRepo(store.db), clock, operator: deps.operator });
  const viewer = createLogViewer({ queries, repo, settings: deps.settings, clock, log, operator: deps.operator, audit, flush: () => log.flush() });
  return { log, queries, viewer, audit };
}
