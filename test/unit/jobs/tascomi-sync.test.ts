/**
 * Two-way sync: an officer changes a Service Request in Tascomi after casebridge created it, and the
 * case here hears of it at the next poll; records that are not ours change nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../shared/contract';
import { dispatchCall } from '../../../shared/dispatch';
import { createTascomiClient } from '../../../electron/engine/connectors/tascomi/client';
import flyTipping from '../../../resources/sample-cases/fly-tipping.json';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../emulators/tascomi';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
let emulator: TascomiEmulator;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
});

const value = async (name: CallName, input?: unknown) => {
  const result = (await dispatchCall(t.engine.handlers, name, input)) as CallResult<any>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

/** A case sent to Tascomi, with an incoming template that copies the remarks and ceased flag back. */
async function sentCase(): Promise<string> {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  await value('saveTascomiSettings', { enabled: true, baseUrl: emulator.baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', streetRecordText: 'STREET RECORD', codeListTtlSeconds: 600 });
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: {
      name: 'Create', connector: 'tascomi', type: 'create', reference: 'SR number',
      rows: [
        { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
        { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
        { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
        { id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
      ],
    },
  });
  await value('saveTemplate', {
    draft: {
      name: 'Back from Tascomi', connector: 'tascomi', type: 'incoming', reference: 'SR number',
      rows: [
        { id: 'r', remoteField: 'description', caseField: 'tascomi_remarks' },
        { id: 'c', remoteField: 'ceased', caseField: 'tascomi_ceased' },
      ],
    },
  });
  await value('submitCase', { case: flyTipping });
  await value('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
  await t.engine.jobs.runUntilIdle();
  const detail = await value('getCase', { id: flyTipping.id });
  expect(detail.jobs[0].state).toBe('succeeded');
  return detail.case.references['SR number'];
}

/** An officer's change in Tascomi, through the API as any other client would make it. */
async function officerChanges(id: string, fields: Record<string, string>) {
  const client = createTascomiClient({ baseUrl: emulator.baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', clock: t.clock, proxyEnv: {} });
  await client.update('complaints', id, fields);
  client.close();
}

describe('two-way sync with Tascomi', () => {
  it('brings an officer’s change into the case at the next poll, and only once', async () => {
    const srNumber = await sentCase();
    const view = await value('saveTascomiSync', { enabled: true, intervalMinutes: 5 });
    expect(view).toMatchObject({ enabled: true, intervalMinutes: 5 });

    t.clock.advance(3 * 60 * 60_000); // later that day
    await officerChanges(srNumber, { remarks: 'Cleared by the street scene crew', ceased: 't' });
    // Someone else's Service Request changes too; it belongs to no case here.
    const other = emulator.records('complaints').find((r) => r.id !== srNumber)!;
    await officerChanges(other.id as string, { remarks: 'Not ours' });

    const run = await value('runTascomiSync');
    expect(run).toMatchObject({ matched: 1, updated: 1 });
    expect(run.changed).toBeGreaterThanOrEqual(2);
    const kase = (await value('getCase', { id: flyTipping.id })).case;
    expect(kase.fields).toMatchObject({ tascomi_remarks: 'Cleared by the street scene crew', tascomi_ceased: 't' });

    // Nothing changed since: the record at the watermark is read again, but nothing is written.
    t.clock.advance(5 * 60_000);
    const again = await value('runTascomiSync');
    expect(again).toMatchObject({ updated: 0 });
    expect((await value('getTascomiSync')).lastRun).toMatchObject({ updated: 0 });
  });

  it('reads every day since the last poll, across midnight', async () => {
    const srNumber = await sentCase();
    await value('saveTascomiSync', { enabled: true, intervalMinutes: 60 });
    await value('runTascomiSync'); // watermark: 15 June
    t.clock.set('2026-06-17T09:00:00.000Z'); // two days later
    await officerChanges(srNumber, { remarks: 'Done on the 17th' });
    const run = await value('runTascomiSync');
    expect(run).toMatchObject({ matched: 1, updated: 1 });
    expect((await value('getCase', { id: flyTipping.id })).case.fields.tascomi_remarks).toBe('Done on the 17th');
  });

  it('says so when Tascomi cannot be polled, and refuses bad settings with the field', async () => {
    await sentCase();
    emulator.setFaults({ errorRate: 1 });
    const run = await value('runTascomiSync');
    expect(run.error).toMatch(/HTTP 5\d\d|Tascomi/);
    const bad = await dispatchCall(t.engine.handlers, 'saveTascomiSync', { enabled: true, intervalMinutes: 0 });
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ path: 'intervalMinutes' }] } });
  });
});
