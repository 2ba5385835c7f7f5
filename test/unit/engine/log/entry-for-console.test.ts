/**
 * A log entry's personal values leave the engine hidden on every path a console reads: the live
 * tail (`listRecentLog`), a case's page (`getCase`), the live `log` event, the Log page's rows,
 * detail and CSV export. Only getLogEntry with revealPersonal shows them (and that is logged).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult, EventName } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { LogEntry } from '../../../../shared/domain/log-entry';
import { entryForConsole } from '../../../../electron/engine/log/entry-for-console';
import { markPersonal } from '../../../../electron/engine/log/personal-data';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

const value = async (name: CallName, input?: unknown) => {
  const result = (await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller)) as CallResult<any>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

const SURNAME = 'Okafor-Whitcombe';
const TOWN = 'Little Snoring';

/** An attempt's entry as a connector writes it: the surname and the town marked, in the request, the answer and the message. */
const writeAttempt = (caseId: string) =>
  t.engine.log.write({
    level: 'error',
    source: 'tascomi',
    caseId,
    jobId: 4,
    attempt: 1,
    outcome: 'failed',
    errorClass: 'validation',
    message: `Job 4 failed [validation]: Tascomi did not accept the data: town - ${markPersonal(TOWN)} is not a known town.`,
    request: `PUT http://tascomi/rest/v1/contacts\nbody: surname=${markPersonal(SURNAME)}, town=${markPersonal(TOWN)}, title_id=3`,
    response: `HTTP 422\nbody: message: "The town ${markPersonal(TOWN)} is not known"`,
  });

const shows = (payload: unknown) => {
  const text = JSON.stringify(payload);
  return text.includes(SURNAME) || text.includes(TOWN);
};

describe('a log entry leaving the engine', () => {
  it('is hidden in the live tail (listRecentLog)', async () => {
    t = startTestEngine();
    const written = writeAttempt('CAS-1');
    const recent: LogEntry[] = await value('listRecentLog', { limit: 10 });
    const entry = recent.find((e) => e.id === written.id)!;
    expect(entry.request).toContain('surname=[personal: 16 chars], town=[personal: 14 chars], title_id=3');
    expect(shows(recent)).toBe(false);
  });

  it("is hidden in a case's page (getCase), while the case's own data is shown", async () => {
    t = startTestEngine();
    await value('submitCase', { case: flyTipping });
    writeAttempt(flyTipping.id);
    const detail = await value('getCase', { id: flyTipping.id });
    expect(detail.case.people[0].surname).toBe('Ellison');
    expect(detail.log.length).toBeGreaterThan(0);
    expect(shows(detail.log)).toBe(false);
    expect(detail.log.find((e: LogEntry) => e.jobId === 4).message).toContain('town - [personal: 14 chars] is not a known town');
  });

  it('is hidden in the live log event every console hears, while the stored entry keeps what a reveal shows', async () => {
    t = startTestEngine();
    const heard: { name: EventName; payload: unknown }[] = [];
    const off = t.engine.onAnyEvent((name, payload) => heard.push({ name, payload }));
    const written = writeAttempt('CAS-2');
    off();
    const event = heard.find((e) => e.name === 'log' && (e.payload as LogEntry).id === written.id);
    expect(event).toBeDefined();
    expect(shows(event!.payload)).toBe(false);
    expect((event!.payload as LogEntry).response).toContain('The town [personal: 14 chars] is not known');

    const revealed = await value('getLogEntry', { id: written.id, revealPersonal: true, reason: 'Resident asked what was sent' });
    expect(revealed.entry.request).toContain(`surname=${SURNAME}, town=${TOWN}`);
    expect(revealed.entry.message).toContain(`town - ${TOWN} is not`);
  });

  it('is hidden in the Log page rows, detail and CSV export, with the message too', async () => {
    t = startTestEngine();
    const written = writeAttempt('CAS-3');
    const page = await value('queryLog', { filter: { caseId: 'CAS-3' } });
    expect(page.rows.map((r: LogEntry) => r.id)).toEqual([written.id]);
    const detail = await value('getLogEntry', { id: written.id });
    const csv = await value('exportLog', { filter: { caseId: 'CAS-3' } });
    expect(detail.personalHidden).toBe(true);
    expect(shows([page, detail, csv])).toBe(false);
  });
});

describe('entryForConsole', () => {
  const entry: LogEntry = {
    id: 1,
    time: '2026-06-15T10:00:00.000+01:00',
    level: 'info',
    source: 'tascomi',
    message: `for ${markPersonal('Ann')}`,
    request: `surname=${markPersonal('Lee')}`,
    response: 'HTTP 200',
  };

  it('hides marked values in the message, request and answer unless revealed, and leaves the rest as it is', () => {
    expect(entryForConsole(entry, { reveal: false })).toEqual({ ...entry, message: 'for [personal: 3 chars]', request: 'surname=[personal: 3 chars]' });
    expect(entryForConsole(entry, { reveal: true })).toEqual({ ...entry, message: 'for Ann', request: 'surname=Lee' });
  });

  it('keeps a list row a list row (no request or answer added)', () => {
    const { request: _r, response: _s, ...row } = entry;
    expect(entryForConsole({ ...row, hasExchange: true }, { reveal: false })).toEqual({ ...row, hasExchange: true, message: 'for [personal: 3 chars]' });
  });
});
