/**
 * The path a case takes, end to end in one engine: the CRM's case is stored, a rule queues a job
 * pinned to the template's version, the worker creates the Service Request in the emulator, and the
 * number comes back into the case's Reference. The same case sent again queues nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Template } from '../../../../shared/domain/template';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTascomiEmulator, type TascomiEmulator, type TascomiEmulatorOptions } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
});

async function configured(options: TascomiEmulatorOptions = {}, extraRows: Extract<Template['rows'][number], { target: unknown }>[] = []) {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis(), ...options });
  const saved = await t.engine.handlers.saveTascomiSettings(tascomiSettingsFor(emulator));
  expect(saved.saved).toBe(true);
  await t.engine.handlers.createReference({ name: 'SR number' });
  const template = (await t.engine.handlers.saveTemplate({
    draft: flyTippingCreateDraft({ extraRows }),
  })) as Template;
  await t.engine.handlers.createRule({ name: 'Fly-tipping to Tascomi', caseType: 'Fly-tipping report', on: 'created', templateId: template.id });
  return template;
}

describe('a case from the CRM to Tascomi', () => {
  it('is stored, queued by its rule, sent by the worker, and its Service Request number kept', async () => {
    const template = await configured();
    await t.engine.handlers.saveTemplate({
      draft: { name: 'SR number back', connector: 'tascomi', type: 'incoming', reference: 'SR number', rows: [{ id: 'n', remoteField: 'id', caseField: 'tascomi_sr' }] },
    });
    const received = t.engine.intake.receive(flyTipping);
    expect(received).toMatchObject({ ok: true, event: 'created', jobs: [{ state: 'queued', templateId: template.id, templateVersion: 1, attempts: 0 }] });

    await t.engine.jobs.runUntilIdle();
    const job = t.engine.jobs.queue.byCase(flyTipping.id)[0]!;
    expect(job).toMatchObject({ state: 'succeeded', attempts: 1 });
    const stored = emulator.records('complaints').filter((r) => r.external_reference === flyTipping.id);
    expect(stored).toHaveLength(1);
    expect(job.result).toBe(stored[0]!.id);
    const recent = await t.engine.handlers.listRecentCases({ limit: 1 });
    expect(recent[0]!.references['SR number']).toBe(stored[0]!.id);
    expect(recent[0]!.fields.tascomi_sr).toBe(stored[0]!.id); // the incoming template for that Reference ran

    // The same case again: stored once, nothing queued, nothing sent.
    expect(t.engine.intake.receive(flyTipping)).toMatchObject({ ok: true, event: 'unchanged' });
    expect(t.engine.jobs.queue.byCase(flyTipping.id)).toHaveLength(1);
  });

  it('retries a failing Tascomi and still makes exactly one Service Request', async () => {
    await configured();
    emulator.setFaults({ errorRate: 0.2, dropAfterCommitRate: 0.2 });
    t.engine.intake.receive(flyTipping);
    await t.engine.jobs.runUntilIdle();
    const job = t.engine.jobs.queue.byCase(flyTipping.id)[0]!;
    expect(job.state).toBe('succeeded');
    // The faults did bite (the emulator's PRNG is seeded), whether inside an attempt or across attempts.
    expect(emulator.requestLog().some((r) => r.status === 0 || r.status >= 500)).toBe(true);
    expect(job.attempts).toBeLessThanOrEqual(10);
    expect(emulator.records('complaints').filter((r) => r.external_reference === flyTipping.id)).toHaveLength(1);
  });

  it('does not create twice when the answer to a create was lost after Tascomi stored it', async () => {
    await configured();
    await t.engine.handlers.refreshTascomiCodeLists({}); // cached: the first attempt's only request is the create
    emulator.setFaults({ dropAfterCommitRate: 1 });
    // The first attempt's failure is logged before the retry runs: the network is back by then.
    const off = t.engine.on('log', (entry) => entry.outcome === 'will_retry' && emulator.clearFaults());
    t.engine.intake.receive(flyTipping);
    await t.engine.jobs.runUntilIdle();
    off();
    const log = emulator.requestLog();
    expect(log.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([0]); // stored, answer lost, never sent again
    expect(t.engine.jobs.queue.byCase(flyTipping.id)[0]).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(emulator.records('complaints').filter((r) => r.external_reference === flyTipping.id)).toHaveLength(1);
  });

  it("never links a case to another resident's Service Request when the instance has no case-reference column and ignores the filter", async () => {
    await configured({ absentColumns: { complaints: ['external_reference'] } });
    await t.engine.handlers.refreshTascomiCodeLists({});
    emulator.setFaults({ dropAfterCommitRate: 1 });
    // While the first answer is lost, somebody else's Service Request is made in Tascomi.
    let other: Record<string, unknown> | undefined;
    const off = t.engine.on('log', (entry) => {
      if (entry.outcome !== 'will_retry' || other) return;
      emulator.clearFaults();
      other = emulator.insert('complaints', { remarks: 'Another resident: noise from a neighbour', core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1' });
    });
    t.engine.intake.receive(flyTipping);
    await t.engine.jobs.runUntilIdle();
    off();
    expect(other).toBeDefined();
    const job = t.engine.jobs.queue.byCase(flyTipping.id)[0]!;
    const recent = await t.engine.handlers.listRecentCases({ limit: 1 });
    expect(job.result).not.toBe(other!.id);
    expect(recent[0]!.references['SR number']).not.toBe(other!.id);
    // The connection test found the guard off, so the retry neither linked nor created: a person checks.
    expect(job).toMatchObject({ state: 'failed', attempts: 2, lastError: expect.stringMatching(/^Outcome unknown: check Tascomi by hand\./) });
    expect(emulator.requestLog().filter((r) => r.method === 'PUT')).toHaveLength(1);
    const [status] = (await t.engine.handlers.getQueueStatus({})).filter((q) => q.connector === 'tascomi');
    expect(status!.warning).toMatch(/^Duplicate guard off: external_reference is not filterable on complaints/);
  });

  it('with the guard on, the queue carries no warning', async () => {
    await configured();
    const [status] = (await t.engine.handlers.getQueueStatus({})).filter((q) => q.connector === 'tascomi');
    expect(status!.warning).toBeUndefined();
  });

  it('queues a template by hand for a stored case, and refuses an unknown case', async () => {
    const template = await configured();
    expect(() => t.engine.intake.applyTemplate('NO-SUCH-CASE', template.id)).toThrow(/no case 'NO-SUCH-CASE'/);
    t.engine.intake.receive({ ...flyTipping, type: 'Something else' });
    expect(t.engine.jobs.queue.byCase(flyTipping.id)).toHaveLength(0);
    expect(t.engine.intake.applyTemplate(flyTipping.id, template.id)).toMatchObject({ state: 'queued', kind: 'create' });
  });

  // The emulator's assumed rules strict (the default) and all relaxed: casebridge behaves the same.
  const RELAXED: TascomiEmulatorOptions['assumed'] = {
    requiredServiceRequestFields: false,
    flagsOnlyTOrF: false,
    fullDateTimesOnly: false,
    fieldNamePattern: false,
    missingIdUpdateIs404: false,
    queryStringFields: 'accept',
  };
  for (const [name, assumed] of [
    ['strict', undefined],
    ['relaxed', RELAXED],
  ] as const) {
    it(`creates and updates Service Requests and contacts without ever deleting, with every write field in the form body, and the required fields sent (assumed rules ${name})`, async () => {
      await configured({ assumed }, [
        { id: 'rr', target: { kind: 'schema', key: 'requester.reference' }, source: { kind: 'person', role: 'Reporter', detail: 'reference' } },
        { id: 'rs', target: { kind: 'schema', key: 'requester.surname' }, source: { kind: 'person', role: 'Reporter', detail: 'surname' } },
      ]);
      const update = (await t.engine.handlers.saveTemplate({
        draft: {
          name: 'Fly-tipping update',
          connector: 'tascomi',
          type: 'update',
          reference: 'SR number',
          rows: [{ id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } }],
        },
      })) as Template;
      await t.engine.handlers.createRule({ name: 'Fly-tipping changes to Tascomi', caseType: 'Fly-tipping report', on: 'updated', templateId: update.id });

      t.engine.intake.receive(flyTipping);
      await t.engine.jobs.runUntilIdle();
      t.engine.intake.receive({ ...flyTipping, fields: { ...flyTipping.fields, description: 'Cleared on Monday; bags remain.' } });
      await t.engine.jobs.runUntilIdle();

      expect(t.engine.jobs.queue.byCase(flyTipping.id).map((j) => [j.kind, j.state])).toEqual([
        ['create', 'succeeded'],
        ['update', 'succeeded'],
      ]);
      const [created] = emulator.records('complaints').filter((r) => r.external_reference === flyTipping.id);
      expect(created).toMatchObject({
        core_function_id: '5',
        complaint_code_id: '18',
        investigating_officer_id: expect.stringMatching(/^\d+$/),
        remarks: 'Cleared on Monday; bags remain.',
      });
      const log = emulator.requestLog();
      const writes = log.filter((r) => r.method !== 'GET');
      // The run wrote both tables: the Service Request, then the Reporter's contact found by reference and updated.
      const [contact] = emulator.records('contacts').filter((r) => r.reference === flyTipping.people[0]!.reference);
      expect(contact!.surname).toBe(flyTipping.people[0]!.surname);
      expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['PUT /rest/v1/complaints', `POST /rest/v1/contacts/${contact!.id}`, `POST /rest/v1/complaints/${created!.id}`]),
      );
      expect(log.filter((r) => r.method === 'DELETE')).toEqual([]);
      expect(writes.filter((r) => r.query !== '')).toEqual([]);
    });
  }
});
