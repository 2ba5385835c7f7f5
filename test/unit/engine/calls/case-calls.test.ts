/**
 * Opening a case's data is on record before the data is answered: the Cases page's case (once per
 * person in any 10 minutes, however often the page reloads it as its jobs run), the recent cases the
 * template designer and the rule editor read whole (one entry per listing), and nothing for the
 * case list, which holds no resident's data. A record the audit cannot store refuses the opening.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { AccessAuditEntry } from '../../../../shared/domain/access-audit';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import noise from '../../../../resources/sample-cases/noise-complaint.json';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { refuseAuditWrites } from '../../../support/store-damage';

let t: TestEngine;
afterEach(async () => t?.dispose());

const call = (name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, t.engine.localCaller) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};
const audited = async (): Promise<AccessAuditEntry[]> => (await value('queryAccessAudit', {})).rows;

function startWithCases() {
  t = startTestEngine();
  t.clock.set('2026-06-15T09:00:00.000Z');
  expect(t.engine.intake.receive(flyTipping)).toMatchObject({ ok: true });
  t.clock.advance(1_000);
  expect(t.engine.intake.receive(noise)).toMatchObject({ ok: true });
}

describe("the record of opening a case's data", () => {
  it('records a case opened on the Cases page with who and when, once however often the page reloads it', async () => {
    startWithCases();
    t.clock.set('2026-06-15T10:00:00.000Z');
    const detail = await value('getCase', { id: flyTipping.id });
    expect(detail.case.id).toBe(flyTipping.id);
    // The page reloads the open case on each of its jobs' events.
    for (let i = 0; i < 5; i++) {
      t.clock.advance(500);
      await value('getCase', { id: flyTipping.id });
    }
    expect(await audited()).toEqual([
      {
        id: expect.any(Number),
        time: '2026-06-15T11:00:00.000+01:00',
        who: expect.stringMatching(/\(browser console of the headless host\)$/),
        action: 'case_opened',
        subject: `case ${flyTipping.id}`,
        caseId: flyTipping.id,
      },
    ]);

    // Another case is its own opening; the same one ten minutes on is recorded again.
    await value('getCase', { id: noise.id });
    t.clock.set('2026-06-15T10:10:00.000Z');
    await value('getCase', { id: flyTipping.id });
    const rows = await audited();
    expect(rows.map((r) => `${r.time} ${r.caseId}`)).toEqual([
      `2026-06-15T11:10:00.000+01:00 ${flyTipping.id}`,
      `2026-06-15T11:00:02.500+01:00 ${noise.id}`,
      `2026-06-15T11:00:00.000+01:00 ${flyTipping.id}`,
    ]);
    // The audit's case filter answers "who opened this resident's case".
    expect((await value('queryAccessAudit', { filter: { caseId: noise.id } })).rows).toHaveLength(1);
  });

  it('records nothing for a case that is not there, nor for the case list', async () => {
    startWithCases();
    expect(await call('getCase', { id: 'NOPE' })).toMatchObject({ ok: false, error: { issues: [{ path: 'id' }] } });
    // Ids, types, statuses and times only: no resident's data, and read again on every case event.
    expect((await value('listCases', { search: 'fly' })).map((c: { id: string }) => c.id)).toEqual([flyTipping.id]);
    expect(await audited()).toEqual([]);
  });

  it('records one entry per listing of whole recent cases, naming each case so a search finds it', async () => {
    startWithCases();
    expect((await value('listRecentCases', { limit: 20 })).map((c: { id: string }) => c.id)).toEqual([noise.id, flyTipping.id]);
    await value('listRecentCases', { limit: 20 }); // the designer opened again at once
    const rows = await audited();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'case_opened', subject: expect.stringMatching(new RegExp(`^the 2 most recent cases in full .*: ${noise.id}, ${flyTipping.id}$`)) });
    expect(rows[0]).not.toHaveProperty('caseId');
    expect((await value('queryAccessAudit', { filter: { text: flyTipping.id } })).rows).toEqual(rows);
  });

  it('refuses to open a case the audit cannot record, and answers none of its data', async () => {
    startWithCases();
    refuseAuditWrites(join(t.dataDir, DATABASE_FILE));
    const refused = await call('getCase', { id: flyTipping.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('disk I/O error (test)') } });
    expect(JSON.stringify(refused)).not.toContain(flyTipping.summary);
    expect(await call('listRecentCases', { limit: 5 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('disk I/O error (test)') } });
  });
});
