/**
 * The live Civica Cx connection for the saved settings: one client (one token in memory, keep-alive
 * connections), built on first use and rebuilt after the settings are saved, so every caller
 * shares it.
 */
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { recordExchange } from '../http/exchange-capture';
import { createCivicaCxClient, type CivicaCxClient } from './client';
import type { CivicaCxSettingsService } from './settings-service';

export interface CivicaCxConnection {
  /** Rejects with a plain reason while the integration is disabled or incomplete. */
  client(): Promise<CivicaCxClient>;
  /** Drops the client (and its token); the next use builds it from the settings as saved now. */
  reset(): void;
  close(): void;
}

export const CX_NOT_CONFIGURED =
  'The Civica Cx integration is not enabled, or its settings are incomplete: save them on the Connections page first.';
export const CX_NO_COMPANY = 'No Civica Cx company is chosen: connect and choose one on the Connections page.';

export function createCivicaCxConnection(deps: { settings: Pick<CivicaCxSettingsService, 'activeTarget'>; clock: Clock; log: Pick<LogBus, 'write'> }): CivicaCxConnection {
  let current: Promise<CivicaCxClient> | undefined;
  const build = async () => {
    const target = await deps.settings.activeTarget();
    if (!target) throw new Error(CX_NOT_CONFIGURED);
    return createCivicaCxClient({ baseUrl: target.baseUrl, username: target.username, password: target.password, clock: deps.clock, log: deps.log, onExchange: recordExchange });
  };
  const reset = () => {
    const old = current;
    current = undefined;
    old?.then((client) => client.close()).catch(() => {});
  };
  return {
    client() {
      current ??= build().catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },
    reset,
    close: reset,
  };
}
