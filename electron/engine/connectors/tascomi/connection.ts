/**
 * The live Tascomi connection for the saved settings: one client (keep-alive connections and one
 * estimate of the server's clock), one code-list cache, and what jobs need of the settings (whether
 * they can be sent, the street record text), each read once and kept until the settings are saved
 * (reset), so every caller (jobs, the sync, the designer, the console) shares them.
 */
import type { CodeListSummary, TascomiSettings } from '../../../../shared/domain/tascomi';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { recordExchange } from '../http/exchange-capture';
import { keptAnswer } from '../kept-answer';
import { applySavedLimit, type RateLimits } from '../rate-limits';
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
  /** What a Service Request takes from the settings (read once per settings save, not per job). */
  settings(): Promise<{ streetRecordText?: string; duplicateGuardOff?: string }>;
  /** Why jobs wait unspent (the integration is not configured), or undefined when they can be sent. */
  waitingFor(): Promise<string | undefined>;
  /** Drops the client, the cache and what was read of the settings; the next use reads them as saved now. */
  reset(): void;
  close(): void;
}

export const NOT_CONFIGURED = 'The Tascomi integration is not enabled, or its settings are incomplete: save them on the Connections page first.';

export function createTascomiConnection(deps: {
  settings: Pick<TascomiSettingsService, 'activeTarget'> & Partial<Pick<TascomiSettingsService, 'duplicateGuardOff'>>;
  clock: Clock;
  log: LogBus;
  /** The connection's rate limit, shared with every other caller of the same Tascomi; none: unlimited. */
  rateLimits?: Pick<RateLimits, 'limiterFor'>;
}): TascomiConnection {
  const limiterFor = (active: { baseUrl: string; rateLimit: TascomiSettings['rateLimit'] }) => deps.rateLimits?.limiterFor('tascomi', active.baseUrl, active.rateLimit);
  const live = keptAnswer(async () => {
    const target = await deps.settings.activeTarget();
    if (!target) throw new Error(NOT_CONFIGURED);
    const client = createTascomiClient({ ...target, clock: deps.clock, log: deps.log, onExchange: recordExchange, rateLimit: limiterFor(target) });
    return { client, codeLists: createCodeLists({ client, clock: deps.clock, ttlSeconds: target.codeListTtlSeconds, log: deps.log }) };
  });
  const get = () => live.get();
  const target = keptAnswer(() => deps.settings.activeTarget());
  // Kept even when the settings could not be read: jobs wait, with the reason, until the next save.
  let readiness: Promise<string | undefined> | undefined;
  const drop = () => {
    live.reset(({ client }) => client.close());
    target.reset();
    readiness = undefined;
  };
  const reset = () => {
    drop();
    applySavedLimit(deps.rateLimits, 'tascomi', () => target.get());
  };
  return {
    // The guard is read each time: a connection test can change it without a save.
    settings: async () => {
      const duplicateGuardOff = deps.settings.duplicateGuardOff?.();
      return { streetRecordText: (await target.get())?.streetRecordText, ...(duplicateGuardOff ? { duplicateGuardOff } : {}) };
    },
    waitingFor: () =>
      (readiness ??= target.get().then(
        (active) => (active ? undefined : NOT_CONFIGURED),
        (error: unknown) => `the Tascomi settings could not be read (${error instanceof Error ? error.message : String(error)}).`,
      )),
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
    close: drop,
  };
}
