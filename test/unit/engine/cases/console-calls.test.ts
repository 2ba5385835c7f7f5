/**
 * The console's calls for cases, rules and jobs, through the contract's dispatcher as a console
 * makes them: a support person imports cases, writes a test case, applies a template by hand,
 * retries and cancels jobs, pauses a queue; nothing is sent while Tascomi is not configured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { Template } from '../../../../shared/domain/template';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import noise from '../../../../resources/sample-cases/noise-complaint.json';
import { startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  emulator = undefined;
});

const call = (name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, t.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

async function createTemplate(): Promise<Template> {
  await value('createReference', { name: 'SR number' });
  return value('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
}

async function configureTascomi() {
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  const saved = await value('saveTascomiSettings', tascomiSettingsFor(emulator));
  expect(saved.saved).toBe(true);
}

describe('cases from the console', () => {
  it('imports a file: valid cases land, an invalid one is reported with its path, and the rules queue jobs', async () => {
    t = startTestEngine();
    const template = await createTemplate();
    await value('createRule', { name: 'Fly-tipping to Tascomi', caseType: 'fly-tipping report', on: 'created', templateId: template.id });
    const broken = { ...noise, id: 'BROKEN-1', dates: { reported: 'last Tuesday' } };
    const receipts = await value('importCases', { content: JSON.stringify([flyTipping, broken, noise]), fileName: 'cases.json' });
    expect(receipts).toMatchObject([
      { index: 0, caseId: flyTipping.id, outcome: 'created', jobIds: [expect.any(Number)] },
      { index: 1, caseId: 'BROKEN-1', outcome: 'invalid', issues: [{ path: 'dates.reported', message: expect.stringMatching(/ISO 8601/) }], jobIds: [] },
      { index: 2, caseId: noise.id, outcome: 'created', jobIds: [] },
    ]);
    // The same file again changes nothing.
    const again = await value('importCases', { content: JSON.stringify([flyTipping]) });
    expect(again).toMatchObject([{ outcome: 'unchanged', jobIds: [] }]);

    const listed = await value('listCases', {});
    expect(listed.map((c: { id: string }) => c.id).sort()).toEqual([flyTipping.id, noise.id].sort());
    const found = await value('listCases', { search: 'mattress' });
    expect(found.map((c: { id: string }) => c.id)).toEqual([flyTipping.id]);
    // Each stored case's own log says where it came from.
    const caseLog = (await value('getCase', { id: noise.id })).log.map((e: { message: string }) => e.message);
    expect(caseLog).toContain(`Case ${noise.id} imported from cases.json: created, 0 job(s) queued.`);
  });

  it('an imported revision older than the stored one is refused with its reason, beside newer ones that land; so is a test case without updatedAt', async () => {
    t = startTestEngine();
    await value('importCases', {
      content: JSON.stringify([
        { ...flyTipping, status: 'In progress', updatedAt: '2026-03-28T10:00:00Z' },
        { ...noise, updatedAt: '2026-03-28T10:00:00Z' },
      ]),
    });
    const receipts = await value('importCases', {
      content: JSON.stringify([
        { ...flyTipping, status: 'Submitted', updatedAt: '2026-03-27T08:00:00Z' },
        { ...noise, status: 'Closed', updatedAt: '2026-03-29T08:00:00Z' },
      ]),
      fileName: 'old-export.json',
    });
    expect(receipts).toMatchObject([
      { index: 0, caseId: flyTipping.id, outcome: 'invalid', jobIds: [], issues: [{ path: 'updatedAt', message: expect.stringContaining('is older than the stored revision') }] },
      { index: 1, caseId: noise.id, outcome: 'updated' },
    ]);
    expect((await value('getCase', { id: flyTipping.id })).case.status).toBe('In progress');
    expect((await value('getCase', { id: noise.id })).case.status).toBe('Closed');

    const byHand = await value('submitCase', { case: { id: noise.id, type: noise.type } });
    expect(byHand).toMatchObject({ outcome: 'invalid', issues: [{ path: 'updatedAt', message: expect.stringContaining('cannot be shown to be newer') }] });
    expect((await value('getCase', { id: noise.id })).case.status).toBe('Closed');
  });

  it('a large file is stored a slice at a time, and other work runs between the slices; every case is answered in order', async () => {
    t = startTestEngine();
    const cases = Array.from({ length: 450 }, (_, i) => ({ ...noise, id: `BULK-${i}` }));
    // Work that arrives while the file is stored (a webhook post, a console's call) runs before it ends.
    let ranDuringImport = false;
    const importing = value('importCases', { content: JSON.stringify(cases), fileName: 'bulk.json' });
    setImmediate(() => (ranDuringImport = true));
    const receipts = await importing;
    expect(ranDuringImport).toBe(true);
    expect(receipts.map((r: { index: number; caseId: string; outcome: string }) => [r.index, r.caseId, r.outcome])).toEqual(cases.map((c, i) => [i, c.id, 'created']));
    expect((await value('listCases', { limit: 500 })).length).toBe(450);
  });

  it('refuses a file that is not JSON, or empty, saying so', async () => {
    t = startTestEngine();
    const notJson = await call('importCases', { content: '{"id": "X",', fileName: 'half.json' });
    expect(notJson).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/'half.json' is not JSON/) } });
    const empty = await call('importCases', { content: '[]' });
    expect(empty).toMatchObject({ ok: false, error: { message: expect.stringMatching(/empty list/) } });
  });

  it('a hand-written test case is checked by the contract, with paths, before anything is stored', async () => {
    t = startTestEngine();
    const bad = await call('submitCase', { case: { id: 'TEST-1', type: 'Noise complaint', addresses: [{ role: 'incident', uprn: 'ten' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'case.addresses.0.uprn' }] } });
    expect(await value('listCases', {})).toEqual([]);
    const good = await value('submitCase', { case: { id: 'TEST-1', type: 'Noise complaint', fields: { description: 'Drums' } } });
    expect(good).toMatchObject({ caseId: 'TEST-1', outcome: 'created' });
    const detail = await value('getCase', { id: 'TEST-1' });
    expect(detail).toMatchObject({ case: { id: 'TEST-1', fields: { description: 'Drums' } }, jobs: [] });
    expect(detail.log.some((e: { message: string }) => /Test case TEST-1/.test(e.message))).toBe(true);
    expect(await call('getCase', { id: 'NOPE' })).toMatchObject({ ok: false, error: { issues: [{ path: 'id' }] } });
  });

  it('"Apply template" queues a job; the detail shows it succeed and the reference, once Tascomi is configured', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T10:00:20.000Z');
    const template = await createTemplate();
    await value('submitCase', { case: flyTipping });
    const job = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    expect(job).toMatchObject({ state: 'queued', templateName: 'Fly-tipping create', templateVersion: 1, attempts: 0, maxAttempts: 10 });

    // Not configured: the job waits without spending an attempt, and the queue says why.
    await t.engine.jobs.runUntilIdle();
    expect((await value('getCase', { id: flyTipping.id })).jobs[0]).toMatchObject({ state: 'queued', attempts: 0 });
    const [status] = await value('getQueueStatus');
    expect(status).toMatchObject({ connector: 'tascomi', counts: { queued: 1 }, waitingFor: expect.stringMatching(/not enabled/) });

    await configureTascomi();
    const changes: string[] = [];
    const off = t.engine.on('jobChanged', (j) => changes.push(j.state));
    await t.engine.jobs.runUntilIdle();
    off();
    expect(changes).toEqual(['running', 'succeeded']);
    const detail = await value('getCase', { id: flyTipping.id });
    expect(detail.jobs[0]).toMatchObject({ state: 'succeeded', attempts: 1, result: expect.stringMatching(/^\d+$/) });
    expect(detail.case.references['SR number']).toBe(detail.jobs[0].result);
    expect((await value('getQueueStatus'))[0].waitingFor).toBeUndefined();

    const incoming = await value('saveTemplate', { draft: { name: 'Back', connector: 'tascomi', type: 'incoming', reference: 'SR number', rows: [] } });
    expect(await call('applyTemplate', { caseId: flyTipping.id, templateId: incoming.id })).toMatchObject({ ok: false, error: { issues: [{ path: 'templateId' }] } });
  });
});

describe('rules from the console', () => {
  it('are created, edited, disabled and deleted, with refusals naming the field', async () => {
    t = startTestEngine();
    const template = await createTemplate();
    const rule = await value('createRule', { name: 'Noise', caseType: 'Noise complaint', on: 'both', condition: { field: 'priority', equals: '2' }, templateId: template.id });
    expect(rule).toMatchObject({ enabled: true, condition: { field: 'priority', equals: '2' } });
    expect(await call('createRule', { name: 'noise', caseType: 'X', on: 'created', templateId: template.id })).toMatchObject({ ok: false, error: { issues: [{ path: 'name' }] } });
    expect(await call('createRule', { name: 'Other', caseType: 'X', on: 'created', templateId: 999 })).toMatchObject({ ok: false, error: { issues: [{ path: 'templateId' }] } });
    const edited = await value('updateRule', { id: rule.id, rule: { name: 'Noise (all)', caseType: 'Noise complaint', on: 'created', templateId: template.id } });
    expect(edited).toMatchObject({ name: 'Noise (all)', on: 'created', enabled: true });
    expect(edited.condition).toBeUndefined();
    expect(await value('setRuleEnabled', { id: rule.id, enabled: false })).toMatchObject({ enabled: false });
    // A template a rule applies cannot be deleted; once the rule is gone it can.
    expect(await call('deleteTemplate', { id: template.id })).toMatchObject({ ok: false });
    await value('deleteRule', { id: rule.id });
    expect(await value('listRules')).toEqual([]);
    expect(await call('deleteRule', { id: rule.id })).toMatchObject({ ok: false, error: { issues: [{ path: 'id' }] } });
  });
});

describe('jobs from the console', () => {
  it('a failed job is retried by hand with a fresh budget; a queued one is cancelled; both are logged', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T10:00:20.000Z');
    await configureTascomi();
    const template = await createTemplate();
    await value('submitCase', { case: flyTipping });
    emulator!.setFaults({ forceValidationFailure: { resource: 'complaints', field: 'remarks', message: 'Remarks are not allowed today' } });
    const job = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    const [failed] = await value('listJobs', { filter: { states: ['failed'] } });
    expect(failed).toMatchObject({ id: job.id, state: 'failed', attempts: 1, lastErrorClass: 'validation' });
    expect(await call('cancelJob', { id: 999 })).toMatchObject({ ok: false, error: { message: 'There is no job 999.' } });

    emulator!.clearFaults();
    expect(await value('retryJob', { id: job.id })).toMatchObject({ state: 'queued', attempts: 1, maxAttempts: 11 });
    await t.engine.jobs.runUntilIdle();
    expect(await value('listJobs', { filter: { caseId: flyTipping.id } })).toMatchObject([{ state: 'succeeded', attempts: 2 }]);
    expect(await call('retryJob', { id: job.id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is succeeded/) } });

    const second = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    expect(await value('cancelJob', { id: second.id })).toMatchObject({ state: 'cancelled', cancelledBy: expect.stringMatching(/browser console of the headless host/) });
    const log = (await value('getCase', { id: flyTipping.id })).log.map((e: { message: string }) => e.message);
    expect(log.some((m: string) => /retried by .+\(browser console of the headless host\)/.test(m))).toBe(true);
    expect(log.some((m: string) => /cancelled by .+\(browser console/.test(m))).toBe(true);
  });

  it('bulk retry shows the exact count first, warns about validation failures that would fail again, and refuses a stale count', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T10:00:20.000Z');
    await configureTascomi();
    const template = await createTemplate();
    const ids = ['BULK-1', 'BULK-2', 'BULK-3'];
    for (const id of ids) await value('submitCase', { case: { ...flyTipping, id } });
    // Two fail validation in Tascomi, one dies of 5xx answers.
    emulator!.setFaults({ forceValidationFailure: { resource: 'complaints', field: 'remarks', count: 2 } });
    await value('applyTemplate', { caseId: 'BULK-1', templateId: template.id });
    await value('applyTemplate', { caseId: 'BULK-2', templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 1, maxAttempts: 2, backoffBaseSeconds: 1, backoffCapSeconds: 1 } });
    emulator!.setFaults({ errorRate: 1 });
    await value('applyTemplate', { caseId: 'BULK-3', templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    emulator!.clearFaults();

    expect(await value('countJobs', { filter: { states: ['failed', 'dead'] } })).toBe(3);
    expect(await value('countJobs', { filter: { errorClasses: ['validation'] } })).toBe(2);
    expect(await value('countJobs', { filter: { text: 'REMARKS' } })).toBe(2);
    // The case of BULK-2 is corrected in the CRM: its validation failure may pass now.
    t.clock.advance(1000);
    await value('submitCase', { case: { ...flyTipping, id: 'BULK-2', fields: { ...flyTipping.fields, description: 'Corrected' } } });
    const preview = await value('previewBulkRetry', { filter: {} });
    expect(preview).toEqual({ count: 3, validation: 2, validationUnchanged: 1 });

    const stale = await call('bulkRetryJobs', { filter: {}, expectedCount: 2 });
    expect(stale).toMatchObject({ ok: false, error: { message: expect.stringMatching(/now matches 3 failed or dead job\(s\), not 2/) } });
    expect(await value('bulkRetryJobs', { filter: {}, expectedCount: 3 })).toEqual({ retried: 3 });
    const status = (await value('getQueueStatus'))[0];
    expect(status).toMatchObject({ retrying: 3, counts: { queued: 3 }, nextRetryAt: expect.any(String) });
    await t.engine.jobs.runUntilIdle();
    expect(await value('countJobs', { filter: { states: ['succeeded'] } })).toBe(3);
    expect((await value('getQueueStatus'))[0]).toMatchObject({ succeededToday: 3, retrying: 0 });
    expect((await value('queryLog', { filter: { text: 'Bulk retry' } })).rows[0].message).toMatch(/Bulk retry by .+: 3 of 3/);

    // The chart's last hours hold those outcomes.
    const history = await value('getOutcomeHistory', { hours: 3 });
    expect(history).toHaveLength(3);
    const total = (k: 'succeeded' | 'failed' | 'dead' | 'will_retry') => history.reduce((n: number, b: Record<string, number>) => n + b[k], 0);
    expect(total('succeeded')).toBe(3);
    expect(total('failed')).toBe(2);
    expect(total('dead')).toBe(1);
  });

  it('a paused queue sends nothing, stays paused after a restart, and resumes', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T10:00:20.000Z');
    await configureTascomi();
    const template = await createTemplate();
    expect(await value('pauseQueue', { connector: 'tascomi' })).toMatchObject({ breaker: { state: 'paused' } });
    await value('submitCase', { case: flyTipping });
    await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    expect(emulator!.records('complaints').filter((r) => r.external_reference === flyTipping.id)).toHaveLength(0);

    // Restart on the same data folder: still paused.
    const dataDir = t.dataDir;
    await t.engine.close();
    t = startTestEngine({ dataDir });
    t.clock.set('2026-06-15T10:01:20.000Z');
    expect((await value('getQueueStatus'))[0]).toMatchObject({ breaker: { state: 'paused' }, counts: { queued: 1 } });
    await value('resumeQueue', { connector: 'tascomi' });
    await t.engine.jobs.runUntilIdle();
    expect(emulator!.records('complaints').filter((r) => r.external_reference === flyTipping.id)).toHaveLength(1);
  });

  it('queue settings are validated, stored, and govern new jobs', async () => {
    t = startTestEngine();
    const bad = await call('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 0, maxAttempts: 5, backoffBaseSeconds: 10, backoffCapSeconds: 5 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const paths = (bad as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['settings.concurrency']));
    expect(await value('getJobSettings', { connector: 'tascomi' })).toEqual({ concurrency: 4, maxAttempts: 10, backoffBaseSeconds: 2, backoffCapSeconds: 300 });
    await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 2, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 60 } });
    const template = await createTemplate();
    await value('submitCase', { case: flyTipping });
    expect(await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id })).toMatchObject({ maxAttempts: 3 });
  });
});
