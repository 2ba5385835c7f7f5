/** What the migrations do to rows already stored (the schema itself is checked in store.test.ts). */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS } from '../../../../electron/engine/store/migrations';

describe('0009_job_cancelled', () => {
  it('turns the jobs cancelled before it (failed, class cancelled) into cancelled ones, who not known, and leaves real failures failed', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = OFF'); // the jobs' template versions are not the point here
    const index = MIGRATIONS.findIndex((m) => m.tag === '0009_job_cancelled');
    expect(index).toBeGreaterThan(0);
    applyMigrations(sqlite, MIGRATIONS.slice(0, index));
    const insert = sqlite.prepare(
      `INSERT INTO jobs (connector, kind, case_id, template_id, template_version, reference_name, state, attempts, max_attempts, next_run_at, last_error, last_error_class, created_at, updated_at)
       VALUES ('tascomi', 'create', @caseId, 1, 1, 'SR number', 'failed', 1, 10, 0, @error, @errorClass, 0, 0)`,
    );
    insert.run({ caseId: 'OLD-CANCELLED', error: 'Cancelled by a person; it will not be sent unless retried.', errorClass: 'cancelled' });
    insert.run({ caseId: 'OLD-FAILED', error: 'Remarks are not allowed', errorClass: 'validation' });

    applyMigrations(sqlite, MIGRATIONS);
    expect(sqlite.prepare('SELECT case_id, state, cancelled_by, attempts_added_by_hand FROM jobs ORDER BY id').all()).toEqual([
      { case_id: 'OLD-CANCELLED', state: 'cancelled', cancelled_by: null, attempts_added_by_hand: 0 },
      { case_id: 'OLD-FAILED', state: 'failed', cancelled_by: null, attempts_added_by_hand: 0 },
    ]);
    sqlite.close();
  });
});
