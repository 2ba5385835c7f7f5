/**
 * The access audit as the engine keeps it: each look at residents' data (a case opened, a reveal, a
 * Tenants search, a subject access export, an erasure) is recorded with who, when and why as it
 * happens, before the data is answered; the console reads it in pages and exports it as CSV. It
 * can only grow: there is no call to change or remove an entry (shared/domain/access-audit.ts).
 *
 * Decisions
 * - Recorded in the same synchronous step as the access, not through the log bus's buffer: an
 *   access the audit could not record is refused rather than answered unrecorded.
 * - Its own table, not log entries: log retention removes old entries and erasure rewrites a case's
 *   entries; the audit outlives both (it names a case by the CRM's reference, not its contents).
 * - Exporting the audit is itself an access, recorded once per export (on its first batch).
 * - Openings and look-ups (a case opened, a Tenants search, a tenant's repairs) are recorded once
 *   per person, action and subject in any 10 minutes (`recordOpening`): the console reads again what
 *   is on screen by itself (a case on each of its jobs' events, every half second in a burst), and
 *   an audit that repeats one opening a hundred times hides the openings that matter. The rule is
 *   the engine's, checked against the audit itself: it does not take the console's word for
 *   whether a read is a person's or a refresh (a console could say "refresh" for every read), and it
 *   holds across restarts. The cost: an entry says "opened at 10:00" for a person who looked at
 *   10:00 and again at 10:05; a case kept open for hours is recorded again every 10 minutes it
 *   changes.
 * - A reveal is always recorded (`record`), each with its own reason: it is a deliberate act.
 */
import { ACCESS_ACTION_LABELS, type AccessAction, type AccessAuditEntry, type AccessAuditFilter, type AccessAuditPage } from '../../../shared/domain/access-audit';
import type { Clock } from '../clock';
import type { AuditRepo } from '../store/audit-repo';
import { csvField, type ExportBatch } from './log-viewer';

export interface AccessRecord {
  action: AccessAction;
  /** What was looked at, in words ("case C-1", "log entry 42", "surname search 'smith'"). */
  subject: string;
  caseId?: string;
  reason?: string;
  /** Who, when it is not the console's person: the CRM through the webhook, or case retention. */
  who?: string;
}

export interface AccessAudit {
  /** Records an access by the console's person (or `access.who`), now; throws when it cannot be stored (the access is then refused). */
  record(access: AccessRecord): AccessAuditEntry;
  /**
   * Records an opening or a look-up unless this person's same one (action and subject) is on record
   * from the last `OPENING_REPEAT_MINUTES`; throws when it cannot check or store (the access is then refused).
   */
  recordOpening(access: AccessRecord): void;
  page(filter: AccessAuditFilter, limit: number, beforeId?: number): AccessAuditPage;
  /** A batch of the filtered audit as CSV, oldest first, the header in the first batch (which records the export). */
  exportBatch(filter: AccessAuditFilter, limit: number, afterId?: number): ExportBatch;
}

/** An opening repeated within this time (the console keeping what it shows up to date) is one entry. */
export const OPENING_REPEAT_MINUTES = 10;

export const AUDIT_CSV_COLUMNS = ['id', 'time', 'who', 'action', 'subject', 'case', 'reason'] as const;

/** `operator`: the acting person (acting-person.ts), read as each access is recorded. */
export function createAccessAudit(deps: { repo: AuditRepo; clock: Clock; operator: () => string }): AccessAudit {
  const { repo, clock } = deps;
  const record = (access: AccessRecord): AccessAuditEntry => {
    const now = clock.now();
    return repo.add({
      time: now.toISO()!,
      timeMs: now.toMillis(),
      who: access.who ?? deps.operator(),
      action: access.action,
      subject: access.subject,
      ...(access.caseId !== undefined ? { caseId: access.caseId } : {}),
      ...(access.reason !== undefined ? { reason: access.reason } : {}),
    });
  };
  return {
    record,
    recordOpening(access) {
      const windowStart = clock.now().minus({ minutes: OPENING_REPEAT_MINUTES }).toMillis();
      if (!repo.hasAfter({ who: access.who ?? deps.operator(), action: access.action, subject: access.subject }, windowStart)) record(access);
    },
    page(filter, limit, beforeId) {
      // One extra row says whether there is more, without counting.
      const rows = repo.page(filter, limit + 1, beforeId);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },
    exportBatch(filter, limit, afterId) {
      if (afterId === undefined) {
        const parts = Object.entries(filter).filter(([, value]) => value !== undefined && value !== '');
        record({
          action: 'audit_exported',
          subject: parts.length === 0 ? 'the whole audit' : `the audit where ${parts.map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', ')}`,
        });
      }
      const entries = repo.batch(filter, limit, afterId);
      const lines = entries.map((e) => [e.id, e.time, e.who, ACCESS_ACTION_LABELS[e.action], e.subject, e.caseId, e.reason].map(csvField).join(','));
      if (afterId === undefined) lines.unshift(AUDIT_CSV_COLUMNS.join(','));
      const lastId = entries.at(-1)?.id ?? afterId;
      return { csv: lines.length > 0 ? `${lines.join('\r\n')}\r\n` : '', rows: entries.length, ...(lastId !== undefined ? { lastId } : {}), done: entries.length < limit };
    },
  };
}
