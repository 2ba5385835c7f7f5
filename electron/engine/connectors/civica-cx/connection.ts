/**
 * The live Civica Cx connection for the saved settings: one client (one token in memory, keep-alive
 * connections) and what jobs need of the settings (whether they can be sent, the company chosen),
 * read on first use and again after the settings are saved (reset), so every caller shares them.
 */
import type { CivicaCxSettings } from '../../../../shared/domain/civica-cx';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { recordExchange } from '../http/exchange-capture';
import { keptAnswer } from '../kept-answer';
import { applySavedLimit, type RateLimits } from '../rate-limits';
import { createCivicaCxClient, type CivicaCxClient } from './client';
import type { CivicaCxSettingsService } from './settings-service';

export interface CivicaCxConnection {
  /** Rejects with a plain reason while the integration is disabled or incomplete. */
  client(): Promise<CivicaCxClient>;
  /** The company chosen (read once per settings save, not per attempt); '' when none is. */
  company(): Promise<string>;
  /** Why jobs wait unspent (not configured, no company chosen), or undefined when they can be sent. */
  waitingFor(): Promise<string | undefined>;
  /** Drops the client (and its token) and what was read of the settings; the next use reads them as saved now. */
  reset(): void;
  close(): void;
}

export const CX_NOT_CONFIGURED = 'The Civica Cx integration is not enabled, or its settings are incomplete: save them on the Connections page first.';
export const CX_NO_COMPANY = 'No Civica Cx company is chosen: connect and choose one on the Connections page.';

export function createCivicaCxConnection(deps: {
  settings: Pick<CivicaCxSettingsService, 'activeTarget'>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  /** The connection's rate limit, shared with every other caller of the same Cx; none: unlimited. */
  rateLimits?: Pick<RateLimits, 'limiterFor'>;
}): CivicaCxConnection {
  const limiterFor = (active: { baseUrl: string; rateLimit: CivicaCxSettings['rateLimit'] }) => deps.rateLimits?.limiterFor('civica-cx', active.baseUrl, active.rateLimit);
  const live = keptAnswer(async () => {
    const target = await deps.settings.activeTarget();
    if (!target) throw new Error(CX_NOT_CONFIGURED);
    const { baseUrl, username, password } = target;
    return createCivicaCxClient({ baseUrl, username, password, clock: deps.clock, log: deps.log, onExchange: recordExchange, rateLimit: limiterFor(target) });
  });
  const target = keptAnswer(() => deps.settings.activeTarget());
  const drop = () => {
    live.reset((client) => client.close());
    target.reset();
  };
  const reset = () => {
    drop();
    applySavedLimit(deps.rateLimits, 'civica-cx', () => target.get());
  };
  return {
    client: () => live.get(),
    company: async () => (await target.get())?.companyCode ?? '',
    waitingFor: () =>
      target.get().then(
        (active) => (!active ? CX_NOT_CONFIGURED : active.companyCode ? undefined : CX_NO_COMPANY),
        (error: unknown) => `the Civica Cx settings could not be read (${error instanceof Error ? error.message : String(error)}).`,
      ),
    reset,
    close: drop,
  };
}
