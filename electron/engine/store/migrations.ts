/**
 * The committed drizzle-kit migrations, bundled into the build (no files to find at run time) and
 * applied at open, all pending ones inside one transaction, recorded in drizzle's own
 * `__drizzle_migrations` table so drizzle-kit tooling still recognises the database.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import journal from './migrations/meta/_journal.json';

const sqlFiles = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Migration {
  tag: string;
  /** drizzle-kit's creation time; also the order of application. */
  when: number;
  hash: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = journal.entries.map((entry) => {
  const sql = sqlFiles[`./migrations/${entry.tag}.sql`];
  if (sql === undefined) throw new Error(`Migration ${entry.tag} is in the journal but its SQL file is missing.`);
  return {
    tag: entry.tag,
    when: entry.when,
    hash: createHash('sha256').update(sql).digest('hex'),
    statements: sql
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean),
  };
});

/** The database has migrations this version does not know: a newer casebridge wrote it. */
export class NewerDatabaseError extends Error {
  override readonly name = 'NewerDatabaseError';
}

export interface SchemaState {
  version: number;
  tag: string;
}

export function applyMigrations(sqlite: BetterSqlite3.Database, migrations: Migration[] = MIGRATIONS): SchemaState {
  const run = sqlite.transaction(() => {
    sqlite.exec('CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL, created_at NUMERIC)');
    const applied = sqlite.prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as {
      hash: string;
      createdAt: number;
    }[];
    const newest = migrations.at(-1);
    const newestApplied = applied.at(-1);
    if (newestApplied && (!newest || Number(newestApplied.createdAt) > newest.when)) {
      throw new NewerDatabaseError(
        `This database was written by a newer casebridge (it has ${applied.length} schema migrations, this version knows ${migrations.length}). Open it with that version, or choose another data folder.`,
      );
    }
    // A committed migration must never change once a database has applied it: the two would disagree.
    for (const row of applied) {
      const known = migrations.find((m) => m.when === Number(row.createdAt));
      if (known && known.hash !== row.hash) {
        throw new Error(`Migration ${known.tag} was changed after this database applied it; restore the committed file and add a new migration instead.`);
      }
    }
    const lastWhen = newestApplied ? Number(newestApplied.createdAt) : -Infinity;
    const record = sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)');
    for (const migration of migrations) {
      if (migration.when <= lastWhen) continue;
      for (const statement of migration.statements) sqlite.exec(statement);
      record.run(migration.hash, migration.when);
    }
    const count = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    return { version: count, tag: newest?.tag ?? '' };
  });
  return run.immediate();
}
