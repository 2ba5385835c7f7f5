/**
 * Checks a mapped code against a cached code list, the way the connector's `CodeLists.resolve`
 * will at submission (its code ignoring case, else its id, else its label ignoring case), so the
 * designer's preview and a job's pre-flight find the same unknown, ceased or disabled codes before anything
 * is sent. Pure: the lists are passed in.
 */
import { inactiveCodeReason, type CodeEntryView } from '../../../shared/domain/tascomi';
import { quote } from './sources';

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim().toLowerCase() : undefined);

/** The entries a value names, from the first way of matching that finds any. */
export function matchCode(entries: readonly CodeEntryView[], raw: string): CodeEntryView[] {
  const wanted = raw.trim();
  const low = wanted.toLowerCase();
  const list = Array.isArray(entries) ? entries.filter((e) => e !== null && typeof e === 'object') : [];
  const ways = [list.filter((e) => lower(e.code) === low), list.filter((e) => String(e.id) === wanted), list.filter((e) => lower(e.label) === low)];
  return ways.find((found) => found.length > 0) ?? [];
}

/** Why `raw` cannot be sent for `listName`, or null when an active entry matches. */
export function codeProblem(entries: readonly CodeEntryView[], raw: string, listName: string): string | null {
  const found = matchCode(entries, raw);
  if (found.length === 0) return `${quote(raw)} is not in the ${listName} code list (refresh the code list if it changed recently)`;
  if (found.some((e) => e.active === true)) return null;
  return `code ${quote(raw)} ${inactiveCodeReason(listName, found[0]!.inactive)}`;
}
