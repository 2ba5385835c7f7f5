import { create } from 'zustand';
import type { LogEntry } from '../../../shared/domain/log-entry';

/** The console keeps only this many recent entries; the log viewer will page through the rest. */
export const LOG_ENTRIES_KEPT = 500;

interface LogStore {
  /** Newest first. */
  entries: LogEntry[];
  /** Adds live entries, dropping duplicates by id. */
  merge(entries: LogEntry[]): void;
  /**
   * Takes a freshly loaded page of the newest entries as the truth, keeping only live entries
   * newer than it (they may arrive while the page is on its way).
   */
  replaceRecent(loaded: LogEntry[]): void;
}

export const useLogStore = create<LogStore>((set) => ({
  entries: [],
  merge: (incoming) => set((state) => ({ entries: mergeNewestFirst(state.entries, incoming, LOG_ENTRIES_KEPT) })),
  replaceRecent: (loaded) =>
    set((state) => {
      const newestLoaded = Math.max(0, ...loaded.map((entry) => entry.id));
      const newer = state.entries.filter((entry) => entry.id > newestLoaded);
      return { entries: mergeNewestFirst(newer, loaded, LOG_ENTRIES_KEPT) };
    }),
}));

/** Live entries and reloaded pages overlap (e.g. after a reconnect), so merge by id, not by order. */
export function mergeNewestFirst(current: LogEntry[], incoming: LogEntry[], cap: number): LogEntry[] {
  const byId = new Map<number, LogEntry>();
  for (const entry of current) byId.set(entry.id, entry);
  for (const entry of incoming) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, cap);
}
