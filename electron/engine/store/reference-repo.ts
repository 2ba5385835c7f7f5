import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { caseReferences } from './schema';

export type ReferenceRow = typeof caseReferences.$inferSelect;

/** The references table. Names compare ignoring case, as the unique index does. */
export interface ReferenceRepo {
  all(): ReferenceRow[];
  byId(id: number): ReferenceRow | undefined;
  byName(name: string): ReferenceRow | undefined;
  insert(name: string, now: string): ReferenceRow;
  rename(id: number, name: string): ReferenceRow;
  delete(id: number): void;
}

export function createReferenceRepo(db: Db): ReferenceRepo {
  return {
    all: () =>
      db
        .select()
        .from(caseReferences)
        .orderBy(asc(sql`lower(${caseReferences.name})`))
        .all(),
    byId: (id) => db.select().from(caseReferences).where(eq(caseReferences.id, id)).get(),
    byName: (name) =>
      db
        .select()
        .from(caseReferences)
        .where(sql`lower(${caseReferences.name}) = lower(${name})`)
        .get(),
    insert: (name, now) => db.insert(caseReferences).values({ name, createdAt: now }).returning().all()[0]!,
    rename: (id, name) => db.update(caseReferences).set({ name }).where(eq(caseReferences.id, id)).returning().all()[0],
    delete(id) {
      db.delete(caseReferences).where(eq(caseReferences.id, id)).run();
    },
  };
}
