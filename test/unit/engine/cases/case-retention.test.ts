/**
 * Case retention on a fake clock: which cases are due (days after their last job finished, or their
 * last change without jobs; never while a job is queued or running), the setting through the
 * contract, the log line and audit records, and the loop's batches and prompt stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import { DEFAULT_CASE_RETENTION } from '../../../../shared/domain/case-erasure';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { ErasureRefused, type CaseErasureService } from '../../../../electron/engine/cases/case-erasure';
import { createCaseRetention, ERASE_BATCH } from '../../../../electron/engine/cases/case-retention';
import type { RetentionCursor } from '../../../../electron/engine/store/case-erasure-repo';
import type { SettingsRepo } from '../../../../electron/engine/store/settings-repo';
import { manualClock } from '../../../support/manual-clock';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const DAY = 24 * 60 * 60_000;
const call = (name: CallName, input?: unknown) => dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};
const submit = (id: string, updatedAt = t!.clock.now().toISO()) =>
  value('submitCase', { case: { id, type: 'Noise complaint', people: [{ role: 'complainant', surname: `Person of ${id}` }], updatedAt } });
const caseIds = async () => (await value('listCases', { limit: 500 })).map((c: { id: string }) => c.id).sort();

async function outgoingTemplate(): Promise<number> {
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: { name: 'Noise', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] },
  });
  return template.id;
}

describe('case retention in the engine', () => {
  it('keeps 90 days by default; the setting is validated and saved through the contract, and logged', async () => {
    t = startTestEngine();
    expect(await value('getCaseRetention')).toEqual(DEFAULT_CASE_RETENTION);
    expect(DEFAULT_CASE_RETENTION.days).toBe(90);
    for (const days of [0, 3651, 1.5]) {
      expect(await call('saveCaseRetention', { days })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'days' }] } });
    }
    expect(await call('saveCaseRetention', {})).toMatchObject({ ok: false, error: { issues: [{ path: 'days' }] } });
    expect(await value('saveCaseRetention', { days: 30 })).toEqual({ days: 30 });
    expect(await value('getCaseRetention')).toEqual({ days: 30 });
    expect((await value('listRecentLog', {})).map((e: { message: string }) => e.message)).toContain(
      "Case retention saved: personal data is erased 30 day(s) after a case's last job finished.",
    );
  });

  it('erases a case the set days after its last job finished, or after its last change without jobs; never while a job is queued or running; the log says how many, the audit names each', async () => {
    t = startTestEngine();
    await value('saveCaseRetention', { days: 30 });
    const templateId = await outgoingTemplate();
    const { queue } = t.engine.jobs;
    await submit('NO-JOBS');
    await submit('FINISHED');
    const finished = await value('applyTemplate', { caseId: 'FINISHED', templateId });
    await submit('QUEUED');
    await value('applyTemplate', { caseId: 'QUEUED', templateId });
    await submit('RUNNING');
    const running = await value('applyTemplate', { caseId: 'RUNNING', templateId });
    // FINISHED's job ends ten days after it was received: its clock starts then.
    t.clock.advance(10 * DAY);
    expect(queue.claim('tascomi', 'w', 365 * DAY)).toMatchObject({ id: finished.id });
    expect(queue.complete(finished.id, 'w', 'SR-1')).toMatchObject({ state: 'succeeded' });
    expect(queue.claim('tascomi', 'w', 365 * DAY)).toMatchObject({ id: expect.any(Number) });
    expect(queue.get(running.id)?.state).toBe('queued'); // the claim above took QUEUED's job; RUNNING's next
    expect(queue.claim('tascomi', 'w', 365 * DAY)).toMatchObject({ id: running.id });
    queue.fail(queue.byCase('QUEUED')[0]!.id, 'w', new Error('reset')); // back to queued, for a retry

    t.clock.advance(25 * DAY); // 35 days after arrival, 25 after FINISHED's job
    expect(await t.engine.eraseExpiredCases()).toBe(1);
    expect(await caseIds()).toEqual(['FINISHED', 'QUEUED', 'RUNNING']);
    t.clock.advance(6 * DAY);
    expect(await t.engine.eraseExpiredCases()).toBe(1);
    expect(await caseIds()).toEqual(['QUEUED', 'RUNNING']);

    const log = (await value('listRecentLog', {})).map((e: { message: string }) => e.message);
    expect(log.filter((m: string) => m.startsWith('Case retention erased'))).toEqual([
      "Case retention erased 1 case (personal data is kept 30 day(s) after a case's last job finished).",
      "Case retention erased 1 case (personal data is kept 30 day(s) after a case's last job finished).",
    ]);
    const audit = (await value('queryAccessAudit', { filter: { actions: ['case_erased'] } })).rows;
    expect(audit.map((a: { caseId: string; who: string; reason: string }) => [a.caseId, a.who, a.reason])).toEqual([
      ['FINISHED', 'case retention', expect.stringContaining('30 day(s) after its last job finished')],
      ['NO-JOBS', 'case retention', expect.stringContaining('30 day(s)')],
    ]);
    // Nothing due: no line.
    expect(await t.engine.eraseExpiredCases()).toBe(0);
  });

  it('keeps a case the CRM changed since, whatever its jobs', async () => {
    t = startTestEngine();
    await value('saveCaseRetention', { days: 30 });
    await submit('ACTIVE', '2026-03-29T00:00:00Z');
    t.clock.advance(29 * DAY);
    await submit('ACTIVE', t.clock.now().toISO()!); // a new revision
    t.clock.advance(2 * DAY);
    expect(await t.engine.eraseExpiredCases()).toBe(0);
    t.clock.advance(29 * DAY);
    expect(await t.engine.eraseExpiredCases()).toBe(1);
  });

  it('erases many cases a batch at a time, each case in its own transaction', async () => {
    t = startTestEngine();
    await value('saveCaseRetention', { days: 1 });
    const ids = Array.from({ length: ERASE_BATCH * 2 + 7 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);
    await value('importCases', { content: JSON.stringify(ids.map((id) => ({ id, type: 'Noise complaint', updatedAt: '2026-03-28T00:00:00Z' }))) });
    t.clock.advance(2 * DAY);
    expect(await t.engine.eraseExpiredCases()).toBe(ids.length);
    expect(await caseIds()).toEqual([]);
    expect((await value('queryAccessAudit', { filter: { actions: ['case_erased'] }, limit: 1000 })).rows).toHaveLength(ids.length);
  });
});

describe('the retention loop', () => {
  /** Cases due, as the repository would page them (oldest first after a cursor), and an erasure that records. */
  function harness(due: number) {
    const clock = manualClock();
    const ids = Array.from({ length: due }, (_, i) => ({ receivedAt: i, id: `C-${i}` }));
    const erased: string[] = [];
    const logs: NewLogEntry[] = [];
    const stored = new Map<string, unknown>();
    const settings = { get: (key: string) => stored.get(key), set: (key: string, value: unknown) => void stored.set(key, value) } as unknown as SettingsRepo;
    let refuse: string | undefined;
    const erasure: CaseErasureService = {
      erase(id) {
        if (id === refuse) throw new ErasureRefused('a job started', 'job_running');
        erased.push(id);
        return {} as never;
      },
      checkpoint: () => true,
    };
    const repo = {
      retentionCandidates: (_before: number, limit: number, after?: RetentionCursor) =>
        ids.filter((c) => !erased.includes(c.id) && (!after || c.receivedAt > after.receivedAt)).slice(0, limit),
    };
    const retention = createCaseRetention({ repo, erasure, settings, clock, log: { write: (e) => logs.push(e) } });
    const addDue = (id: string) => ids.push({ receivedAt: ids.length, id });
    return { clock, retention, erased, logs, addDue, refuseNext: (id: string) => (refuse = id) };
  }

  it('stops between two batches when the engine stops, says so, and erases the rest at its next run', async () => {
    const h = harness(ERASE_BATCH * 3);
    const stopper = new AbortController();
    const run = h.retention.run(stopper.signal);
    stopper.abort(); // while the first batch's yield is pending
    expect(await run).toBe(ERASE_BATCH);
    expect(h.logs.at(-1)?.message).toMatch(new RegExp(`^Case retention erased ${ERASE_BATCH} cases, then stopped with the engine; the rest go at its next run`));
    expect(await h.retention.run()).toBe(ERASE_BATCH * 2);
  });

  it('runs at start and hourly; stop() ends a run between batches and the wait at once', async () => {
    const h = harness(ERASE_BATCH * 4);
    h.retention.start();
    await h.retention.stop();
    expect(h.erased).toHaveLength(ERASE_BATCH);
    h.retention.start();
    // The second start's run erases the rest, then waits an hour; a case due meanwhile goes at the next run.
    await h.clock.sleeping(60 * 60_000);
    expect(h.erased).toHaveLength(ERASE_BATCH * 4);
    h.addDue('LATE');
    h.clock.advance(60 * 60_000);
    await h.clock.sleeping(60 * 60_000);
    expect(h.erased.at(-1)).toBe('LATE');
    await h.retention.stop();
    expect(h.clock.waiting()).toEqual([]);
  });

  it('leaves a case refused on the way for the next run, and logs a failure and tries again in an hour', async () => {
    const h = harness(3);
    h.refuseNext('C-1');
    expect(await h.retention.run()).toBe(2);
    expect(h.erased).toEqual(['C-0', 'C-2']);

    const failing = harness(1);
    failing.retention = createCaseRetention({
      repo: {
        retentionCandidates: () => {
          throw new Error('disk I/O error');
        },
      },
      erasure: { erase: () => ({}) as never, checkpoint: () => true },
      settings: { get: () => undefined, set: () => undefined } as unknown as SettingsRepo,
      clock: failing.clock,
      log: { write: (e) => failing.logs.push(e) },
    });
    failing.retention.start();
    await failing.clock.sleeping(60 * 60_000);
    await failing.retention.stop();
    expect(failing.logs[0]).toMatchObject({ level: 'warn', message: 'Case retention could not run: disk I/O error. It will try again in an hour.' });
  });
});
