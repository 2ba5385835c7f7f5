/**
 * The sessions table, keyed by the SHA-256 of the session id (people/sessions.ts never stores the
 * id itself). A session is read with its account in one indexed lookup: every call a console makes
 * reads it, to see the account as it is now.
 */
import { eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { accounts, sessions } from './schema';

export type SessionRow = typeof sessions.$inferSelect;

export interface SessionWithAccount {
  accountId: number;
  createdAt: number;
  lastSeenAt: number;
  username: string;
  displayName: string;
  role: (typeof accounts.$inferSelect)['role'];
  source: (typeof accounts.$inferSelect)['source'];
  disabled: boolean;
}

export interface SessionRepo {
  insert(row: SessionRow): void;
  withAccount(idHash: string): SessionWithAccount | undefined;
  touch(idHash: string, now: number): void;
  /** Answers the account whose session it was, when there was one. */
  delete(idHash: string): number | undefined;
  deleteAllFor(accountId: number): number;
  /** Deletes the sessions idle since before `idleBefore` or started before `startedBefore`. */
  deleteExpired(idleBefore: number, startedBefore: number): number;
}

export function createSessionRepo(db: Db): SessionRepo {
  // Prepared once: every call of every signed-in console runs it.
  const withAccount = db
    .select({
      accountId: sessions.accountId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      source: accounts.source,
      disabled: accounts.disabled,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare();
  return {
    insert: (row) => void db.insert(sessions).values(row).run(),
    withAccount: (idHash) => withAccount.get({ idHash }),
    touch: (idHash, now) => void db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run(),
    delete: (idHash) => db.delete(sessions).where(eq(sessions.idHash, idHash)).returning({ accountId: sessions.accountId }).all()[0]?.accountId,
    deleteAllFor: (accountId) => db.delete(sessions).where(eq(sessions.accountId, accountId)).run().changes,
    deleteExpired: (idleBefore, startedBefore) =>
      db
        .delete(sessions)
        .where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, startedBefore)))
        .run().changes,
  };
}
