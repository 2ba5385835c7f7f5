/** Cases as the console lists and opens them, and what receiving one came to. */
import type { Case } from './case';
import type { JobView } from './job';
import type { LogEntry } from './log-entry';

export interface CaseSummary {
  id: string;
  type: string;
  status: string;
  /** When the current revision arrived: ISO 8601 in the configured zone. */
  receivedAt: string;
}

export interface CaseDetail {
  case: Case;
  receivedAt: string;
  updatedAt: string;
  /** Newest first. */
  jobs: JobView[];
  /** The case's newest log entries, newest first. */
  log: LogEntry[];
}

/** What happened to one case handed in (a form, one item of an imported file). */
export interface CaseReceipt {
  /** The case's position in an imported file (0 for a single case). */
  index: number;
  caseId?: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'invalid';
  /** Why an invalid case was refused, with paths inside the case. */
  issues?: { path: string; message: string }[];
  /** Jobs the rules queued for it. */
  jobIds: number[];
}
