/**
 * Live events tell of changes a reader can see: `jobChanged` and `log` leave only once the
 * transaction they describe commits, and never for one that rolled back. A console that answers an
 * event by reading (another connection: the host's, a second window) must find what it heard of.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/engine/data-dir';
import type { Template } from '../../../shared/domain/template';
import flyTipping from '../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
let reader: Database.Database | undefined;
afterEach(async () => {
  reader?.close();
  reader = undefined;
  await t?.dispose();
});

async function createTemplate(name: string): Promise<Template> {
  return (await t.engine.handlers.saveTemplate({ draft: { name, connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } })) as Template;
}

/** What another connection sees of a job: its state as committed, or 'missing'. */
function committedState(id: number): string {
  reader ??= new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
  const row = reader.prepare('select state from jobs where id = ?').get(id) as { state: string } | undefined;
  return row?.state ?? 'missing';
}

describe('live events', () => {
  it('a jobChanged listener finds the job it hears of committed: a case from the CRM, a template applied by hand', async () => {
    t = startTestEngine();
    await t.engine.handlers.createReference({ name: 'SR number' });
    const template = await createTemplate('Create');
    await t.engine.handlers.createRule({ name: 'All fly-tipping', caseType: flyTipping.type, on: 'created', templateId: template.id });
    const seen: string[] = [];
    t.engine.on('jobChanged', (job) => seen.push(`${job.id} ${job.state}: ${committedState(job.id)}`));
    const logged: string[] = [];
    t.engine.on('log', (entry) => entry.jobId !== undefined && logged.push(`${entry.jobId}: ${committedState(entry.jobId)}`));

    const received = t.engine.intake.receive(flyTipping);
    const first = received.jobs![0]!.id;
    const second = (await t.engine.handlers.applyTemplate({ caseId: flyTipping.id, templateId: template.id })).id;
    expect(seen).toEqual([`${first} queued: queued`, `${second} queued: queued`]);
    expect(logged).toEqual([`${first}: queued`, `${second}: queued`]);
  });

  it('a job queued in a savepoint that rolled back is never heard of, nor its log line; its neighbours are', async () => {
    t = startTestEngine();
    await t.engine.handlers.createReference({ name: 'SR number' });
    const kept = await createTemplate('A kept template');
    const vanishing = await createTemplate('A vanishing template');
    await t.engine.handlers.createRule({ name: 'First', caseType: flyTipping.type, on: 'created', templateId: kept.id });
    await t.engine.handlers.createRule({ name: 'Second', caseType: flyTipping.type, on: 'created', templateId: vanishing.id });
    // The second template vanishes behind the engine's back: the first job is queued, then undone with its case.
    const other = new Database(join(t.dataDir, DATABASE_FILE));
    other.prepare("update templates set deleted_at = '2026-01-01T00:00:00Z' where id = ?").run(vanishing.id);
    other.close();
    const heard: string[] = [];
    t.engine.on('jobChanged', (job) => heard.push(`job ${job.id} ${job.state}`));
    t.engine.on('log', (entry) => heard.push(`log ${entry.message}`));

    const settled = t.engine.intake.receiveMany([flyTipping, { ...flyTipping, id: 'NEIGHBOUR-1', type: 'noise' }], { from: { source: 'webhook', description: 'the webhook' } });
    expect('error' in settled[0]!).toBe(true);
    expect(t.engine.jobs.queue.byCase(flyTipping.id)).toEqual([]);
    expect(heard).toEqual(['log Case created from the webhook.']);
  });
});
