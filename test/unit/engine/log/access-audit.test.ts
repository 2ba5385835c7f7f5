/**
 * A data protection officer asks who looked at a resident's case and why: the access audit answers,
 * filtered and exported, and nobody (not even a bug) can change or remove what it recorded.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult, Handlers } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import { auditCalls } from '../../../../electron/engine/calls/audit-calls';
import { createAccessAudit, type AccessAudit } from '../../../../electron/engine/log/access-audit';
import { createAuditRepo } from '../../../../electron/engine/store/audit-repo';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { fakeClock, type FakeClock } from '../../../support/fake-clock';
import { makeDataDir, removeDataDir } from '../../../support/host-process';
import { refuseAuditWrites } from '../../../support/store-damage';
import { AT_THE_DESK } from '../../../support/caller';

let dir: string;
let store: Store;
let clock: FakeClock;
let audit: AccessAudit;
let handlers: Handlers;

/** The audit on a fresh store, kept by "sam (desktop app)", answering through the contract's dispatcher. */
function start() {
  dir = makeDataDir();
  store = openStore(join(dir, 'casebridge.sqlite'));
  clock = fakeClock();
  audit = createAccessAudit({ repo: createAuditRepo(store.db), clock, operator: () => 'sam (desktop app)' });
  handlers = auditCalls({ audit }) as unknown as Handlers;
}
afterEach(() => {
  store?.close();
  if (dir) removeDataDir(dir);
});

const call = (name: CallName, input?: unknown) => dispatchCall(handlers, name, input, AT_THE_DESK) as Promise<CallResult<any>>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

describe('the access audit', () => {
  it('records who, when, what and why, and reads back newest first under filters, a page at a time', async () => {
    start();
    clock.set('2026-06-15T09:00:00.000Z');
    audit.record({ action: 'case_opened', subject: 'case CAS-1', caseId: 'CAS-1' });
    clock.set('2026-06-15T10:00:00.000Z');
    audit.record({ action: 'personal_revealed', subject: 'log entry 12', caseId: 'CAS-1', reason: 'Complaint 4471 from the resident' });
    clock.set('2026-06-16T10:00:00.000Z');
    audit.record({ action: 'tenants_searched', subject: "surname search 'Okafor'" });

    const all = await value('queryAccessAudit', {});
    expect(all.rows.map((r: { action: string }) => r.action)).toEqual(['tenants_searched', 'personal_revealed', 'case_opened']);
    expect(all.rows[1]).toMatchObject({ who: 'sam (desktop app)', caseId: 'CAS-1', reason: 'Complaint 4471 from the resident' });
    expect(all.rows[1].time).toBe('2026-06-15T11:00:00.000+01:00'); // London, in summer time

    const forCase = await value('queryAccessAudit', { filter: { caseId: 'CAS-1' } });
    expect(forCase.rows).toHaveLength(2);
    const reveals = await value('queryAccessAudit', { filter: { actions: ['personal_revealed'] } });
    expect(reveals.rows.map((r: { subject: string }) => r.subject)).toEqual(['log entry 12']);
    // Words match the subject, the reason or the case, ignoring case; % and _ are plain characters.
    expect((await value('queryAccessAudit', { filter: { text: 'complaint 4471' } })).rows).toHaveLength(1);
    expect((await value('queryAccessAudit', { filter: { text: 'okafor' } })).rows).toHaveLength(1);
    expect((await value('queryAccessAudit', { filter: { text: '%' } })).rows).toHaveLength(0);
    const day = await value('queryAccessAudit', { filter: { from: '2026-06-15T00:00:00Z', to: '2026-06-15T23:59:59Z' } });
    expect(day.rows).toHaveLength(2);

    const first = await value('queryAccessAudit', { limit: 2 });
    expect(first.hasMore).toBe(true);
    const next = await value('queryAccessAudit', { limit: 2, beforeId: first.rows[1].id });
    expect(next).toEqual({ rows: [all.rows[2]], hasMore: false });
  });

  it('exports the filtered audit as CSV in batches, and records the export itself', async () => {
    start();
    for (let i = 1; i <= 5; i++) audit.record({ action: 'case_opened', subject: `case CAS-${i}`, caseId: `CAS-${i}` });
    audit.record({ action: 'personal_revealed', subject: 'log entry 3', reason: '=HYPERLINK("x") from the "team"' });

    const first = await value('exportAccessAudit', { limit: 4 });
    expect(first).toMatchObject({ rows: 4, done: false });
    const lines = first.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,time,who,action,subject,case,reason');
    expect(lines[1]).toContain(",Opened a case's data,case CAS-1,CAS-1,");
    const rest = await value('exportAccessAudit', { limit: 4, afterId: first.lastId });
    // The reveal, then the record of this very export (made before its first batch was read).
    expect(rest).toMatchObject({ rows: 3, done: true });
    const restLines = rest.csv.trimEnd().split('\r\n');
    expect(restLines[1]).toContain(`"'=HYPERLINK(""x"") from the ""team"""`);
    expect(restLines[2]).toContain('Exported the access audit,the whole audit');

    await value('exportAccessAudit', { filter: { caseId: 'CAS-2' } });
    const exports = await value('queryAccessAudit', { filter: { actions: ['audit_exported'] } });
    expect(exports.rows[0].subject).toBe('the audit where caseId "CAS-2"');
  });

  it('records an opening once per person and subject in any 10 minutes, a reveal every time', async () => {
    start();
    const other = createAccessAudit({ repo: createAuditRepo(store.db), clock, operator: () => 'kim (desktop app)' });
    clock.set('2026-06-15T09:00:00.000Z');
    const opening = { action: 'case_opened', subject: 'case CAS-1', caseId: 'CAS-1' } as const;
    audit.recordOpening(opening);
    clock.advance(9 * 60_000 + 59_000);
    // The console keeping the case up to date as its jobs run: the same opening, not recorded again.
    for (let i = 0; i < 20; i++) audit.recordOpening(opening);
    // Someone else, another case, another action: each its own entry.
    other.recordOpening(opening);
    audit.recordOpening({ action: 'case_opened', subject: 'case CAS-2', caseId: 'CAS-2' });
    audit.recordOpening({ action: 'tenants_searched', subject: 'Tenants search by surname "Okafor"' });
    audit.record({ action: 'personal_revealed', subject: 'log entry 4', caseId: 'CAS-1', reason: 'Complaint 4471' });
    audit.record({ action: 'personal_revealed', subject: 'log entry 4', caseId: 'CAS-1', reason: 'Complaint 4471' });
    clock.advance(1_000); // 10 minutes after the first: recorded again
    audit.recordOpening(opening);

    const rows = (await value('queryAccessAudit', {})).rows as { who: string; subject: string; time: string }[];
    expect(rows.map((r) => `${r.time} ${r.who.split(' ')[0]} ${r.subject}`).reverse()).toEqual([
      '2026-06-15T10:00:00.000+01:00 sam case CAS-1',
      '2026-06-15T10:09:59.000+01:00 kim case CAS-1',
      '2026-06-15T10:09:59.000+01:00 sam case CAS-2',
      '2026-06-15T10:09:59.000+01:00 sam Tenants search by surname "Okafor"',
      '2026-06-15T10:09:59.000+01:00 sam log entry 4',
      '2026-06-15T10:09:59.000+01:00 sam log entry 4',
      '2026-06-15T10:10:00.000+01:00 sam case CAS-1',
    ]);
  });

  it('throws when it cannot record, so the access is refused', () => {
    start();
    refuseAuditWrites(join(dir, 'casebridge.sqlite'));
    expect(() => audit.record({ action: 'personal_revealed', subject: 'log entry 4', reason: 'Complaint 4471' })).toThrow(/disk I\/O error \(test\)/);
    expect(() => audit.recordOpening({ action: 'case_opened', subject: 'case CAS-1', caseId: 'CAS-1' })).toThrow(/disk I\/O error \(test\)/);
  });

  it('cannot be changed or emptied, even by a statement that bypasses the engine', async () => {
    start();
    audit.record({ action: 'case_opened', subject: 'case CAS-1', caseId: 'CAS-1' });
    const { sqlite } = store;
    expect(() => sqlite.prepare("UPDATE access_audit SET who = 'someone else'").run()).toThrow(/the access audit cannot be changed/);
    expect(() => sqlite.prepare('DELETE FROM access_audit').run()).toThrow(/the access audit cannot be changed/);
    expect((await value('queryAccessAudit', {})).rows).toHaveLength(1);
  });

  it('refuses a filter it cannot use, naming the part', async () => {
    start();
    const refused = await call('queryAccessAudit', { filter: { actions: ['case_deleted'] } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.issues?.[0]?.path).toBe('filter.actions.0');
    const backwards = await call('queryAccessAudit', { filter: { from: '2026-06-16T00:00:00Z', to: '2026-06-15T00:00:00Z' } });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error.issues?.[0]).toEqual({ path: 'filter.to', message: 'the end is before the start' });
  });
});
