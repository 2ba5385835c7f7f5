/**
 * A job as support staff open it (getJobDetail): the job with its template's name and version, and
 * every attempt the log recorded with its request and answer (person details hidden); cancelled as
 * a state of its own with who cancelled it, counted and filtered as cancelled, left out of a bulk
 * retry, and still retried one by one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../../support/engine';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  emulator = undefined;
});

const { call, value } = contractCallsOf(() => t);

async function setUp() {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  await value('saveTascomiSettings', tascomiSettingsFor(emulator));
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', { draft: flyTippingCreateDraft({ name: 'Fly-tipping to Tascomi' }) });
  await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 1, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 1 } });
  return template;
}

describe('opening a job', () => {
  it('shows the job with its template by name and every attempt with its outcome, error class and exchange, personal details hidden', async () => {
    const template = await setUp();
    await value('submitCase', { case: flyTipping });
    emulator!.setFaults({ errorRate: 1 });
    const job = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    emulator!.clearFaults();
    expect(await value('retryJob', { id: job.id })).toMatchObject({ state: 'queued', attempts: 3, maxAttempts: 6, attemptsAddedByHand: 3 });
    await t.engine.jobs.runUntilIdle();

    const detail = await value('getJobDetail', { id: job.id });
    expect(detail.job).toMatchObject({
      id: job.id,
      caseId: flyTipping.id,
      templateName: 'Fly-tipping to Tascomi',
      templateVersion: 1,
      state: 'succeeded',
      attempts: 4,
      maxAttempts: 6,
      attemptsAddedByHand: 3,
    });
    expect(detail.attempts.map((a: { attempt: number; outcome: string }) => [a.attempt, a.outcome])).toEqual([
      [1, 'will_retry'],
      [2, 'will_retry'],
      [3, 'dead'],
      [4, 'succeeded'],
    ]);
    const [first, , , last] = detail.attempts;
    expect(first).toMatchObject({
      errorClass: 'remote',
      durationMs: expect.any(Number),
      retryAt: expect.any(String),
      request: expect.stringMatching(/^[A-Z]+ http:\/\/127\.0\.0\.1:\d+\/rest\/v1\//),
    });
    expect(first.response).toMatch(/^HTTP 5\d\d/);
    expect(last.response).toMatch(/^HTTP 20\d/);
    // The description names the resident: hidden here as in the log (a reveal is the log's, recorded).
    expect(last.request).toContain('[personal:');
    expect(JSON.stringify(detail)).not.toContain(flyTipping.fields.description);
  });

  it('refuses a job that does not exist, naming it', async () => {
    await setUp();
    expect(await call('getJobDetail', { id: 4242 })).toMatchObject({ ok: false, error: { message: 'There is no job 4242.', issues: [{ path: 'id' }] } });
    expect(await call('getJobDetail', { id: 'x' })).toMatchObject({ ok: false, error: { issues: [{ path: 'id' }] } });
  });

  it('a cancelled job is cancelled (not failed) with who did it, counted and filtered so, left out of a bulk retry, and can still be retried', async () => {
    const template = await setUp();
    await value('submitCase', { case: flyTipping });
    emulator!.setFaults({ forceValidationFailure: { resource: 'complaints', field: 'remarks', message: 'Remarks are not allowed today' } });
    const failed = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    await t.engine.jobs.runUntilIdle();
    emulator!.clearFaults();
    await value('pauseQueue', { connector: 'tascomi' });
    const queued = await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });

    t.clock.advance(60_000);
    const at = t.clock.now().toISO();
    const cancelled = await value('cancelJob', { id: failed.id });
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      cancelledBy: expect.stringMatching(/browser console of the headless host/),
      updatedAt: at,
      // What failed before it was cancelled stays, so a retry can warn about it.
      lastErrorClass: 'validation',
    });
    expect(await call('cancelJob', { id: failed.id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Job \d+ is cancelled: /) } });

    expect(await value('countJobs', { filter: { states: ['cancelled'] } })).toBe(1);
    expect(await value('countJobs', { filter: { states: ['failed'] } })).toBe(0);
    expect((await value('listJobs', { filter: { states: ['cancelled'] }, limit: 10 })).map((j: { id: number }) => j.id)).toEqual([failed.id]);
    expect((await value('getQueueStatus'))[0].counts).toMatchObject({ cancelled: 1, failed: 0, queued: 1 });
    expect(await value('previewBulkRetry', { filter: {} })).toEqual({ count: 0, validation: 0, validationUnchanged: 0 });
    expect((await value('getJobDetail', { id: failed.id })).job).toMatchObject({ state: 'cancelled', cancelledBy: cancelled.cancelledBy });

    expect(await value('retryJob', { id: failed.id })).toMatchObject({ state: 'queued', attemptsAddedByHand: 1 });
    expect((await value('getJobDetail', { id: failed.id })).job.cancelledBy).toBeUndefined();
    await value('cancelJob', { id: queued.id });
    await value('resumeQueue', { connector: 'tascomi' });
    await t.engine.jobs.runUntilIdle();
    expect((await value('getJobDetail', { id: failed.id })).job.state).toBe('succeeded');
    expect((await value('getJobDetail', { id: queued.id })).job).toMatchObject({ state: 'cancelled', attempts: 0 });
  });
});
