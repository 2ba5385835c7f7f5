/**
 * The back-office systems casebridge sends to, each as its settings service (saved settings, tests
 * of a connection) and its live connection (the client, and the settings snapshot jobs wait on),
 * plus what Civica Cx keeps of its customers and the tenants' page over it, and each connection's
 * rate limit (./rate-limits.ts), which diagnostics share too. Built once per engine; every caller
 * shares them.
 */
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { SecretStore } from '../secrets';
import { createCxCacheRepo } from '../store/cx-cache-repo';
import type { Db } from '../store/open-store';
import type { SettingsRepo } from '../store/settings-repo';
import { createCivicaCxConnection } from './civica-cx/connection';
import { createCxCustomerData } from './civica-cx/customer-data';
import { createCxDiagnostics } from './civica-cx/diagnostics';
import { createCivicaCxSettingsService } from './civica-cx/settings-service';
import { createTenantsService } from './civica-cx/tenants-service';
import { createTascomiConnection } from './tascomi/connection';
import { createTascomiDiagnostics } from './tascomi/diagnostics';
import { createTascomiSettingsService } from './tascomi/settings-service';
import { createRateLimits, type RateLimits } from './rate-limits';

export type Connections = ReturnType<typeof createConnections>;

/** `operator`: who is acting (acting-person.ts), for the record of a repair or appointment cancelled and of a write access check. */
export function createConnections(deps: { db: Db; settings: SettingsRepo; secrets: SecretStore; clock: Clock; log: LogBus; operator: () => string; rateLimits?: RateLimits }) {
  const { settings, secrets, clock, log } = deps;
  const rateLimits = deps.rateLimits ?? createRateLimits({ clock, log });
  const tascomiSettings = createTascomiSettingsService({ settings, secrets, clock, log, prober: createTascomiDiagnostics({ clock, log, rateLimits, operator: deps.operator }) });
  const cxSettings = createCivicaCxSettingsService({ settings, secrets, clock, log, prober: createCxDiagnostics({ clock, log, rateLimits }) });
  const cx = createCivicaCxConnection({ settings: cxSettings, clock, log, rateLimits });
  const tascomi = createTascomiConnection({ settings: tascomiSettings, clock, log, rateLimits });
  const customers = createCxCustomerData({ client: () => cx.client(), settings: () => cxSettings.get(), cache: createCxCacheRepo(deps.db), clock });
  return {
    rateLimits,
    tascomi: { settings: tascomiSettings, connection: tascomi },
    civicaCx: {
      settings: cxSettings,
      connection: cx,
      customers,
      tenants: createTenantsService({ data: customers, client: () => cx.client(), clock, log, operator: deps.operator }),
    },
    /** Closes both clients and ends every wait for a rate limit (the engine is stopping). */
    close(): void {
      tascomi.close();
      cx.close();
      rateLimits.close();
    },
  };
}
