/**
 * Whether a live entry belongs in the filtered view. The engine filters pages; live entries arrive
 * unfiltered through the `log` event, so the same rules are applied here. Words follow the engine's
 * full-text search: whole words of the message, any case and accents, the last word also a prefix.
 */
import type { LogEntry } from '../../../../shared/domain/log-entry';
import type { LogFilter, LogRow } from '../../../../shared/domain/log-filter';

const WORD = /[\p{L}\p{N}_]+/gu;
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const wordsOf = (text: string): string[] => fold(text).match(WORD) ?? [];

export function entryMatches(entry: LogEntry | LogRow, filter: LogFilter): boolean {
  if (filter.levels?.length && !filter.levels.includes(entry.level)) return false;
  if (filter.sources?.length && !filter.sources.includes(entry.source)) return false;
  if (filter.outcomes?.length && (!entry.outcome || !filter.outcomes.includes(entry.outcome))) return false;
  if (filter.caseId !== undefined && entry.caseId !== filter.caseId) return false;
  if (filter.templateId !== undefined && entry.templateId !== filter.templateId) return false;
  if (filter.jobId !== undefined && entry.jobId !== filter.jobId) return false;
  if (filter.person !== undefined && entry.person !== filter.person) return false;
  const time = Date.parse(entry.time);
  if (filter.from && time < Date.parse(filter.from)) return false;
  if (filter.to && time > Date.parse(filter.to)) return false;
  if (filter.text) {
    const wanted = wordsOf(filter.text).slice(0, 12);
    if (wanted.length > 0) {
      const have = wordsOf(entry.message);
      const lastIsPrefix = !/\s$/.test(filter.text);
      const found = wanted.every((word, i) => (i === wanted.length - 1 && lastIsPrefix ? have.some((w) => w.startsWith(word)) : have.includes(word)));
      if (!found) return false;
    }
  }
  return true;
}

/** A live entry as a list row (the list never holds requests and answers; the detail loads them). */
export function toLogRow(entry: LogEntry): LogRow {
  const { request, response, ...rest } = entry;
  return { ...rest, hasExchange: request !== undefined || response !== undefined };
}
