/**
 * The access audit's rows (schema.ts `access_audit`): added, read a page at a time newest first
 * (keyed by id, never OFFSET), and read oldest first in batches for export. There is no update and
 * no delete here, and the table's triggers refuse both.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AccessAuditEntry, AccessAuditFilter } from '../../../shared/domain/access-audit';
import type { Db } from './open-store';
import { accessAudit } from './schema';

export type NewAuditRow = Omit<AccessAuditEntry, 'id'> & { timeMs: number };

export interface AuditRepo {
  add(row: NewAuditRow): AccessAuditEntry;
  /** Newest first; `beforeId` continues after the last row of the previous page. */
  page(filter: AccessAuditFilter, limit: number, beforeId?: number): AccessAuditEntry[];
  /** Oldest first from `afterId`, for export. */
  batch(filter: AccessAuditFilter, limit: number, afterId?: number): AccessAuditEntry[];
  /** Whether this person's same access (action and subject) is on record after `afterMs`. */
  hasAfter(access: Pick<AccessAuditEntry, 'who' | 'action' | 'subject'>, afterMs: number): boolean;
}

type Row = typeof accessAudit.$inferSelect;

const toEntry = (r: Row): AccessAuditEntry => ({
  id: r.id,
  time: r.time,
  who: r.who,
  action: r.action,
  subject: r.subject,
  ...(r.caseId !== null ? { caseId: r.caseId } : {}),
  ...(r.reason !== null ? { reason: r.reason } : {}),
});

/** The person's words found anywhere, ignoring case; instr() rather than LIKE: no wildcards to escape. */
const contains = (column: SQLWrapper, text: string) => sql`instr(lower(coalesce(${column}, '')), ${text.toLowerCase()}) > 0`;

function conditions(filter: AccessAuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.actions && filter.actions.length > 0) where.push(inArray(accessAudit.action, filter.actions));
  if (filter.who) where.push(contains(accessAudit.who, filter.who));
  if (filter.caseId) where.push(eq(accessAudit.caseId, filter.caseId));
  if (filter.from) where.push(gte(accessAudit.timeMs, Date.parse(filter.from)));
  if (filter.to) where.push(lte(accessAudit.timeMs, Date.parse(filter.to)));
  if (filter.text) {
    const text = filter.text;
    where.push(or(...[accessAudit.subject, accessAudit.reason, accessAudit.caseId].map((column) => contains(column, text)))!);
  }
  return where;
}

export function createAuditRepo(db: Db): AuditRepo {
  return {
    add(row) {
      const { id } = db
        .insert(accessAudit)
        .values({ time: row.time, timeMs: row.timeMs, who: row.who, action: row.action, subject: row.subject, caseId: row.caseId ?? null, reason: row.reason ?? null })
        .returning({ id: accessAudit.id })
        .get();
      const { timeMs: _timeMs, ...entry } = row;
      return { id, ...entry };
    },
    page(filter, limit, beforeId) {
      const where = conditions(filter);
      if (beforeId !== undefined) where.push(lt(accessAudit.id, beforeId));
      return db
        .select()
        .from(accessAudit)
        .where(and(...where))
        .orderBy(desc(accessAudit.id))
        .limit(limit)
        .all()
        .map(toEntry);
    },
    batch(filter, limit, afterId) {
      const where = conditions(filter);
      if (afterId !== undefined) where.push(gt(accessAudit.id, afterId));
      return db
        .select()
        .from(accessAudit)
        .where(and(...where))
        .orderBy(asc(accessAudit.id))
        .limit(limit)
        .all()
        .map(toEntry);
    },
    hasAfter(access, afterMs) {
      // The time index narrows this to the last few minutes' rows.
      const found = db
        .select({ id: accessAudit.id })
        .from(accessAudit)
        .where(and(gt(accessAudit.timeMs, afterMs), eq(accessAudit.who, access.who), eq(accessAudit.action, access.action), eq(accessAudit.subject, access.subject)))
        .limit(1)
        .get();
      return found !== undefined;
    },
  };
}
