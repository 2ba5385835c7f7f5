/**
 * Personal values are recognised by what they are, not by the remote field's name: a value mapped
 * onto a target of a personal group (a contact's locality and town), a value taken from one of the
 * case's people or addresses (whatever the remote field is called), and a row an admin marked
 * personal. A job sends them to Tascomi; the Log page's detail and CSV export show them hidden.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { OutgoingRow } from '../../../../shared/domain/template';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { redactCxRequest } from '../../../../electron/engine/connectors/civica-cx/redact';
import { redactRequest, redactResponse } from '../../../../electron/engine/connectors/tascomi/redact';
import { withMainExchange } from '../../../../electron/engine/jobs/attempt';
import { hidePersonal, markPersonal } from '../../../../electron/engine/log/personal-data';
import { isPersonalValue, markPersonalValues, notePersonalValues, withPersonalValues } from '../../../../electron/engine/log/personal-values';
import { startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine | undefined;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  t = emulator = undefined;
});

const value = async (name: CallName, input?: unknown) => {
  const result = (await dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller)) as CallResult<any>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

const LOCALITY = 'Upper Wibbling';
const TOWN = 'Little Snoring';
const FULL_NAME = 'Margaret Ellison';
const VEHICLE = 'NB19 KXP';

/** The fly-tipping sample, with the caller's locality and town as plain case fields (not a person's address). */
const kase = { ...flyTipping, fields: { ...flyTipping.fields, caller_locality: LOCALITY, caller_town: TOWN } };

const REQUIRED: OutgoingRow[] = [
  { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
  { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
  { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
];

/** Sends the case with a template of these rows (besides the required ones); answers the attempt's log entry. */
async function sendWith(rows: OutgoingRow[], beforeSending: () => void = () => {}) {
  const { clock } = (t = startTestEngine());
  clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ now: () => clock.now().toMillis() });
  await value('saveTascomiSettings', tascomiSettingsFor(emulator));
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', { draft: { name: 'Create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [...REQUIRED, ...rows] } });
  await value('submitCase', { case: kase });
  await value('applyTemplate', { caseId: kase.id, templateId: template.id });
  beforeSending();
  await t.engine.jobs.runUntilIdle();
  const { rows: attempts } = await value('queryLog', { filter: { caseId: kase.id, jobId: t.engine.jobs.queue.byCase(kase.id)[0]!.id } });
  return { id: attempts[0].id as number, job: t.engine.jobs.queue.byCase(kase.id)[0]! };
}

/** Everything the Log page and the Jobs page would show of the case's job, unrevealed. */
async function shown(id: number) {
  const detail = await value('getLogEntry', { id });
  const csv = (await value('exportLog', { filter: { caseId: kase.id } })).csv as string;
  const jobs = await value('listJobs', { filter: { caseId: kase.id } });
  return { detail, csv, jobs, all: JSON.stringify([detail, csv, jobs]) };
}

describe('personal values marked by what they are', () => {
  it("hides a contact's locality and town (a personal group of the schema) in the detail, the CSV export and the job's error, under any key", async () => {
    const rows: OutgoingRow[] = [
      { id: 'lo', target: { kind: 'schema', key: 'requester.locality' }, source: { kind: 'field', field: 'caller_locality' } },
      { id: 'tw', target: { kind: 'schema', key: 'requester.town' }, source: { kind: 'field', field: 'caller_town' } },
    ];
    // The contact write is refused with words quoting the town back, as a remote may.
    const { id, job } = await sendWith(rows, () =>
      emulator!.setFaults({ forceValidationFailure: { resource: 'contacts', field: 'town', message: `${TOWN} is not a town we know` } }),
    );
    expect(job.state).toBe('failed');
    const { detail, csv, all } = await shown(id);
    expect(detail.entry.request).toMatch(/^PUT http:\/\/127\.0\.0\.1:\d+\/rest\/v1\/contacts/);
    expect(detail.entry.request).toContain('locality=[personal: 14 chars], town=[personal: 14 chars]');
    expect(detail.personalHidden).toBe(true);
    expect(csv).toContain('town=[personal: 14 chars]');
    expect(all).not.toContain(LOCALITY);
    expect(all).not.toContain(TOWN);

    const revealed = await value('getLogEntry', { id, revealPersonal: true, reason: 'Resident asked what was sent' });
    expect(revealed.entry.request).toContain(`locality=${LOCALITY}, town=${TOWN}`);
    expect(revealed.entry.message).toContain(`${TOWN} is not a town we know`);
  });

  it("hides a person's name sent under a field name of the remote's choosing (an additional field)", async () => {
    const { id, job } = await sendWith([{ id: 'ap', target: { kind: 'extra', name: 'applicant_label' }, source: { kind: 'person', role: 'Reporter', detail: 'full_name' } }]);
    expect(job.state).toBe('succeeded');
    const { detail, all } = await shown(id);
    expect(detail.entry.request).toContain('applicant_label=[personal: 16 chars]');
    expect(all).not.toContain(FULL_NAME);
  });

  it('hides a field an admin marked personal in the template, and keeps the mark through export and import', async () => {
    const marked: OutgoingRow = { id: 'vr', target: { kind: 'extra', name: 'vehicle_seen' }, source: { kind: 'field', field: 'vehicle_registration' }, personal: true };
    const { id, job } = await sendWith([marked]);
    expect(job.state).toBe('succeeded');
    const { detail, all } = await shown(id);
    expect(detail.entry.request).toContain('vehicle_seen=[personal: 8 chars]');
    expect(all).not.toContain(VEHICLE);

    const [template] = await value('listTemplates');
    const file = await value('exportTemplate', { id: template.id });
    const imported = await value('importTemplate', { content: file.content });
    expect(imported.rows.find((r: OutgoingRow) => r.id === 'vr')).toEqual(marked);
  });
});

describe('the personal values of the work under way', () => {
  it('are known only inside their own scope, even with several attempts running at once', async () => {
    const seen = async (mine: string, other: string) =>
      withPersonalValues(async () => {
        notePersonalValues([mine]);
        await new Promise((resolve) => setImmediate(resolve));
        return { mine: isPersonalValue(` ${mine.toUpperCase()} `), other: isPersonalValue(other), text: markPersonalValues(`from ${mine} to ${other}`) };
      });
    const [a, b] = await Promise.all([seen('Ellison', 'Okafor'), seen('Okafor', 'Ellison')]);
    expect(a).toEqual({ mine: true, other: false, text: `from ${markPersonal('Ellison')} to Okafor` });
    expect(b).toEqual({ mine: true, other: false, text: `from ${markPersonal('Okafor')} to Ellison` });
    expect(isPersonalValue('Ellison')).toBe(false);
    expect(markPersonalValues('Ellison')).toBe('Ellison');
    notePersonalValues(['Ellison']); // outside a scope: kept nowhere
    expect(isPersonalValue('Ellison')).toBe(false);
  });

  it('mark a renamed remote field and an answer quoting a value back, in both connectors, with the key names still a safety net', async () => {
    const [tascomi, cx] = await withPersonalValues(async () => {
      notePersonalValues(['Ellison', 'NB3 4RW']);
      const request = redactRequest({ method: 'PUT', url: 'https://x/rest/v1/contacts?family_name=Ellison', body: 'family_name=Ellison&forename=Jo&ref_no=12' });
      const answer = redactResponse({ status: 400, body: JSON.stringify({ message: 'Ellison is already at NB3 4RW' }) });
      const cxRequest = redactCxRequest({ method: 'POST', url: 'https://cx/api/v1/x', body: { tenantSurname: 'Ellison', postCode: 'NB3 4RW', priority: 'U' } });
      return [hidePersonal(`${request}\n${answer}`), hidePersonal(cxRequest)];
    });
    expect(tascomi).toBe(
      'PUT https://x/rest/v1/contacts?family_name=[personal: 7 chars]\nbody: family_name=[personal: 7 chars], forename=[personal: 2 chars], ref_no=12\nHTTP 400\nbody: message: "[personal: 7 chars] is already at [personal: 7 chars]"',
    );
    expect(cx).toBe('POST https://cx/api/v1/x\nbody: tenantSurname=[personal: 7 chars], postCode=[personal: 7 chars], priority=U');
  });
});

it("outside any job, a Tascomi record read back still has its contact's locality and town marked (the schema's personal fields, by their Tascomi names)", () => {
  const answer = redactResponse({ status: 200, body: JSON.stringify({ id: 7, locality: 'Upper Wibbling', town: 'Little Snoring', title_id: 3 }) }, { showValues: true });
  expect(hidePersonal(answer)).toBe('HTTP 200\nbody: record id 7: id=7, locality=[personal: 14 chars], town=[personal: 14 chars], title_id=3');
});

it("marks the attempt's personal values in any failure's words, a DOMException's read-only message included", async () => {
  const attempt = withMainExchange(async () => {
    notePersonalValues(['Ellison']);
    throw new DOMException('Stopped while sending Ellison', 'AbortError');
  });
  const failure = await attempt({} as Parameters<typeof attempt>[0]).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DOMException);
  expect((failure as DOMException).name).toBe('AbortError');
  expect((failure as DOMException).message).toBe(`Stopped while sending ${markPersonal('Ellison')}`);
});
