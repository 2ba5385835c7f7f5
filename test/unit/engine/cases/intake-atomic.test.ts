/**
 * A case and the jobs its rules queue are committed together. Found by the SIGKILL fault test: when
 * they were two commits, a kill between them left the case stored without its job, the CRM's re-post
 * was "unchanged", and the case was never sent. Here the second half fails instead of the process
 * dying: nothing may be left half-stored, so the re-post queues the job.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Template } from '../../../../shared/domain/template';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

it('stores a case and its jobs in one commit, so a failure between them leaves neither', async () => {
  t = startTestEngine();
  await t.engine.handlers.createReference({ name: 'SR number' });
  const template = (await t.engine.handlers.saveTemplate({ draft: { name: 'Create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
  await t.engine.handlers.createRule({ name: 'All fly-tipping', caseType: flyTipping.type, on: 'created', templateId: template.id });

  // The template vanishes behind the engine's back, so queueing the job fails after the case was written.
  const other = new Database(join(t.dataDir, DATABASE_FILE));
  other.prepare("update templates set deleted_at = '2026-01-01T00:00:00Z' where id = ?").run(template.id);
  expect(() => t.engine.intake.receive(flyTipping)).toThrow();
  expect(await t.engine.handlers.listCases({ search: '', limit: 10 })).toEqual([]);

  // Put right, the CRM's re-post stores the case AND queues its job.
  other.prepare('update templates set deleted_at = null where id = ?').run(template.id);
  other.close();
  const again = t.engine.intake.receive(flyTipping);
  expect(again).toMatchObject({ ok: true, event: 'created', jobs: [{ state: 'queued', templateId: template.id }] });
  expect(t.engine.jobs.queue.byCase(flyTipping.id)).toHaveLength(1);
});

it("writes a batch's log lines after its cases' savepoints: the full-text index writes one segment for them, not one per case", async () => {
  t = startTestEngine();
  await t.engine.handlers.createReference({ name: 'SR number' });
  const template = (await t.engine.handlers.saveTemplate({ draft: { name: 'Create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
  await t.engine.handlers.createRule({ name: 'All fly-tipping', caseType: flyTipping.type, on: 'created', templateId: template.id });
  t.engine.log.flush();
  const reader = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
  const segmentRows = () => (reader.prepare('SELECT count(*) AS n FROM log_search_data').get() as { n: number }).n;
  const before = segmentRows();

  const cases = Array.from({ length: 8 }, (_, i) => ({ ...flyTipping, id: `BATCH-${i}` }));
  const settled = t.engine.intake.receiveMany(cases, { from: { source: 'webhook', description: 'the webhook' } });
  expect(settled.every((s) => 'result' in s && s.result.ok && s.result.jobs?.length === 1)).toBe(true);
  // Each case's own log says where it came from and which job it queued.
  expect(t.engine.log.byCase('BATCH-3', 10).map((e) => e.message)).toEqual([expect.stringMatching(/^Job \d+ queued: template 'Create'/), 'Case created from the webhook.']);
  // FTS5 writes out what it holds whenever a savepoint opens: lines written inside each case's
  // savepoint made a segment per case (8 here, and merges after).
  expect(segmentRows() - before).toBeLessThanOrEqual(2);
  reader.close();
});
