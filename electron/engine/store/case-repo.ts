/**
 * The cases table. Rows only: what a revision is and how references survive an update is decided
 * in cases/case-store.ts.
 */
import { desc, sql } from 'drizzle-orm';
import type { Store } from './open-store';
import { cases } from './schema';

export type CaseRow = typeof cases.$inferSelect;
export type CaseSummaryRow = Pick<CaseRow, 'id' | 'type' | 'status' | 'receivedAt'>;

export interface CaseRepo {
  get(id: string): CaseRow | undefined;
  has(id: string): boolean;
  /** Inserts or replaces the whole row. */
  put(row: CaseRow): void;
  /** Newest received first. */
  recent(limit: number): CaseSummaryRow[];
  /**
   * Id, type or any value in body.fields contains `text`, ignoring case; a case whose id is `text`
   * first (a person pasting a case id wants that case, not the newer ones that mention it), then
   * newest received first.
   */
  search(text: string, limit: number): CaseSummaryRow[];
  /**
   * Runs `fn` in one IMMEDIATE transaction, so a read-modify-write cannot interleave with another
   * writer. Inside a transaction already (the intake's savepoint per case), `fn` simply joins it:
   * the case store writes once, last, so there is nothing of its own to undo.
   */
  transaction<T>(fn: () => T): T;
}

const summary = { id: cases.id, type: cases.type, status: cases.status, receivedAt: cases.receivedAt };
// rowid breaks ties between cases received in the same millisecond: the later insert comes first.
const newestFirst = [desc(cases.receivedAt), desc(sql`${cases}.rowid`)] as const;

export function createCaseRepo(store: Pick<Store, 'db' | 'sqlite'>): CaseRepo {
  const { db, sqlite } = store;
  // get and put are on every job's path (read the case, store its reference): plain SQL prepared
  // once, as drizzle builds and prepares each query anew (see job-repo.ts).
  const getRow = sqlite.prepare(
    'SELECT id, type, status, body, revision, received_at AS receivedAt, updated_at AS updatedAt, crm_updated_at AS crmUpdatedAt FROM cases WHERE id = ?',
  );
  const putRow = sqlite.prepare(
    `INSERT INTO cases (id, type, status, body, revision, received_at, updated_at, crm_updated_at)
     VALUES (@id, @type, @status, @body, @revision, @receivedAt, @updatedAt, @crmUpdatedAt)
     ON CONFLICT (id) DO UPDATE SET type = excluded.type, status = excluded.status, body = excluded.body, revision = excluded.revision,
       received_at = excluded.received_at, updated_at = excluded.updated_at, crm_updated_at = excluded.crm_updated_at`,
  );
  const hasRow = sqlite.prepare('SELECT 1 FROM cases WHERE id = ?').pluck();
  return {
    get: (id) => getRow.get(id) as CaseRow | undefined,
    has: (id) => hasRow.get(id) !== undefined,
    put(row) {
      putRow.run(row);
    },
    recent: (limit) =>
      db
        .select(summary)
        .from(cases)
        .orderBy(...newestFirst)
        .limit(limit)
        .all(),
    search(text, limit) {
      const needle = text.toLowerCase();
      // instr() rather than LIKE: no wildcard characters in the user's text to escape.
      // JSON true/false come out of json_each as 1/0, so they are spelled out to match as text.
      const has = (expr: ReturnType<typeof sql>) => sql`instr(lower(${expr}), ${needle}) > 0`;
      const fieldValue = sql`case j.type when 'true' then 'true' when 'false' then 'false' else j.value end`;
      return db
        .select(summary)
        .from(cases)
        .where(sql`${has(sql`${cases.id}`)} or ${has(sql`${cases.type}`)} or exists (select 1 from json_each(${cases.body}, '$.fields') j where ${has(fieldValue)})`)
        .orderBy(sql`lower(${cases.id}) = ${needle} desc`, ...newestFirst)
        .limit(limit)
        .all();
    },
    // better-sqlite3's own transaction (what drizzle's runs underneath, without building its tx object).
    transaction: (fn) => (sqlite.inTransaction ? fn() : sqlite.transaction(fn).immediate()),
  };
}
