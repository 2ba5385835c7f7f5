/**
 * Erasure on the store: the erasure of one case (case-erasure.ts), which the console, the CRM's
 * signed DELETE and retention all go through, and case retention's hourly loop (case-retention.ts).
 */
import type { Clock } from '../clock';
import type { JobSystem } from '../jobs/job-system';
import type { AccessAudit } from '../log/access-audit';
import type { LogBus } from '../log/log-bus';
import { createCaseErasureRepo } from '../store/case-erasure-repo';
import type { Store } from '../store/open-store';
import type { SettingsRepo } from '../store/settings-repo';
import { createCaseErasure, ERASED_BY_CRM } from './case-erasure';
import { createCaseRetention } from './case-retention';
import type { CaseStore } from './case-store';

export function createErasureSystem(deps: {
  store: Store;
  cases: Pick<CaseStore, 'get'>;
  jobs: Pick<JobSystem, 'queue' | 'announce'>;
  log: LogBus;
  audit: Pick<AccessAudit, 'record'>;
  settings: SettingsRepo;
  clock: Clock;
}) {
  const repo = createCaseErasureRepo(deps.store);
  const erasure = createCaseErasure({ ...deps, repo, jobs: deps.jobs.queue, jobChanged: deps.jobs.announce });
  const retention = createCaseRetention({ repo, erasure, settings: deps.settings, clock: deps.clock, log: deps.log });
  return {
    erasure,
    retention,
    /** The CRM's signed DELETE /cases/{id} (webhook.ts), recorded as the CRM's. */
    eraseForCrm: (id: string) => erasure.erase(id, ERASED_BY_CRM, { reason: 'asked by the CRM (a signed DELETE /cases/{id} on the webhook)' }),
  };
}
