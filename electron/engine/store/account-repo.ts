/**
 * The accounts table. The rules (who may sign in, lockout, the last administrator) live in
 * people/; this module only reads and writes rows. User names are stored lower case, so the
 * unique index makes them unique ignoring case.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { accounts } from './schema';

export type AccountRow = typeof accounts.$inferSelect;
export type NewAccountRow = Omit<AccountRow, 'id' | 'disabled' | 'failedSignIns' | 'lockedUntil' | 'lastSignInAt'> & Partial<Pick<AccountRow, 'disabled' | 'lastSignInAt'>>;
export type AccountChange = Partial<Omit<AccountRow, 'id' | 'createdAt' | 'createdBy'>>;

export interface AccountRepo {
  count(): number;
  list(): AccountRow[];
  byId(id: number): AccountRow | undefined;
  byUsername(username: string): AccountRow | undefined;
  byProviderSubject(issuer: string, subject: string): AccountRow | undefined;
  /** Enabled administrators other than `exceptId`. */
  otherEnabledAdministrators(exceptId: number): number;
  insert(row: NewAccountRow): AccountRow;
  update(id: number, change: AccountChange): AccountRow | undefined;
  /** Adds one to the failures in a row, in the same statement, and answers the new count. */
  countFailure(id: number, now: number): number;
}

// Writes use .all(), not .get(): a RETURNING statement stopped after its first row never lets
// SQLite checkpoint the WAL (see job-repo.ts).
export function createAccountRepo(db: Db): AccountRepo {
  return {
    count: () => db.select({ n: count() }).from(accounts).get()!.n,
    list: () =>
      db
        .select()
        .from(accounts)
        .orderBy(asc(sql`lower(${accounts.displayName})`), asc(accounts.username))
        .all(),
    byId: (id) => db.select().from(accounts).where(eq(accounts.id, id)).get(),
    byUsername: (username) => db.select().from(accounts).where(eq(accounts.username, username)).get(),
    byProviderSubject: (issuer, subject) =>
      db
        .select()
        .from(accounts)
        .where(and(eq(accounts.issuer, issuer), eq(accounts.subject, subject)))
        .get(),
    otherEnabledAdministrators: (exceptId) =>
      db
        .select({ n: count() })
        .from(accounts)
        .where(and(eq(accounts.role, 'administrator'), eq(accounts.disabled, false), sql`${accounts.id} <> ${exceptId}`))
        .get()!.n,
    insert: (row) => db.insert(accounts).values(row).returning().all()[0]!,
    update: (id, change) => db.update(accounts).set(change).where(eq(accounts.id, id)).returning().all()[0],
    countFailure: (id, now) =>
      db
        .update(accounts)
        .set({ failedSignIns: sql`${accounts.failedSignIns} + 1`, updatedAt: now })
        .where(eq(accounts.id, id))
        .returning({ failures: accounts.failedSignIns })
        .all()[0]?.failures ?? 0,
  };
}
