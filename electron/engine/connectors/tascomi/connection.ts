/**
 * The live Tascomi connection for the saved settings: one client (keep-alive connections and one
 * estimate of the server's clock) and one code-list cache, built on first use and rebuilt after the
 * settings change, so every caller (jobs, the designer, the console) shares them.
 */
import type { CodeListSummary } from '../../../../shared/domain/tascomi';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { recordExchange } from '../http/exchange-capture';
import { createTascomiClient, type TascomiClient } from './client';
import { createCodeLists, type CodeLists } from './code-lists';
import { TASCOMI_CODE_LISTS } from '../../../../shared/connectors/tascomi-schema';
import type { TascomiSettingsService } from './settings-service';

export interface TascomiConnection {
  /** Rejects with a plain reason while the integration is disabled or incomplete. */
  client(): Promise<TascomiClient>;
  codeLists(): Promise<CodeLists>;
  /** Reads every code list again now, logs it, and answers what each holds. */
  refreshCodeLists(): Promise<CodeListSummary[]>;
  /** Drops the client and the cache; the next use builds them from the settings as saved now. */
  reset(): void;
  close(): void;
}

export const NOT_CONFIGURED =
  'The Tascomi integration is not enabled, or its settings are incomplete: save them on the Connections page first.';

export function createTascomiConnection(deps: { settings: Pick<TascomiSettingsService, 'activeTarget'>; clock: Clock; log: LogBus }): TascomiConnection {
  let current: Promise<{ client: TascomiClient; codeLists: CodeLists }> | undefined;

  const build = async () => {
    const target = await deps.settings.activeTarget();
    if (!target) throw new Error(NOT_CONFIGURED);
    const client = createTascomiClient({ ...target, clock: deps.clock, log: deps.log, onExchange: recordExchange });
    return { client, codeLists: createCodeLists({ client, clock: deps.clock, ttlSeconds: target.codeListTtlSeconds, log: deps.log }) };
  };
  const get = () => {
    current ??= build().catch((error: unknown) => {
      current = undefined; // not cached: the next call reads the settings again
      throw error;
    });
    return current;
  };
  const reset = () => {
    const old = current;
    current = undefined;
    old?.then(({ client }) => client.close()).catch(() => {});
  };
  return {
    client: async () => (await get()).client,
    codeLists: async () => (await get()).codeLists,
    async refreshCodeLists() {
      const { codeLists } = await get();
      await codeLists.refresh();
      const summaries: CodeListSummary[] = [];
      for (const list of TASCOMI_CODE_LISTS) {
        const entries = await codeLists.get(list.name);
        summaries.push({ name: list.name, label: list.label, count: entries.length, fetchedAt: codeLists.fetchedAt(list.name)!.toISO()! });
      }
      deps.log.write({
        level: 'info',
        source: 'tascomi',
        message: `Tascomi code lists refreshed: ${summaries.map((s) => `${s.count} ${s.label.toLowerCase()}`).join(', ')}.`,
      });
      return summaries;
    },
    reset,
    close: reset,
  };
}
