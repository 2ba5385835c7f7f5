/**
 * The subject access file: one JSON document (a summary, then the cases, jobs and log entries
 * found) written in numbered pieces, so the console can ask for it a batch at a time and join the
 * batches into the file. Each case, job and entry is read from the store as its piece is written,
 * with the person's values shown in full: it is their own data.
 */
import type { LogEntry } from '../../../shared/domain/log-entry';
import {
  SUBJECT_ACCESS_NOT_INCLUDED,
  SUBJECT_ACCESS_THIRD_PARTIES,
  SUBJECT_IDENTIFIERS,
  type Subject,
  type SubjectAccessCaseFound,
  type SubjectAccessCounts,
  type SubjectIdentifier,
} from '../../../shared/domain/subject-access';
import type { Clock } from '../clock';
import { toJobView } from '../jobs/job-view';
import type { JobQueue } from '../jobs/queue';
import { revealPersonal } from '../log/personal-data';
import type { SubjectAccessQueries } from '../store/subject-access-queries';
import type { CaseStore } from './case-store';
import { MATCHING_RULES } from './subject-match';

/** What a search found: ids only (the data is read as the file is written). */
export interface FoundForSubject {
  subject: Subject;
  reason: string;
  searchedAt: string;
  /** Newest received first. */
  cases: SubjectAccessCaseFound[];
  jobIds: number[];
  /** Oldest first. */
  logIds: number[];
  /** The entries without a case found by what they say, and by what. */
  foundInText: Map<number, SubjectIdentifier[]>;
  counts: SubjectAccessCounts;
}

export interface SubjectAccessFile {
  /** How many pieces the file has: the opening, each case, job and entry, the brackets between, the end. */
  pieces(found: FoundForSubject): number;
  /** Piece `at` of the file's text (the pieces joined in order are the file). */
  piece(found: FoundForSubject, at: number): string;
  /** Cases, jobs and entries written before piece `at`, for the console's progress. */
  recordsBefore(found: FoundForSubject, at: number): number;
}

/** Pretty JSON placed `depth` levels in. */
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

const notFound = (id: string | number) => ({ id, notFound: 'removed from casebridge after the search (by log retention or an erasure)' });

/** Where each part starts, in pieces. */
function layoutOf(found: FoundForSubject) {
  const [c, j, l] = [found.cases.length, found.jobIds.length, found.logIds.length];
  return { cases: 1, jobsOpen: 1 + c, jobs: 2 + c, logOpen: 2 + c + j, log: 3 + c + j, end: 3 + c + j + l, total: 4 + c + j + l };
}

export function createSubjectAccessFile(deps: {
  queries: Pick<SubjectAccessQueries, 'logEntry'>;
  cases: Pick<CaseStore, 'get' | 'times'>;
  jobs: Pick<JobQueue, 'get'>;
  /** A template's name now (a job keeps its id). */
  templateName(id: number): string | undefined;
  clock: Clock;
  /** Who is exporting (acting-person.ts), read as the file is made. */
  operator: () => string;
}): SubjectAccessFile {
  const { clock } = deps;

  const summaryOf = (found: FoundForSubject) => ({
    title: 'Subject access request: the data casebridge holds about a person',
    request: { identifiers: Object.fromEntries(Object.entries(found.subject).filter(([, value]) => value !== '')), reason: found.reason },
    searchedAt: found.searchedAt,
    generatedAt: clock.now().toISO(),
    generatedBy: deps.operator(),
    counts: found.counts,
    howFound: [
      'Cases: every case stored, by its people, addresses, fields and summary. Jobs: every job of those cases. Log entries: every entry of those cases and jobs, and every entry without a case whose message, request or answer names the person (its "foundBy" says by what), up to the time of the search.',
      ...SUBJECT_IDENTIFIERS.filter((i) => (i === 'name' ? found.subject.givenName : found.subject[i])).map((i) => MATCHING_RULES[i]),
      'Personal values in log entries are shown in full (the console hides them): this is the person’s own data.',
    ],
    otherPeople: SUBJECT_ACCESS_THIRD_PARTIES,
    notIncluded: SUBJECT_ACCESS_NOT_INCLUDED,
  });

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

  function logRecord(found: FoundForSubject, id: number) {
    const entry = deps.queries.logEntry(id);
    if (!entry) return notFound(id);
    const shown: LogEntry & { foundBy?: SubjectIdentifier[] } = {
      ...entry,
      ...(entry.request !== undefined ? { request: revealPersonal(entry.request) } : {}),
      ...(entry.response !== undefined ? { response: revealPersonal(entry.response) } : {}),
    };
    const by = found.foundInText.get(id);
    return by ? { ...shown, foundBy: by } : shown;
  }

  return {
    pieces: (found) => layoutOf(found).total,
    piece(found, at) {
      const layout = layoutOf(found);
      const item = (first: boolean, value: unknown) => `${first ? '' : ','}\n    ${nested(value, 2)}`;
      const close = (count: number) => (count === 0 ? ']' : '\n  ]');
      if (at === 0) return `{\n  "summary": ${nested(summaryOf(found), 1)},\n  "cases": [`;
      if (at < layout.jobsOpen) return item(at === layout.cases, caseRecord(found.cases[at - layout.cases]!));
      if (at === layout.jobsOpen) return `${close(found.cases.length)},\n  "jobs": [`;
      if (at < layout.logOpen) return item(at === layout.jobs, jobRecord(found.jobIds[at - layout.jobs]!));
      if (at === layout.logOpen) return `${close(found.jobIds.length)},\n  "logEntries": [`;
      if (at < layout.end) return item(at === layout.log, logRecord(found, found.logIds[at - layout.log]!));
      return `${close(found.logIds.length)}\n}\n`;
    },
    recordsBefore(found, at) {
      const layout = layoutOf(found);
      const within = (start: number, count: number) => Math.max(0, Math.min(at - start, count));
      return within(layout.cases, found.cases.length) + within(layout.jobs, found.jobIds.length) + within(layout.log, found.logIds.length);
    },
  };
}
