/**
 * Every record a call leaves names the person who made the call (the dispatcher's caller), not the
 * operating-system user the engine runs as: a support person's apply, cancel, retry and bulk retry
 * (on the job and in the log), their reveal and case opening (in the access audit), an
 * administrator's subject access export and erasure. Work the engine does on its own (a case from
 * the CRM, an attempt failing) carries no person and keeps the job's last action by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../shared/contract';
import { dispatchCall } from '../../../shared/dispatch';
import type { AccessAuditPage } from '../../../shared/domain/access-audit';
import type { JobView } from '../../../shared/domain/job';
import type { LogEntry } from '../../../shared/domain/log-entry';
import type { LogPage } from '../../../shared/domain/log-filter';
import type { Caller } from '../../../shared/domain/people';
import type { Template } from '../../../shared/domain/template';
import { markPersonal } from '../../../electron/engine/log/personal-data';
import flyTipping from '../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { connectorError } from './jobs/helpers';

const SAM: Caller = { name: 'Sam Patel', role: 'support', source: 'local', accountId: 2, username: 'sam.patel' };
const ALEX: Caller = { name: 'Alex Morgan', role: 'administrator', source: 'local', accountId: 1, username: 'alex.morgan' };

let t: TestEngine;
beforeEach(() => {
  t = startTestEngine();
});
afterEach(() => t.dispose());

/** A call as `caller` makes it through the dispatcher; throws when refused. */
async function as<T = any>(caller: Caller, name: CallName, input?: unknown): Promise<T> {
  const result = await dispatchCall(t.engine.handlers, name, input, caller);
  if (!result.ok) throw new Error(`${name} refused for ${caller.name}: ${result.error.message}`);
  return result.value as T;
}
const local = () => t.engine.localCaller;
const logWhere = async (filter: object): Promise<LogPage['rows']> => (await as<LogPage>(ALEX, 'queryLog', { filter, limit: 500 })).rows;

/** A case from the CRM's webhook (outside any call) and a template that can be applied to it. */
async function caseAndTemplate(): Promise<Template> {
  t.engine.intake.receiveMany([flyTipping], { from: { source: 'intake', description: 'the CRM webhook' } });
  await as(local(), 'createReference', { name: 'SR number' });
  return as<Template>(local(), 'saveTemplate', { draft: { name: 'Fly-tipping create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } });
}

describe('records name the person who made the call', () => {
  it("a support person's apply, cancel, retry and bulk retry: on the job, live, and in the log", async () => {
    const template = await caseAndTemplate();
    const heard: JobView[] = [];
    t.engine.on('jobChanged', (job) => void heard.push(job));

    const queued = await as<JobView>(SAM, 'applyTemplate', { caseId: flyTipping.id, templateId: template.id });
    expect(queued.lastAction).toEqual({ kind: 'queued', by: 'Sam Patel', at: t.clock.now().toISO() });
    t.clock.advance(60_000);
    expect((await as<JobView>(SAM, 'cancelJob', { id: queued.id })).lastAction).toEqual({ kind: 'cancelled', by: 'Sam Patel', at: t.clock.now().toISO() });
    t.clock.advance(60_000);
    const retriedAt = t.clock.now().toISO();
    expect((await as<JobView>(SAM, 'retryJob', { id: queued.id })).lastAction).toEqual({ kind: 'retried', by: 'Sam Patel', at: retriedAt });
    expect(heard.map((job) => job.lastAction?.kind)).toEqual(['queued', 'cancelled', 'retried']);

    // The engine's own change (an attempt failing for good) keeps the last action by hand.
    const claimed = t.engine.jobs.queue.claim('tascomi', 'test worker', 60_000)!;
    t.engine.jobs.queue.fail(claimed.id, 'test worker', connectorError({ kind: 'validation', message: 'Remarks are not allowed' }));
    expect((await as<{ job: JobView }>(ALEX, 'getJobDetail', { id: queued.id })).job.lastAction).toEqual({ kind: 'retried', by: 'Sam Patel', at: retriedAt });
    expect(heard.at(-1)).toMatchObject({ state: 'failed', lastAction: { kind: 'retried', by: 'Sam Patel' } });

    const filter = { states: ['failed'] };
    const { count } = await as<{ count: number }>(SAM, 'previewBulkRetry', { filter });
    t.clock.advance(60_000);
    expect(await as(SAM, 'bulkRetryJobs', { filter, expectedCount: count })).toEqual({ retried: 1 });
    expect((await as<{ job: JobView }>(ALEX, 'getJobDetail', { id: queued.id })).job.lastAction).toEqual({ kind: 'retried', by: 'Sam Patel', at: t.clock.now().toISO() });

    const bySam = await logWhere({ person: 'Sam Patel' });
    expect(bySam.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Bulk retry by Sam Patel: 1 of 1/),
      expect.stringMatching(new RegExp(`^Job ${queued.id} retried by Sam Patel`)),
      expect.stringMatching(new RegExp(`^Job ${queued.id} cancelled by Sam Patel`)),
      expect.stringMatching(new RegExp(`^Job ${queued.id} queued: .* by hand by Sam Patel\\.$`)),
    ]);
    expect(bySam.every((e) => e.person === 'Sam Patel')).toBe(true);
    // The case came from the CRM, outside any call: its entries name nobody.
    expect(await logWhere({ caseId: flyTipping.id, sources: ['intake'] })).toEqual([expect.not.objectContaining({ person: expect.anything() })]);
  });

  it("a support person's case opening and reveal: in the access audit and the log", async () => {
    t.engine.intake.receive(flyTipping);
    const entry = t.engine.log.write({ level: 'info', source: 'tascomi', caseId: flyTipping.id, message: `Sent the report of ${markPersonal('Margaret Ellison')}.` });
    expect(entry.person).toBeUndefined();

    await as(SAM, 'getCase', { id: flyTipping.id });
    const detail = await as(SAM, 'getLogEntry', { id: entry.id, revealPersonal: true, reason: 'Resident rang asking what was sent' });
    expect(detail).toMatchObject({ entry: { message: 'Sent the report of Margaret Ellison.' } });

    const audit = await as<AccessAuditPage>(ALEX, 'queryAccessAudit', {});
    expect(audit.rows.map((r) => [r.action, r.who])).toEqual([
      ['personal_revealed', 'Sam Patel'],
      ['case_opened', 'Sam Patel'],
    ]);
    const revealed = (await logWhere({ person: 'Sam Patel' })).find((e) => e.message.includes(`log entry ${entry.id} were revealed`));
    expect(revealed?.message).toBe(`Personal details in log entry ${entry.id} were revealed in the console by Sam Patel.`);
  });

  it("an administrator's subject access export and erasure name them", async () => {
    t.engine.intake.receive(flyTipping);
    let search = await as(ALEX, 'findSubjectAccess', { subject: { email: 'margaret.ellison@example.org' }, reason: 'Request SAR-7 from the resident' });
    while (search.state === 'searching') {
      await new Promise<void>((resolve) => setImmediate(resolve));
      search = await as(ALEX, 'getSubjectAccess', { requestId: search.requestId });
    }
    const batch = await as<{ text: string }>(ALEX, 'exportSubjectAccess', { requestId: search.requestId, maxChars: 4_000_000 });
    expect(batch.text).toContain('"generatedBy": "Alex Morgan"');

    await as(ALEX, 'eraseCase', { id: flyTipping.id, confirm: flyTipping.id });
    const audit = await as<AccessAuditPage>(local(), 'queryAccessAudit', {});
    expect(audit.rows.find((r) => r.action === 'case_erased')?.who).toBe('Alex Morgan');
    expect(audit.rows.find((r) => r.action === 'subject_access_exported')?.who).toBe('Alex Morgan');
    const erased = (await logWhere({ caseId: flyTipping.id })).find((e) => e.message.includes('personal data erased'));
    expect(erased).toMatchObject({ person: 'Alex Morgan', message: expect.stringContaining('erased by Alex Morgan') });
  });
});

describe('the people in the log', () => {
  it('lists who wrote entries, the most recently active first, and filters the log by one of them', async () => {
    await caseAndTemplate(); // by the local person, through calls
    await as(SAM, 'setPreferences', { theme: 'dark' });
    await as(ALEX, 'setPreferences', { theme: 'light' });
    t.engine.log.write({ level: 'info', source: 'engine', message: 'Written by the engine itself.' });
    expect(await as(SAM, 'listLogPeople')).toEqual(['Alex Morgan', 'Sam Patel', local().name]);

    const bySam: LogEntry[] = await logWhere({ person: 'Sam Patel' });
    expect(bySam.length).toBeGreaterThan(0);
    expect(bySam.every((e) => e.person === 'Sam Patel')).toBe(true);
    expect(await as(SAM, 'countLog', { filter: { person: 'Sam Patel' } })).toEqual({ count: bySam.length, capped: false });
    expect(await logWhere({ person: 'Nobody Here' })).toEqual([]);
    // Words and a person together: the full-text path filters by person too.
    expect((await logWhere({ person: 'Alex Morgan', text: 'preferences' })).every((e) => e.person === 'Alex Morgan')).toBe(true);
    const refused = await dispatchCall(t.engine.handlers, 'queryLog', { filter: { person: '' } }, SAM);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'filter.person' }] } });
  });
});
