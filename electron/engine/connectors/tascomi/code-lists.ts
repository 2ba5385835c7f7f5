/**
 * Tascomi's code lists (core functions, request codes, officers...), read with listAll and cached
 * for a time-to-live measured on the injected clock: the mapping designer and every job need them,
 * and they change rarely. Concurrent readers share one fetch. Mapped values are codes (the seed:
 * "Core Function (code)"), translated here to the ids Tascomi stores.
 */
import type { DateTime } from 'luxon';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { ConnectorError } from '../errors';
import type { TascomiClient, TascomiRecord } from './client';
import { parseTascomiBoolean } from './form';
import { TASCOMI_CODE_LISTS, type TascomiCodeListName } from '../../../../shared/connectors/tascomi-schema';
import { inactiveCodeReason, type CodeEntryInactive } from '../../../../shared/domain/tascomi';

export const DEFAULT_CODE_LIST_TTL_SECONDS = 3600;

/** One entry, normalised; the raw record's other fields ride along (normalised fields win). */
export interface CodeEntry {
  id: string;
  code?: string;
  label: string;
  /** Neither ceased nor disabled (codeEntryInactive), in every list. */
  active: boolean;
  inactive?: CodeEntryInactive;
  [field: string]: unknown;
}

export interface CodeLists {
  /** The list, from the cache while it is younger than the TTL. */
  get(list: TascomiCodeListName): Promise<CodeEntry[]>;
  /** Reads one list (or all of them) again now. */
  refresh(list?: TascomiCodeListName): Promise<void>;
  /** When the cached copy was read, or null. */
  fetchedAt(list: TascomiCodeListName): DateTime | null;
  /**
   * The entry a mapped value names: its code (case-insensitive), else its id, else its label.
   * Unknown values, and values naming only entries not in use, are a validation error naming `field`.
   */
  resolve(list: TascomiCodeListName, value: string, field?: string): Promise<CodeEntry>;
}

export interface CodeListsOptions {
  client: Pick<TascomiClient, 'listAll'>;
  clock: Clock;
  /** Time to live in seconds (a setting); 0 = always read again (concurrent readers still share). */
  ttlSeconds?: number;
  maxPages?: number;
  log?: Pick<LogBus, 'write'>;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s ? s : undefined;
}

/**
 * THE rule for "is this code entry in use", for every list (Tascomi keeps ceased and disabled
 * entries listed): ceased = 't' wins over enabled = 'f'; a list without those columns is in use.
 */
export function codeEntryInactive(raw: TascomiRecord): CodeEntryInactive | undefined {
  if (parseTascomiBoolean(raw.ceased) === true) return 'ceased';
  if (parseTascomiBoolean(raw.enabled) === false) return 'disabled';
  return undefined;
}

export function normaliseCodeEntry(list: TascomiCodeListName, raw: TascomiRecord): CodeEntry {
  const id = String(raw.id);
  const code = text(raw.code) ?? (list === 'users' ? text(raw.username) : undefined);
  const person = [text(raw.firstname), text(raw.surname)].filter(Boolean).join(' ');
  const label = (list === 'users' ? person || text(raw.username) : undefined) ?? text(raw.description) ?? text(raw.name) ?? text(raw.title) ?? text(raw.label) ?? code ?? id;
  const inactive = codeEntryInactive(raw);
  return { ...raw, id, code, label, active: inactive === undefined, inactive };
}

interface Cached {
  entries: CodeEntry[];
  fetchedAt: DateTime;
}

export function createCodeLists(options: CodeListsOptions): CodeLists {
  const ttlMs = Math.max(0, options.ttlSeconds ?? DEFAULT_CODE_LIST_TTL_SECONDS) * 1000;
  const cache = new Map<TascomiCodeListName, Cached>();
  const inFlight = new Map<TascomiCodeListName, Promise<CodeEntry[]>>();

  const tableOf = (list: TascomiCodeListName) => TASCOMI_CODE_LISTS.find((l) => l.name === list)?.table ?? list;

  const fetchList = (list: TascomiCodeListName): Promise<CodeEntry[]> => {
    const running = inFlight.get(list);
    if (running) return running;
    const started = (async () => {
      try {
        const result = await options.client.listAll(tableOf(list), {}, { maxPages: options.maxPages ?? 40 });
        if (result.truncated) {
          options.log?.write({ level: 'warn', source: 'tascomi', message: `The ${list} code list has more than ${result.items.length} entries; only those were read.` });
        }
        const entries = result.items.map((r) => normaliseCodeEntry(list, r));
        cache.set(list, { entries, fetchedAt: options.clock.now() });
        return entries;
      } finally {
        inFlight.delete(list);
      }
    })();
    inFlight.set(list, started);
    return started;
  };

  const fresh = (cached: Cached | undefined): cached is Cached => cached !== undefined && ttlMs > 0 && options.clock.millis() - cached.fetchedAt.toMillis() < ttlMs;

  const get = async (list: TascomiCodeListName) => {
    const cached = cache.get(list);
    return fresh(cached) ? cached.entries : fetchList(list);
  };

  return {
    get,
    async refresh(list) {
      const lists = list ? [list] : TASCOMI_CODE_LISTS.map((l) => l.name);
      await Promise.all(lists.map((l) => fetchList(l)));
    },
    fetchedAt: (list) => cache.get(list)?.fetchedAt ?? null,
    async resolve(list, value, field = list) {
      const wanted = String(value ?? '').trim();
      const fail = (why: string) =>
        new ConnectorError({
          kind: 'validation',
          connector: 'tascomi',
          fields: { [field]: why },
          message: `The mapped ${field} "${wanted}" ${why}. Check the mapping template and the code list (refresh it if it was changed in Tascomi recently); this will not be retried.`,
        });
      if (!wanted) throw fail('is empty');
      const entries = await get(list);
      const lower = wanted.toLowerCase();
      const candidates = [
        entries.filter((e) => e.code !== undefined && e.code.toLowerCase() === lower),
        entries.filter((e) => e.id === wanted),
        entries.filter((e) => e.label.toLowerCase() === lower),
      ].find((found) => found.length > 0);
      if (!candidates) throw fail(`is not in Tascomi's ${list} list`);
      const active = candidates.find((e) => e.active);
      if (!active) throw fail(inactiveCodeReason(list, candidates[0]!.inactive));
      if (list === 'users' && parseTascomiBoolean(active.officer) === false) throw fail('is a user who is not an officer');
      return active;
    },
  };
}
