/**
 * Where cases come in: the rules, the intake (a case and the jobs its rules queue, in one durable
 * commit), file imports and test cases, and the webhook listener the CRM posts to. While the store
 * is damaged the webhook refuses cases (503), so the CRM keeps them.
 */
import type { CaseErasure } from '../../../shared/domain/case-erasure';
import type { Clock } from '../clock';
import type { Health } from '../health';
import type { JobQueue } from '../jobs/queue';
import type { LogBus } from '../log/log-bus';
import type { TemplateService } from '../mapping/templates';
import type { SecretStore } from '../secrets';
import type { Store } from '../store/open-store';
import { createRuleRepo } from '../store/rule-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { caseRefusalWhileDamaged, guardMethods, type StoreFaultWatch } from '../store/store-faults';
import { createCaseImport } from './case-import';
import type { CaseStore } from './case-store';
import { createIntake } from './intake';
import { createIntakeListener } from './intake-listener';
import type { WebhookMonitoring } from './webhook';
import { createRuleService } from './rules';

export type CaseSystem = ReturnType<typeof createCaseSystem>;

export function createCaseSystem(deps: {
  store: Store;
  cases: CaseStore;
  settings: SettingsRepo;
  secrets: SecretStore;
  clock: Clock;
  log: LogBus;
  health: Pick<Health, 'isActive'>;
  storeFaults: Pick<StoreFaultWatch, 'observe'>;
  templates: Pick<TemplateService, 'kind' | 'current'>;
  queue: Pick<JobQueue, 'enqueue'>;
  /** Jobs were queued: the workers stop waiting. */
  onQueued(): void;
  /** Who is acting (acting-person.ts): "Apply template" names them on the job it queues. */
  operator: () => string;
  /** Erases a case at the CRM's signed request (DELETE /cases/{id}); throws ErasureRefused. */
  erase?: (id: string) => CaseErasure;
  /** The engine's monitoring, for the listener's `/healthz` and its request counts. */
  monitoring?: WebhookMonitoring;
}) {
  const { store, clock, log } = deps;
  const rules = createRuleService({ repo: createRuleRepo(store.db), clock, log, templateKind: (id) => deps.templates.kind(id) });
  const intake = createIntake({
    cases: deps.cases,
    rules,
    queue: deps.queue,
    template: (id, path = 'id') => deps.templates.current(id, path),
    onQueued: deps.onQueued,
    log,
    operator: deps.operator,
    // Durable: the 202 the CRM gets says the case and its jobs are stored (with syncLater, once syncToDisk says so).
    transaction: (fn, options) => (options?.syncLater ? store.write(fn) : store.durable(() => store.write(fn))),
    syncToDisk: () => store.syncToDisk(),
  });
  const listener = createIntakeListener({
    settings: deps.settings,
    secrets: deps.secrets,
    intake: guardMethods(intake, deps.storeFaults.observe),
    unavailable: () => caseRefusalWhileDamaged(deps.health),
    ...(deps.erase ? { erase: guardMethods({ erase: deps.erase }, deps.storeFaults.observe).erase } : {}),
    ...(deps.monitoring ? { monitoring: deps.monitoring } : {}),
    clock,
    log,
  });
  return { rules, intake, caseImport: createCaseImport({ intake, log }), listener };
}
