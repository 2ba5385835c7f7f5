import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './open-store';
import { templates, templateVersions } from './schema';

export type TemplateRow = typeof templates.$inferSelect;
export type TemplateVersionRow = typeof templateVersions.$inferSelect;

/** What one saved version writes; the header row takes its name and reference. */
export interface NewVersion {
  name: string;
  referenceId: number;
  /** The draft as JSON. */
  body: string;
  now: string;
}

/** The templates and template_versions tables. "Live" means not deleted. */
export interface TemplateRepo {
  /** Live templates with their current version, by name; only those of a kind and connector when asked. */
  live(only?: { type: TemplateRow['type']; connector: string }): { template: TemplateRow; current: TemplateVersionRow }[];
  /** Deleted ones too: a job may pin a version of a template deleted since. */
  byId(id: number): TemplateRow | undefined;
  /** The live template with this name, ignoring case. */
  liveByName(name: string): TemplateRow | undefined;
  version(id: number, version: number): TemplateVersionRow | undefined;
  /** Newest first. */
  versions(id: number): TemplateVersionRow[];
  /** A new template at version 1. */
  create(header: { connector: string; type: TemplateRow['type'] }, first: NewVersion): TemplateVersionRow;
  /** Writes version current + 1 and makes it current, in one transaction. */
  addVersion(id: number, next: NewVersion): TemplateVersionRow;
  softDelete(id: number, now: string): void;
  /** Names of the live templates applying to a reference. */
  liveNamesUsingReference(referenceId: number): string[];
  /** Reference id -> how many live templates apply to it. */
  liveCountsByReference(): Map<number, number>;
}

export function createTemplateRepo(db: Db): TemplateRepo {
  const live = isNull(templates.deletedAt);
  const insertVersion = (tx: Pick<Db, 'insert'>, templateId: number, version: number, v: NewVersion) =>
    tx.insert(templateVersions).values({ templateId, version, body: v.body, referenceId: v.referenceId, savedAt: v.now }).returning().get();

  return {
    live: (only) =>
      db
        .select({ template: templates, current: templateVersions })
        .from(templates)
        .innerJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.version, templates.currentVersion)))
        .where(only ? and(live, eq(templates.type, only.type), eq(templates.connector, only.connector)) : live)
        .orderBy(asc(sql`lower(${templates.name})`))
        .all(),
    byId: (id) => db.select().from(templates).where(eq(templates.id, id)).get(),
    liveByName: (name) =>
      db
        .select()
        .from(templates)
        .where(and(live, sql`lower(${templates.name}) = lower(${name})`))
        .get(),
    version: (id, version) =>
      db
        .select()
        .from(templateVersions)
        .where(and(eq(templateVersions.templateId, id), eq(templateVersions.version, version)))
        .get(),
    versions: (id) => db.select().from(templateVersions).where(eq(templateVersions.templateId, id)).orderBy(desc(templateVersions.version)).all(),
    create: (header, first) =>
      db.transaction((tx) => {
        const row = tx
          .insert(templates)
          .values({ ...header, name: first.name, referenceId: first.referenceId, currentVersion: 1, createdAt: first.now })
          .returning()
          .get();
        return insertVersion(tx, row.id, 1, first);
      }),
    addVersion: (id, next) =>
      db.transaction((tx) => {
        const row = tx.select({ currentVersion: templates.currentVersion }).from(templates).where(eq(templates.id, id)).get();
        if (!row) throw new Error(`There is no template with id ${id}.`);
        const version = row.currentVersion + 1;
        const written = insertVersion(tx, id, version, next);
        tx.update(templates).set({ name: next.name, referenceId: next.referenceId, currentVersion: version }).where(eq(templates.id, id)).run();
        return written;
      }),
    softDelete(id, now) {
      db.update(templates).set({ deletedAt: now }).where(eq(templates.id, id)).run();
    },
    liveNamesUsingReference: (referenceId) =>
      db
        .select({ name: templates.name })
        .from(templates)
        .where(and(live, eq(templates.referenceId, referenceId)))
        .orderBy(asc(sql`lower(${templates.name})`))
        .all()
        .map((r) => r.name),
    liveCountsByReference: () =>
      new Map(
        db
          .select({ referenceId: templates.referenceId, n: count() })
          .from(templates)
          .where(live)
          .groupBy(templates.referenceId)
          .all()
          .filter((r): r is { referenceId: number; n: number } => r.referenceId !== null)
          .map((r) => [r.referenceId, r.n]),
      ),
  };
}
