/**
 * Subject access requests (UK GDPR article 15): find every case, job and log entry that names a
 * person, show what was found, and hand it over as one JSON file, the person's own values revealed.
 * How a case or an entry is judged to name the person is subject-match.ts's; this module searches
 * the store with it, keeps what a search found, and writes the file in batches.
 *
 * Decisions
 * - A search walks every case and every log entry without a case (those with one are the case's),
 *   a batch at a time, pausing between batches so the engine keeps answering; the quick test on
 *   the stored text means only the few that may name the person are parsed. Log entries have no
 *   index over their request and answer (the full-text index holds only messages), so the walk is
 *   the honest cost: about a second on a million entries, measured in subject-access.bench.ts.
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
 * - The file is JSON written in pieces (the summary, each case, job and entry, and the brackets
 *   between): the console asks for batches of about a megabyte and joins them, so a person with
 *   a hundred thousand log entries is exported without one answer holding them all.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Case } from '../../../shared/domain/case';
import type { LogEntry } from '../../../shared/domain/log-entry';
import {
  SUBJECT_ACCESS_NOT_INCLUDED,
  SUBJECT_ACCESS_THIRD_PARTIES,
  SUBJECT_IDENTIFIER_LABELS,
  SUBJECT_IDENTIFIERS,
  type Subject,
  type SubjectAccessBatch,
  type SubjectAccessCaseFound,
  type SubjectAccessCounts,
  type SubjectAccessPreview,
  type SubjectIdentifier,
} from '../../../shared/domain/subject-access';
import type { Clock } from '../clock';
import { toJobView } from '../jobs/job-view';
import type { JobQueue } from '../jobs/queue';
import type { AccessAudit } from '../log/access-audit';
import { revealPersonal } from '../log/personal-data';
import type { SubjectAccessQueries } from '../store/subject-access-queries';
import type { CaseStore } from './case-store';
import { createSubjectMatcher, MATCHING_RULES, type SubjectMatcher } from './subject-match';

export interface SubjectAccess {
  /** Searches the store for the person (recorded in the audit with `reason` first). */
  find(subject: Subject, reason: string): Promise<SubjectAccessPreview>;
  /** The export's text from piece `offset`, about `maxChars` of it; the first batch records the export. */
  exportBatch(requestId: string, offset: number, maxChars: number): SubjectAccessBatch;
  /** Ends the searches under way (at their next pause) and forgets every search kept. */
  stop(): void;
}

/** How long a search is kept for its export after its last use. */
export const SEARCH_KEPT_MS = 30 * 60_000;
/** Searches kept at once; the least recently used goes first. */
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
  cases: SubjectAccessCaseFound[];
  jobIds: number[];
  /** Oldest first. */
  logIds: number[];
  /** The entries without a case found by what they say, and by what. */
  foundInText: Map<number, SubjectIdentifier[]>;
  counts: SubjectAccessCounts;
  exported: boolean;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The identifiers given, in words, for the audit and the file ("name 'A B', email 'a@b'"). */
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

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Pretty JSON placed `depth` levels in. */
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

export function createSubjectAccess(deps: {
  queries: SubjectAccessQueries;
  cases: Pick<CaseStore, 'get' | 'times'>;
  jobs: Pick<JobQueue, 'get' | 'byCase'>;
  /** A template's name now (a job keeps its id). */
  templateName(id: number): string | undefined;
  /** Stores log entries still waiting for their commit, so a search sees everything written. */
  flushLog(): void;
  audit: Pick<AccessAudit, 'record'>;
  clock: Clock;
  /** Who is at the console, for the file's summary. */
  operator: string;
}): SubjectAccess {
  const { queries, clock } = deps;
  const held = new Map<string, HeldSearch>();
  let stopped = false;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO()!;
  const checkRunning = () => {
    if (stopped) throw new CallRefusedError('The engine is stopping: the subject access search did not finish. Search again once it has started.', 'failed');
  };

  /** The cases that name the person, newest received first (the later stored first among equals, as the Cases page lists them). */
  async function findCases(matcher: SubjectMatcher): Promise<SubjectAccessCaseFound[]> {
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
      await pause();
      checkRunning();
    }
  }

  async function findInCaselessLog(matcher: SubjectMatcher, throughId: number): Promise<Map<number, SubjectIdentifier[]>> {
    const found = new Map<number, SubjectIdentifier[]>();
    for (let after = 0; after < throughId; after += LOG_BATCH) {
      for (const [id, ...texts] of queries.caselessEntries(after, Math.min(after + LOG_BATCH, throughId))) {
        if (!texts.some((text) => text && matcher.mayName(text))) continue;
        const by = matcher.inLogTexts(texts);
        if (by.length > 0) found.set(id, by);
      }
      await pause();
      checkRunning();
    }
    return found;
  }

  /** Drops searches past their time, and the least recently used beyond the most kept. */
  function forgetOld() {
    const now = clock.millis();
    for (const [id, search] of held) if (now - search.usedAtMs > SEARCH_KEPT_MS) held.delete(id);
    while (held.size > SEARCHES_KEPT) {
      const oldest = [...held.values()].reduce((a, b) => (b.usedAtMs < a.usedAtMs ? b : a));
      held.delete(oldest.id);
    }
  }

  function previewOf(search: HeldSearch): SubjectAccessPreview {
    const { counts } = search;
    return {
      requestId: search.id,
      searchedAt: search.searchedAt,
      expiresAt: iso(search.usedAtMs + SEARCH_KEPT_MS),
      counts,
      cases: search.cases,
      items: counts.cases + counts.jobs + counts.logEntries,
    };
  }

  const foundWords = (c: SubjectAccessCounts) =>
    `${plural(c.cases, 'case')}, ${plural(c.jobs, 'job')}, ${plural(c.logEntries, 'log entry', 'log entries')} (${c.logEntriesWithoutCase.toLocaleString('en-GB')} without a case)`;

  /** Where each part of the file starts, in pieces: the opening, the cases, the jobs, the log entries, the end. */
  function layoutOf(search: HeldSearch) {
    const c = search.cases.length;
    const j = search.jobIds.length;
    const l = search.logIds.length;
    return { cases: 1, jobsOpen: 1 + c, jobs: 2 + c, logOpen: 2 + c + j, log: 3 + c + j, end: 3 + c + j + l, total: 4 + c + j + l };
  }

  /** Records written before piece `at` (for the console's progress). */
  function recordsBefore(search: HeldSearch, at: number): number {
    const layout = layoutOf(search);
    const within = (start: number, count: number) => Math.max(0, Math.min(at - start, count));
    return within(layout.cases, search.cases.length) + within(layout.jobs, search.jobIds.length) + within(layout.log, search.logIds.length);
  }

  const summaryOf = (search: HeldSearch) => ({
    title: 'Subject access request: the data casebridge holds about a person',
    request: {
      identifiers: Object.fromEntries(Object.entries(search.subject).filter(([, value]) => value !== '')),
      reason: search.reason,
    },
    searchedAt: search.searchedAt,
    generatedAt: clock.now().toISO(),
    generatedBy: deps.operator,
    counts: search.counts,
    howFound: [
      'Cases: every case stored, by its people, addresses, fields and summary. Jobs: every job of those cases. Log entries: every entry of those cases and jobs, and every entry without a case whose message, request or answer names the person (its "foundBy" says by what), up to the time of the search.',
      ...SUBJECT_IDENTIFIERS.filter((i) => (i === 'name' ? search.subject.givenName : search.subject[i])).map((i) => MATCHING_RULES[i]),
      'Personal values in log entries are shown in full (the console hides them): this is the person’s own data.',
    ],
    otherPeople: SUBJECT_ACCESS_THIRD_PARTIES,
    notIncluded: SUBJECT_ACCESS_NOT_INCLUDED,
  });

  const notFound = (id: string | number) => ({ id, notFound: 'removed from casebridge after the search (by log retention or an erasure)' });

  function caseRecord(found: SubjectAccessCaseFound) {
    const kase = deps.cases.get(found.id);
    const times = deps.cases.times(found.id);
    if (!kase || !times) return notFound(found.id);
    return { id: found.id, foundBy: found.matchedBy, receivedAt: times.receivedAt, updatedAt: times.updatedAt, data: kase };
  }

  function jobRecord(id: number) {
    const job = deps.jobs.get(id);
    return job ? toJobView(job, clock.zone, deps.templateName(job.templateId)) : notFound(id);
  }

  function logRecord(search: HeldSearch, id: number) {
    const entry = queries.logEntry(id);
    if (!entry) return notFound(id);
    const revealed: LogEntry & { foundBy?: SubjectIdentifier[] } = {
      ...entry,
      ...(entry.request !== undefined ? { request: revealPersonal(entry.request) } : {}),
      ...(entry.response !== undefined ? { response: revealPersonal(entry.response) } : {}),
    };
    const by = search.foundInText.get(id);
    return by ? { ...revealed, foundBy: by } : revealed;
  }

  /** Piece `at` of the file's text. */
  function piece(search: HeldSearch, at: number): string {
    const layout = layoutOf(search);
    const item = (first: boolean, value: unknown) => `${first ? '' : ','}\n    ${nested(value, 2)}`;
    const close = (count: number) => (count === 0 ? ']' : '\n  ]');
    if (at === 0) return `{\n  "summary": ${nested(summaryOf(search), 1)},\n  "cases": [`;
    if (at < layout.jobsOpen) return item(at === layout.cases, caseRecord(search.cases[at - layout.cases]!));
    if (at === layout.jobsOpen) return `${close(search.cases.length)},\n  "jobs": [`;
    if (at < layout.logOpen) return item(at === layout.jobs, jobRecord(search.jobIds[at - layout.jobs]!));
    if (at === layout.logOpen) return `${close(search.jobIds.length)},\n  "logEntries": [`;
    if (at < layout.end) return item(at === layout.log, logRecord(search, search.logIds[at - layout.log]!));
    return `${close(search.logIds.length)}\n}\n`;
  }

  return {
    async find(subject, reason) {
      checkRunning();
      const words = describeSubject(subject);
      // Recorded before anything is read: a search the audit cannot record is not made.
      deps.audit.record({ action: 'subject_access_searched', subject: `subject access search for ${words}`, reason });
      deps.flushLog();
      const throughId = queries.maxLogId();
      const matcher = createSubjectMatcher(subject);
      const found = await findCases(matcher);
      const foundInText = await findInCaselessLog(matcher, throughId);
      const jobIds = found.flatMap((c) => deps.jobs.byCase(c.id).map((job) => job.id));
      const logIds = new Set<number>(foundInText.keys());
      for (const c of found) for (const id of queries.logIdsOfCase(c.id, throughId)) logIds.add(id);
      for (const id of jobIds) for (const entryId of queries.caselessLogIdsOfJob(id, throughId)) logIds.add(entryId);
      const search: HeldSearch = {
        id: randomUUID(),
        subject,
        reason,
        searchedAt: clock.now().toISO()!,
        usedAtMs: clock.millis(),
        cases: found,
        jobIds: jobIds.sort((a, b) => a - b),
        logIds: [...logIds].sort((a, b) => a - b),
        foundInText,
        counts: { cases: found.length, jobs: jobIds.length, logEntries: logIds.size, logEntriesWithoutCase: foundInText.size },
        exported: false,
      };
      forgetOld();
      held.set(search.id, search);
      forgetOld();
      return previewOf(search);
    },

    exportBatch(requestId, offset, maxChars) {
      checkRunning();
      forgetOld();
      const search = held.get(requestId);
      if (!search) {
        throw new CallRefusedError(
          `That subject access search is no longer kept (a search is kept for ${SEARCH_KEPT_MS / 60_000} minutes after its last use, and not across a restart): search again, then export.`,
          'invalid_input',
          [{ path: 'requestId', message: 'no such search kept' }],
        );
      }
      const { total } = layoutOf(search);
      if (offset >= total)
        throw new CallRefusedError(`The export has ${total} pieces: there is no piece ${offset}.`, 'invalid_input', [{ path: 'offset', message: `beyond the end (${total})` }]);
      search.usedAtMs = clock.millis();
      if (offset === 0 || !search.exported) {
        deps.audit.record({
          action: 'subject_access_exported',
          subject: `subject access export for ${describeSubject(search.subject)}: ${foundWords(search.counts)}${
            search.cases.length > 0
              ? `; cases ${search.cases
                  .slice(0, 20)
                  .map((c) => c.id)
                  .join(', ')}${search.cases.length > 20 ? ` and ${search.cases.length - 20} more` : ''}`
              : ''
          }`,
          reason: search.reason,
        });
        search.exported = true;
      }
      let text = '';
      let at = offset;
      while (at < total && (at === offset || text.length < maxChars)) text += piece(search, at++);
      return { text, nextOffset: at, itemsDone: recordsBefore(search, at), done: at === total };
    },

    stop() {
      stopped = true;
      held.clear();
    },
  };
}
