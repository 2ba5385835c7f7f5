/**
 * A support person opens a successful attempt in the log and sees what was sent and what came back,
 * redacted; with several jobs running at once on one shared client, each attempt shows its own.
 */
import { afterEach, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
});

const value = async (name: CallName, input?: unknown) => {
  const result = (await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller)) as CallResult<any>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

it('logs each successful attempt with its own request and answer, redacted, when jobs run at once', async () => {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  await value('saveTascomiSettings', tascomiSettingsFor(emulator));
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: flyTippingCreateDraft({ name: 'Create' }),
  });
  const ids = ['ONE-1', 'TWO-2', 'THREE-3'];
  for (const id of ids) {
    await value('submitCase', { case: { ...flyTipping, id } });
    await value('applyTemplate', { caseId: id, templateId: template.id });
  }
  await t.engine.jobs.runUntilIdle();

  for (const id of ids) {
    const { rows } = await value('queryLog', { filter: { caseId: id, outcomes: ['succeeded'] } });
    expect(rows).toHaveLength(1);
    const { entry } = await value('getLogEntry', { id: rows[0].id });
    expect(entry.request).toMatch(/^PUT http:\/\/127\.0\.0\.1:\d+\/rest\/v1\/complaints/);
    expect(entry.request).toContain(`external_reference=${id}`);
    for (const other of ids.filter((o) => o !== id)) expect(entry.request).not.toContain(other);
    expect(entry.request).not.toMatch(/x-hash|x-public/i);
    expect(entry.request).toContain('[personal:'); // the description is hidden until revealed
    expect(entry.response).toMatch(/^HTTP 20\d/);
  }
});
