/**
 * Case intake over the cases table. Every case from outside is parsed with CaseSchema; the revision
 * (hash of the case as the CRM sent it, after parsing) makes repeated deliveries harmless. The
 * references casebridge wrote (remote record numbers) survive a new revision unless the CRM sends
 * its own value for that reference: losing them would make the next update create a second record.
 * A revision older than the stored one (by the case's `updatedAt`) is refused and changes nothing
 * (case-order.ts).
 */
import { DateTime } from 'luxon';
import { CallRefusedError } from '../../../shared/dispatch';
import { CaseSchema, type Case } from '../../../shared/domain/case';
import type { CaseSummary } from '../../../shared/domain/case-view';
import type { Clock } from '../clock';
import type { CaseRepo, CaseRow } from '../store/case-repo';
import { instantKey, outOfOrder } from './case-order';
import { revisionOf } from './revision';

export type CaseEvent = 'created' | 'updated' | 'unchanged';
export interface CaseIssue {
  path: string;
  message: string;
}
/** A refused case changed nothing; `issues` say why, with paths inside the case. */
export type ReceiveResult =
  | { ok: true; case: Case; event: CaseEvent }
  | { ok: false; reason: 'invalid'; issues: CaseIssue[] }
  | { ok: false; reason: 'out-of-order'; issues: CaseIssue[]; id: string; updatedAt?: string; storedUpdatedAt: string };

export interface CaseStore {
  receive(input: unknown): ReceiveResult;
  get(id: string): Case | undefined;
  /** Whether the case is stored (without reading its body). */
  has(id: string): boolean;
  /** When the current revision arrived and when the case was last written (ISO 8601). */
  times(id: string): { receivedAt: string; updatedAt: string } | undefined;
  /** The case with its times (the console's case page); refuses an id that names no stored case. */
  detail(id: string): { case: Case; receivedAt: string; updatedAt: string };
  recent(limit: number): CaseSummary[];
  search(text: string, limit: number): CaseSummary[];
  /** Stores a remote record number on the case; throws when there is no such case. */
  setReference(id: string, referenceName: string, value: string): Case;
  /** Writes case fields (from an incoming template); throws when there is no such case. */
  setFields(id: string, fields: Record<string, string>): Case;
}

/** The refusal of a call naming a case that is not stored; `path` is the call's field that names it. */
export const noSuchCase = (id: string, path: string) => new CallRefusedError(`There is no case '${id}' in casebridge.`, 'invalid_input', [{ path, message: 'no such case' }]);

export function createCaseStore(deps: { repo: CaseRepo; clock: Clock }): CaseStore {
  const { repo, clock } = deps;
  // Bodies are written only after CaseSchema parsed them (receive, modify), so a read trusts them:
  // parsing again cost more than the read itself on every job. A schema change needs a migration.
  const bodyOf = (row: CaseRow): Case => JSON.parse(row.body) as Case;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO() ?? new Date(ms).toISOString();
  const summaryOf = (r: Pick<CaseRow, 'id' | 'type' | 'status' | 'receivedAt'>): CaseSummary => ({
    id: r.id,
    type: r.type,
    status: r.status,
    receivedAt: iso(r.receivedAt),
  });

  /** Read-modify-write of a stored case's body in one transaction; `change` returns the case parsed, so a bad write never lands. */
  const modify = (id: string, change: (kase: Case) => Case): Case =>
    repo.transaction(() => {
      const row = repo.get(id);
      if (!row) throw new Error(`There is no case '${id}'.`);
      const next = change(bodyOf(row));
      repo.put({ ...row, body: JSON.stringify(next), status: next.status, updatedAt: clock.millis() });
      return next;
    });

  /**
   * The case with `entries` merged into one of its records, as CaseSchema.parse of the whole merged
   * case would give it. Only the new entries are parsed (the rest of the body was parsed when it was
   * stored; every job's success writes a reference, and parsing the whole case cost more than the
   * write). Should they fail, the whole case is parsed, which throws the schema's own error.
   */
  const mergeParsed = <K extends 'references' | 'fields'>(kase: Case, key: K, entries: Record<string, unknown>): Case => {
    // A name the schema would trim could meet another in the merge; those take the whole parse.
    const parsed = Object.keys(entries).every((name) => name === name.trim()) ? CaseSchema.shape[key].safeParse(entries) : undefined;
    if (parsed?.success) return { ...kase, [key]: { ...kase[key], ...parsed.data } };
    return CaseSchema.parse({ ...kase, [key]: { ...kase[key], ...entries } });
  };

  return {
    receive(input) {
      const parsed = CaseSchema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, reason: 'invalid', issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
      }
      const received = parsed.data;
      const revision = revisionOf(received);
      return repo.transaction((): ReceiveResult => {
        const row = repo.get(received.id);
        if (row && row.revision === revision) return { ok: true, case: bodyOf(row), event: 'unchanged' };
        const stored = row ? bodyOf(row) : undefined;
        if (row?.crmUpdatedAt && stored?.updatedAt) {
          const refusal = outOfOrder(received.id, received.updatedAt, { updatedAt: stored.updatedAt, key: row.crmUpdatedAt });
          if (refusal) {
            const times = { storedUpdatedAt: stored.updatedAt, ...(received.updatedAt ? { updatedAt: received.updatedAt } : {}) };
            return { ok: false, reason: 'out-of-order', issues: [{ path: 'updatedAt', message: refusal }], id: received.id, ...times };
          }
        }
        const kase: Case = stored ? { ...received, references: { ...stored.references, ...received.references } } : received;
        const now = clock.millis();
        const crmUpdatedAt = kase.updatedAt ? instantKey(kase.updatedAt) : null;
        repo.put({ id: kase.id, type: kase.type, status: kase.status, body: JSON.stringify(kase), revision, receivedAt: now, updatedAt: now, crmUpdatedAt });
        return { ok: true, case: kase, event: row ? 'updated' : 'created' };
      });
    },
    get(id) {
      const row = repo.get(id);
      return row ? bodyOf(row) : undefined;
    },
    has: (id) => repo.has(id),
    times(id) {
      const row = repo.get(id);
      return row ? { receivedAt: iso(row.receivedAt), updatedAt: iso(row.updatedAt) } : undefined;
    },
    detail(id) {
      const row = repo.get(id);
      if (!row) throw noSuchCase(id, 'id');
      return { case: bodyOf(row), receivedAt: iso(row.receivedAt), updatedAt: iso(row.updatedAt) };
    },
    recent: (limit) => repo.recent(limit).map(summaryOf),
    search: (text, limit) => (text.trim() === '' ? repo.recent(limit) : repo.search(text.trim(), limit)).map(summaryOf),
    setReference: (id, referenceName, value) => modify(id, (kase) => mergeParsed(kase, 'references', { [referenceName]: value })),
    setFields: (id, fields) => modify(id, (kase) => mergeParsed(kase, 'fields', fields)),
  };
}
