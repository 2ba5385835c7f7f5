/**
 * A housing repair case from the CRM to Civica Cx, in one engine: a rule queues a "Raise repair"
 * job, which waits (spending no attempts) until Cx is configured with a company, then the worker
 * raises the repair with its task and works order, and the repair reference comes back into the
 * case's Reference. The Cx queue
 * shows in the console beside Tascomi's, with its own settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateDraftSchema, type Template, type TemplateDraftInput } from '../../../../shared/domain/template';
import { CX_NO_COMPANY, CX_NOT_CONFIGURED } from '../../../../electron/engine/connectors/civica-cx/connection';
import { CallRefusedError } from '../../../../shared/dispatch';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../emulators/civica-cx';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';

let t: TestEngine;
let emu: CivicaCxEmulator;
afterEach(async () => {
  await t?.dispose();
  await emu?.close();
});

const RAISE: TemplateDraftInput = {
  name: 'Housing repair to Cx',
  connector: 'civica-cx',
  type: 'create',
  reference: 'Cx repair',
  rows: [
    { id: 'c', target: { kind: 'schema', key: 'contact' }, source: { kind: 'field', field: 'tenant_reference' } },
    { id: 'd', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'repair_description' } },
    { id: 's', target: { kind: 'schema', key: 'sor_code' }, source: { kind: 'text', value: '603021' } },
    { id: 'p', target: { kind: 'schema', key: 'priority' }, source: { kind: 'text', value: 'R' } },
    { id: 't', target: { kind: 'schema', key: 'repair_type' }, source: { kind: 'text', value: 'RESP' } },
    { id: 'k', target: { kind: 'schema', key: 'contract' }, source: { kind: 'text', value: 'NBRM01' } },
    { id: 'g', target: { kind: 'schema', key: 'category' }, source: { kind: 'text', value: 'PLUMB' } },
    { id: 'tr', target: { kind: 'schema', key: 'trade' }, source: { kind: 'text', value: 'PLUMB' } },
    { id: 'rb', target: { kind: 'schema', key: 'raised_by' }, source: { kind: 'text', value: 'Repairs Contact Centre' } },
  ],
};

const repairCase = (id: string, tenantReference: string) => ({
  id,
  type: 'Housing repair',
  status: 'Submitted',
  summary: 'Leaking kitchen tap',
  fields: { tenant_reference: tenantReference, repair_description: 'Kitchen tap leaks into the cupboard below.' },
  dates: {},
  people: [],
  addresses: [],
  references: {},
});

async function start(): Promise<Template> {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:00.000Z');
  emu = await startCivicaCxEmulator({ now: () => t.clock.millis() });
  await t.engine.handlers.createReference({ name: 'Cx repair' });
  const template = (await t.engine.handlers.saveTemplate({ draft: TemplateDraftSchema.parse(RAISE) })) as Template;
  await t.engine.handlers.createRule({ name: 'Housing repairs to Cx', caseType: 'Housing repair', on: 'created', templateId: template.id });
  return template;
}

const saveCx = (companyCode: string) =>
  t.engine.handlers.saveCivicaCxSettings({
    enabled: true,
    baseUrl: emu.baseUrl,
    ...DEMO_USER,
    companyCode,
    repairsStartDate: '',
    repairCancellation: true,
    cancellationNoticeDays: 0,
    refreshMinutes: 15,
    rateLimit: DEFAULT_RATE_LIMIT,
  });

const cxStatus = async () => (await t.engine.handlers.getQueueStatus({})).find((s) => s.connector === 'civica-cx')!;
/** What a case's jobs made in Cx, found by the client references casebridge gives each step (`<case>/<job>/<step>`). */
const ofCase = (caseId: string) => (r: Record<string, unknown>) => String(r.clientReference).startsWith(`${caseId}/`);
const repairsFor = (caseId: string) => emu.records('repairs').filter(ofCase(caseId));
const tasksFor = (caseId: string) => emu.records('tasks').filter(ofCase(caseId));
const worksOrdersFor = (caseId: string) => emu.records('works-orders').filter(ofCase(caseId));

describe('a housing repair case from the CRM to Civica Cx', () => {
  it('waits unspent until Cx is configured with a company, then raises the repair and keeps its reference', async () => {
    const template = await start();
    const received = t.engine.intake.receive(repairCase('HR-1', emu.demo!.contactReference));
    expect(received).toMatchObject({ ok: true, jobs: [{ connector: 'civica-cx', templateId: template.id, state: 'queued' }] });

    // Not configured: the Cx queue says why and no attempt is spent.
    await t.engine.jobs.runUntilIdle();
    expect(await cxStatus()).toMatchObject({ waitingFor: CX_NOT_CONFIGURED, counts: { queued: 1 } });
    expect(t.engine.jobs.queue.byCase('HR-1')[0]).toMatchObject({ state: 'queued', attempts: 0 });

    // Connected, but no company chosen yet: still waiting, and it says what is missing.
    expect((await saveCx('')).saved).toBe(true);
    await t.engine.jobs.runUntilIdle();
    expect(await cxStatus()).toMatchObject({ waitingFor: CX_NO_COMPANY });
    expect(t.engine.jobs.queue.byCase('HR-1')[0]).toMatchObject({ attempts: 0 });

    expect((await saveCx(emu.demo!.companyCode)).saved).toBe(true);
    // Support staff looked at the tenant before: their repairs are cached for the refresh time.
    const before = await t.engine.handlers.getTenantRepairs({ contactId: emu.demo!.contactId, refresh: false });
    expect((await t.engine.handlers.getTenantRepairs({ contactId: emu.demo!.contactId, refresh: false })).fromCache).toBe(true);
    await t.engine.jobs.runUntilIdle();
    const [job] = t.engine.jobs.queue.byCase('HR-1');
    const [repair] = repairsFor('HR-1');
    expect(job).toMatchObject({ connector: 'civica-cx', state: 'succeeded', attempts: 1, result: repair!.repairReference });
    expect((await t.engine.handlers.getCase({ id: 'HR-1' })).case.references).toEqual({ 'Cx repair': repair!.repairReference });
    // The tenant's cached repairs are dropped once a repair is raised for them: the next look is live and shows it.
    const after = await t.engine.handlers.getTenantRepairs({ contactId: emu.demo!.contactId, refresh: false });
    expect(after.fromCache).toBe(false);
    expect(after.repairs.map((r) => r.repairReference)).toEqual(expect.arrayContaining([repair!.repairReference, ...before.repairs.map((r) => r.repairReference)]));
    const status = await cxStatus();
    expect(status.waitingFor).toBeUndefined();
    expect(status).toMatchObject({ succeededToday: 1, counts: { succeeded: 1, queued: 0 } });

    // The attempt's log entry names the job, the template version and the repair, as for Tascomi.
    t.engine.log.flush();
    const attempt = t.engine.log.byCase('HR-1', 20).find((e) => e.outcome === 'succeeded')!;
    expect(attempt).toMatchObject({ source: 'civica-cx', jobId: job!.id, attempt: 1 });
    expect(attempt.message).toContain(
      `Raised repair ${repair!.repairReference}, task ${tasksFor('HR-1')[0]!.taskId} and works order ${worksOrdersFor('HR-1')[0]!.worksOrderReference} in Civica Cx`,
    );

    // The Jobs page's filter by connector finds it, and Tascomi's queue is untouched.
    expect((await t.engine.handlers.listJobs({ filter: { connectors: ['civica-cx'] }, limit: 10 })).map((j) => j.id)).toEqual([job!.id]);
    expect(await t.engine.handlers.listJobs({ filter: { connectors: ['tascomi'] }, limit: 10 })).toEqual([]);
  });

  it("has its own queue settings and pause, kept apart from Tascomi's", async () => {
    await start();
    await t.engine.handlers.saveJobSettings({ connector: 'civica-cx', settings: { concurrency: 2, maxAttempts: 3, backoffBaseSeconds: 5, backoffCapSeconds: 60 } });
    expect(await t.engine.handlers.getJobSettings({ connector: 'civica-cx' })).toMatchObject({ concurrency: 2, maxAttempts: 3 });
    expect(await t.engine.handlers.getJobSettings({ connector: 'tascomi' })).toMatchObject({ concurrency: 4, maxAttempts: 10 });
    await saveCx(emu.demo!.companyCode);
    await t.engine.handlers.pauseQueue({ connector: 'civica-cx' });
    t.engine.intake.receive(repairCase('HR-2', emu.demo!.contactReference));
    await t.engine.jobs.runUntilIdle();
    expect(t.engine.jobs.queue.byCase('HR-2')[0]).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 3 });
    expect((await cxStatus()).breaker.state).toBe('paused');
    await t.engine.handlers.resumeQueue({ connector: 'civica-cx' });
    await t.engine.jobs.runUntilIdle();
    expect(t.engine.jobs.queue.byCase('HR-2')[0]).toMatchObject({ state: 'succeeded' });
    expect(repairsFor('HR-2')).toHaveLength(1);
  });

  it('with Cx failing, dropping connections and losing answers after each step, every case still gets exactly one repair, task and works order', async () => {
    await start();
    await saveCx(emu.demo!.companyCode);
    // A raise is three writes, each refused or lost on its own: at 30% errors and 10% drops about one
    // run in two left a job dead after its 10 attempts. These rates still fail and lose answers at
    // every step (checked below) while 10 attempts suffice.
    emu.setFaults({ errorRate: 0.15, dropRate: 0.05, dropAfterCommitRate: 0.15 });
    const ids = Array.from({ length: 12 }, (_, n) => `HR-F${n + 1}`);
    for (const id of ids) t.engine.intake.receive(repairCase(id, emu.demo!.contactReference));
    await t.engine.jobs.runUntilIdle();
    for (const id of ids) {
      const [job] = t.engine.jobs.queue.byCase(id);
      expect(job, id).toMatchObject({ state: 'succeeded' });
      expect(job!.attempts, id).toBeLessThanOrEqual(10);
      expect(
        repairsFor(id).map((r) => r.repairReference),
        id,
      ).toEqual([job!.result]);
      expect(tasksFor(id), id).toHaveLength(1);
      expect(
        worksOrdersFor(id).map((w) => w.repairReference),
        id,
      ).toEqual([job!.result]);
    }
    // The faults did bite: some attempts failed, and some answers were lost after Cx made a step.
    expect(ids.some((id) => t.engine.jobs.queue.byCase(id)[0]!.attempts > 1)).toBe(true);
    expect(emu.requestLog().some((r) => r.method === 'POST' && /\/repairs(\/[^/]+\/(tasks|works-orders))?$/.test(r.path) && r.status === 0)).toBe(true);
  });

  it('a tenant Cx does not know fails at once as validation, with no repair raised', async () => {
    await start();
    await saveCx(emu.demo!.companyCode);
    t.engine.intake.receive(repairCase('HR-3', 'C0000000'));
    await t.engine.jobs.runUntilIdle();
    expect(t.engine.jobs.queue.byCase('HR-3')[0]).toMatchObject({ state: 'failed', attempts: 1, lastErrorClass: 'validation' });
    expect(t.engine.jobs.queue.byCase('HR-3')[0]!.lastError).toMatch(/^Contact \(tenant reference\): no Civica Cx contact/);
    expect(repairsFor('HR-3')).toHaveLength(0);
  });

  it('a task Cx refuses in the body of a 200 answer fails once as validation in Cx’s words, never succeeded nor retried', async () => {
    await start();
    await saveCx(emu.demo!.companyCode);
    emu.setRefusalStyle('body');
    emu.setFaults({ forceValidationFailure: { operation: 'addTask', field: 'sorCode', message: 'is withdrawn from the schedule of rates' } });
    t.engine.intake.receive(repairCase('HR-4', emu.demo!.contactReference));
    await t.engine.jobs.runUntilIdle();
    const [job] = t.engine.jobs.queue.byCase('HR-4');
    expect(job).toMatchObject({ state: 'failed', attempts: 1, lastErrorClass: 'validation', result: null });
    const [repair] = repairsFor('HR-4');
    expect(job!.lastError).toBe(
      `Step 2 of 3 (add the task with SOR code 603021 to repair ${repair!.repairReference}): Civica Cx refused to add the task (SOR code 603021) to repair ${repair!.repairReference} (it said: "Validation failed: sorCode is withdrawn from the schedule of rates"). Nothing was changed; this will not be retried. Repair ${repair!.repairReference} is already raised in Civica Cx without a works order; retrying the job continues from it.`,
    );
    expect(emu.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/tasks'))).toHaveLength(1);
    expect(tasksFor('HR-4')).toHaveLength(0);
    expect((await t.engine.handlers.getCase({ id: 'HR-4' })).case.references).toEqual({});
  });

  it('refuses Cx templates Cx cannot take: another type, additional fields, Request Code conditions', async () => {
    await start();
    const refusal = async (draft: TemplateDraftInput) => {
      try {
        await t.engine.handlers.saveTemplate({ draft: draft as never });
      } catch (error) {
        expect(error).toBeInstanceOf(CallRefusedError);
        return ((error as CallRefusedError).issues ?? []).map((i) => `${i.path}: ${i.message}`);
      }
      throw new Error('expected a refusal');
    };
    expect(await refusal({ ...RAISE, name: 'Cx update', type: 'update' })).toEqual([
      "draft.type: a Civica Cx template cannot be of type 'update': its types are 'create' (Raise repair (outgoing))",
    ]);
    expect(
      await refusal({
        ...RAISE,
        name: 'Cx extra',
        rows: [...RAISE.rows, { id: 'x', target: { kind: 'extra', name: 'notes' }, source: { kind: 'text', value: 'x' } }],
      } as TemplateDraftInput),
    ).toEqual(['draft.rows.9.target: a Civica Cx repair has no additional fields: map one of its own fields']);
    expect(await refusal({ ...RAISE, name: 'Cx cond', rows: RAISE.rows.map((r, n) => (n === 2 ? { ...r, onlyForRequestCodes: ['FLYTIP'] } : r)) } as TemplateDraftInput)).toEqual([
      'draft.rows.2.onlyForRequestCodes: a Civica Cx template has no Request Code, so its rows cannot depend on one',
    ]);
    expect(
      await refusal({
        ...RAISE,
        name: 'Cx wrong key',
        rows: [{ id: 'r', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'x' } }],
      } as TemplateDraftInput),
    ).toEqual(["draft.rows.0.target.key: 'request_code' is not a Civica Cx target field"]);
  });
});
