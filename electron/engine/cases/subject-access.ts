/**
 * Subject access requests (UK GDPR article 15): find every case, job and log entry that names a
 * person, show what was found, and hand it over as one JSON file, the person's own values revealed.
 * How a case or an entry is judged to name the person is subject-match.ts's, and how the file is
 * written subject-access-file.ts's; this module searches the store, keeps what a search found, and
 * hands the file over in batches.
 *
 * Decisions
 * - A search runs in the engine after the call that starts it has answered; the console asks how
 *   it is going (cases and log entries looked at, of how many) until it has found, so no call
 *   waits on a large store. It walks every case, and every log entry without a case, a batch at a
 *   time, pausing between batches so the engine keeps answering; the quick test on the stored text
 *   means only the few that may name the person are parsed. An entry with a case is found through
 *   its case: what it sent was made from the case, which the walk of the cases looked at.
 * - Log entries have no index over their request and answer (the full-text index holds only
 *   messages), so the walk is the honest cost: under a second on 100,000 cases and a million
 *   entries (subject-access.bench.ts). A partial index of the entries without a case would
 *   shorten it; it is not worth a migration while the walk takes under a second.
 * - What a search found (ids only, never the data) is kept in memory for 30 minutes from its last
 *   use, under an id the console exports with; the export reads the data as it writes the file.
 *   So the file holds what the person checked, and no call can export without a search made
 *   first, with its reason, and recorded. Not kept across a restart: search again.
 * - The log is read up to the last entry at the search: an export shows what was found then,
 *   and its counts are the file's. Something removed between the search and the export (log
 *   retention, an erasure) is written as "not found" in its place, so the counts still hold.
 * - The search and each export are recorded in the access audit before any data is answered,
 *   with the reason given, the identifiers searched and what was found; an export is recorded on
 *   its first batch (and again for a second export of the same search).
 * - The console asks for the file in batches of about a megabyte and joins them, so a person with
 *   a hundred thousand log entries is exported without one answer holding them all.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Case } from '../../../shared/domain/case';
import {
  countsInWords,
  SUBJECT_IDENTIFIER_LABELS,
  SUBJECT_IDENTIFIERS,
  type Subject,
  type SubjectAccessBatch,
  type SubjectAccessCaseFound,
  type SubjectAccessSearch,
  type SubjectIdentifier,
} from '../../../shared/domain/subject-access';
import type { Clock } from '../clock';
import type { JobQueue } from '../jobs/queue';
import type { AccessAudit } from '../log/access-audit';
import type { SubjectAccessQueries } from '../store/subject-access-queries';
import type { FoundForSubject, SubjectAccessFile } from './subject-access-file';
import { createSubjectMatcher, type SubjectMatcher } from './subject-match';

export interface SubjectAccess {
  /** Starts a search for the person (recorded in the audit with `reason` first); answers at once, the search under way. */
  find(subject: Subject, reason: string): SubjectAccessSearch;
  /** How the search is going, or what it found. */
  status(requestId: string): SubjectAccessSearch;
  /** The file's text from piece `offset`, about `maxChars` of it; the first batch records the export. */
  exportBatch(requestId: string, offset: number, maxChars: number): SubjectAccessBatch;
  /** Ends the searches under way (at their next pause) and forgets every search kept. */
  stop(): void;
}

/** How long a search is kept for its export after its last use. */
export const SEARCH_KEPT_MS = 30 * 60_000;
/** Searches kept at once; the least recently used goes first (and stops, if it is under way). */
const SEARCHES_KEPT = 8;
/** Cases read between two pauses. */
const CASE_BATCH = 1_000;
/** Log ids walked between two pauses (about a third have no case, and are read). */
const LOG_BATCH = 20_000;

interface HeldSearch {
  id: string;
  subject: Subject;
  reason: string;
  searchedAt: string;
  usedAtMs: number;
  /** Cases and log ids looked at so far, of how many. */
  progress: { done: number; total: number };
  found?: FoundForSubject;
  failure?: string;
  /** Forgotten (too old, too many kept, the engine stopping): a search under way ends at its next pause. */
  dropped: boolean;
  exported: boolean;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The identifiers given, in words, for the audit ("name 'A B', email 'a@b'"). */
export function describeSubject(subject: Subject): string {
  const values: Record<SubjectIdentifier, string> = {
    name: subject.givenName && subject.familyName ? `${subject.givenName} ${subject.familyName}` : '',
    email: subject.email,
    phone: subject.phone,
    personReference: subject.personReference,
    uprn: subject.uprn,
  };
  return SUBJECT_IDENTIFIERS.filter((i) => values[i])
    .map((i) => `${SUBJECT_IDENTIFIER_LABELS[i]} '${values[i]}'`)
    .join(', ');
}

const listed = (ids: string[]) => (ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', '));

class SearchDropped extends Error {}

export function createSubjectAccess(deps: {
  queries: SubjectAccessQueries;
  jobs: Pick<JobQueue, 'byCase'>;
  file: SubjectAccessFile;
  /** Stores log entries still waiting for their commit, so a search sees everything written. */
  flushLog(): void;
  audit: Pick<AccessAudit, 'record'>;
  clock: Clock;
}): SubjectAccess {
  const { queries, clock, file } = deps;
  const held = new Map<string, HeldSearch>();
  let stopped = false;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO()!;

  /** Waits for the next turn of the event loop, then carries on only if the search is still wanted. */
  const pauseIn = async (search: HeldSearch) => {
    await pause();
    if (search.dropped) throw new SearchDropped();
  };

  /** The cases that name the person, newest received first (the later stored first among equals, as the Cases page lists them). */
  async function findCases(search: HeldSearch, matcher: SubjectMatcher): Promise<SubjectAccessCaseFound[]> {
    const found: (SubjectAccessCaseFound & { order: [number, number] })[] = [];
    for (let after = 0; ;) {
      const rows = queries.casesAfter(after, CASE_BATCH);
      for (const [rowid, body, receivedMs] of rows) {
        if (!matcher.mayName(body)) continue;
        const kase = JSON.parse(body) as Case;
        const matchedBy = matcher.inCase(kase);
        if (matchedBy.length > 0) found.push({ id: kase.id, type: kase.type, status: kase.status, receivedAt: iso(receivedMs), matchedBy, order: [receivedMs, rowid] });
      }
      if (rows.length < CASE_BATCH) return found.sort((a, b) => b.order[0] - a.order[0] || b.order[1] - a.order[1]).map(({ order: _, ...c }) => c);
      after = rows.at(-1)![0];
      search.progress.done = after;
      await pauseIn(search);
    }
  }

  async function findInCaselessLog(search: HeldSearch, matcher: SubjectMatcher, throughId: number, startedAt: number): Promise<Map<number, SubjectIdentifier[]>> {
    const found = new Map<number, SubjectIdentifier[]>();
    for (let after = 0; after < throughId; after += LOG_BATCH) {
      for (const [id, ...texts] of queries.caselessEntries(after, Math.min(after + LOG_BATCH, throughId))) {
        if (!texts.some((text) => text && matcher.mayName(text))) continue;
        const by = matcher.inLogTexts(texts);
        if (by.length > 0) found.set(id, by);
      }
      search.progress.done = startedAt + Math.min(after + LOG_BATCH, throughId);
      await pauseIn(search);
    }
    return found;
  }

  async function run(search: HeldSearch, lastCase: number, throughId: number): Promise<void> {
    try {
      const matcher = createSubjectMatcher(search.subject);
      const cases = await findCases(search, matcher);
      const foundInText = await findInCaselessLog(search, matcher, throughId, lastCase);
      const jobIds = cases.flatMap((c) => deps.jobs.byCase(c.id).map((job) => job.id)).sort((a, b) => a - b);
      const logIds = new Set<number>(foundInText.keys());
      for (const c of cases) for (const id of queries.logIdsOfCase(c.id, throughId)) logIds.add(id);
      for (const id of jobIds) for (const entryId of queries.caselessLogIdsOfJob(id, throughId)) logIds.add(entryId);
      search.found = {
        subject: search.subject,
        reason: search.reason,
        searchedAt: search.searchedAt,
        cases,
        jobIds,
        logIds: [...logIds].sort((a, b) => a - b),
        foundInText,
        counts: { cases: cases.length, jobs: jobIds.length, logEntries: logIds.size, logEntriesWithoutCase: foundInText.size },
      };
      search.progress.done = search.progress.total;
    } catch (error) {
      if (error instanceof SearchDropped) return;
      search.failure = `The search stopped: ${error instanceof Error ? error.message : String(error)}. Search again.`;
    }
  }

  /** Drops searches past their time, and the least recently used beyond the most kept. */
  function forgetOld() {
    const drop = (search: HeldSearch) => {
      search.dropped = true;
      held.delete(search.id);
    };
    const now = clock.millis();
    for (const search of held.values()) if (now - search.usedAtMs > SEARCH_KEPT_MS) drop(search);
    while (held.size > SEARCHES_KEPT) drop([...held.values()].reduce((a, b) => (b.usedAtMs < a.usedAtMs ? b : a)));
  }

  /** A kept search, used now; refuses an id that names none. */
  function use(requestId: string): HeldSearch {
    forgetOld();
    const search = held.get(requestId);
    if (!search) {
      throw new CallRefusedError(
        `That subject access search is no longer kept (a search is kept for ${SEARCH_KEPT_MS / 60_000} minutes after its last use, and not across a restart): search again.`,
        'invalid_input',
        [{ path: 'requestId', message: 'no such search kept' }],
      );
    }
    search.usedAtMs = clock.millis();
    return search;
  }

  function statusOf(search: HeldSearch): SubjectAccessSearch {
    const common = { requestId: search.id, searchedAt: search.searchedAt, expiresAt: iso(search.usedAtMs + SEARCH_KEPT_MS) };
    if (search.failure) return { ...common, state: 'failed', message: search.failure };
    if (!search.found) return { ...common, state: 'searching', progress: { ...search.progress } };
    const { counts, cases } = search.found;
    return { ...common, state: 'found', counts, cases, items: counts.cases + counts.jobs + counts.logEntries };
  }

  return {
    find(subject, reason) {
      if (stopped) throw new CallRefusedError('The engine is stopping: search again once it has started.', 'failed');
      // Recorded before anything is read: a search the audit cannot record is not made.
      deps.audit.record({ action: 'subject_access_searched', subject: `subject access search for ${describeSubject(subject)}`, reason });
      deps.flushLog();
      const lastCase = queries.lastCaseRowid();
      const throughId = queries.maxLogId();
      const search: HeldSearch = {
        id: randomUUID(),
        subject,
        reason,
        searchedAt: clock.now().toISO()!,
        usedAtMs: clock.millis(),
        progress: { done: 0, total: lastCase + throughId },
        dropped: false,
        exported: false,
      };
      held.set(search.id, search);
      forgetOld();
      void run(search, lastCase, throughId);
      return statusOf(search);
    },

    status: (requestId) => statusOf(use(requestId)),

    exportBatch(requestId, offset, maxChars) {
      const search = use(requestId);
      const found = search.found;
      if (!found) {
        throw new CallRefusedError(search.failure ?? 'The search is still under way: export once it has found.', 'invalid_input', [
          { path: 'requestId', message: search.failure ? 'the search failed' : 'still searching' },
        ]);
      }
      const total = file.pieces(found);
      if (offset >= total)
        throw new CallRefusedError(`The export has ${total} pieces: there is no piece ${offset}.`, 'invalid_input', [{ path: 'offset', message: `beyond the end (${total})` }]);
      if (offset === 0 || !search.exported) {
        const cases = found.cases.length > 0 ? `; cases ${listed(found.cases.map((c) => c.id))}` : '';
        deps.audit.record({
          action: 'subject_access_exported',
          subject: `subject access export for ${describeSubject(found.subject)}: ${countsInWords(found.counts)}${cases}`,
          reason: found.reason,
        });
        search.exported = true;
      }
      let text = '';
      let at = offset;
      while (at < total && (at === offset || text.length < maxChars)) text += file.piece(found, at++);
      return { text, nextOffset: at, itemsDone: file.recordsBefore(found, at), done: at === total };
    },

    stop() {
      stopped = true;
      for (const search of held.values()) search.dropped = true;
      held.clear();
    },
  };
}
