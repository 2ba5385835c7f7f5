/**
 * The rules table. Validation and refusals live in cases/rules.ts; this module only writes rows.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { rules } from './schema';

export type RuleRow = typeof rules.$inferSelect;
export type NewRuleRow = Omit<RuleRow, 'id'>;

export interface RuleRepo {
  /** By name, ignoring case. */
  list(): RuleRow[];
  byId(id: number): RuleRow | undefined;
  insert(row: NewRuleRow): RuleRow;
  update(id: number, change: Partial<NewRuleRow>): RuleRow | undefined;
  delete(id: number): boolean;
  /** Names of the rules (enabled or not) that apply a template. */
  namesUsingTemplate(templateId: number): string[];
}

// Writes use .all(), not .get(): a RETURNING statement stopped after its first row never lets
// SQLite checkpoint the WAL (see job-repo.ts).
export function createRuleRepo(db: Db): RuleRepo {
  const byName = asc(sql`lower(${rules.name})`);
  // Prepared once: every case received lists the rules, and drizzle builds and prepares a query anew each time.
  const listAll = db.select().from(rules).orderBy(byName).prepare();
  return {
    list: () => listAll.all(),
    byId: (id) => db.select().from(rules).where(eq(rules.id, id)).get(),
    insert: (row) => db.insert(rules).values(row).returning().all()[0]!,
    update: (id, change) => db.update(rules).set(change).where(eq(rules.id, id)).returning().all()[0],
    delete: (id) => db.delete(rules).where(eq(rules.id, id)).run().changes > 0,
    namesUsingTemplate: (templateId) =>
      db
        .select({ name: rules.name })
        .from(rules)
        .where(eq(rules.templateId, templateId))
        .orderBy(byName)
        .all()
        .map((r) => r.name),
  };
}
