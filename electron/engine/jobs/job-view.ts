/**
 * A job row as the console sees it: times in the configured zone, empty columns left out, and the
 * personal values its error quotes hidden (they are stored marked, as in the log).
 */
import { DateTime } from 'luxon';
import type { JobView } from '../../../shared/domain/job';
import { hidePersonal } from '../log/personal-data';
import type { Job } from './queue';

export function toJobView(job: Job, zone: string, templateName?: string): JobView {
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO() ?? new Date(ms).toISOString();
  return {
    id: job.id,
    connector: job.connector,
    kind: job.kind,
    caseId: job.caseId,
    templateId: job.templateId,
    ...(templateName !== undefined ? { templateName } : {}),
    templateVersion: job.templateVersion,
    referenceName: job.referenceName,
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    attemptsAddedByHand: job.attemptsAddedByHand,
    ...(job.state === 'cancelled' && job.cancelledBy !== null ? { cancelledBy: job.cancelledBy } : {}),
    ...(job.state === 'queued' ? { nextRunAt: iso(job.nextRunAt) } : {}),
    ...(job.lastError !== null ? { lastError: hidePersonal(job.lastError) } : {}),
    ...(job.lastErrorClass !== null ? { lastErrorClass: job.lastErrorClass } : {}),
    outcomeUnknown: job.outcomeUnknown,
    ...(job.result !== null ? { result: job.result } : {}),
    ...(job.lastActionKind !== null && job.lastActionBy !== null && job.lastActionAt !== null
      ? { lastAction: { kind: job.lastActionKind, by: job.lastActionBy, at: iso(job.lastActionAt) } }
      : {}),
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
  };
}
