/**
 * Two-way sync: an officer changes a Service Request in Tascomi after casebridge created it, and the
 * case here hears of it at the next poll; records that are not ours change nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { createTascomiClient, type TascomiClient } from '../../../../electron/engine/connectors/tascomi/client';
import { createTascomiSync } from '../../../../electron/engine/jobs/tascomi-sync';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator, type TascomiEmulatorOptions } from '../../../emulators/tascomi';
import { startLocalServer, type LocalServer } from '../../../support/local-server';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { manualClock } from '../../../support/manual-clock';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

let t: TestEngine;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  emulator = undefined;
});

const value = async (name: CallName, input?: unknown) => {
  const result = (await dispatchCall(t.engine.handlers, name, input, t.engine.localCaller)) as CallResult<any>;
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

/** A case sent to Tascomi, with an incoming template that copies the remarks and ceased flag back. */
async function sentCase(options: TascomiEmulatorOptions = {}): Promise<string> {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ ...options, now: () => t.clock.now().toMillis() });
  await value('saveTascomiSettings', {
    enabled: true,
    baseUrl: emulator!.baseUrl,
    ...DEMO_KEYS,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 600,
  });
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: flyTippingCreateDraft({ name: 'Create' }),
  });
  await value('saveTemplate', {
    draft: {
      name: 'Back from Tascomi',
      connector: 'tascomi',
      type: 'incoming',
      reference: 'SR number',
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
  const client = createTascomiClient({ baseUrl: emulator!.baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', clock: t.clock, proxyEnv: {} });
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
    const other = emulator!.records('complaints').find((r) => r.id !== srNumber)!;
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

  /** What the sync logs while `during` runs. */
  async function syncLog(during: () => Promise<unknown>): Promise<string[]> {
    const heard: string[] = [];
    const off = t.engine.on('log', (entry) => {
      if (entry.source === 'tascomi' && entry.message.startsWith('Two-way sync')) heard.push(entry.message);
    });
    await during();
    off();
    return heard;
  }

  it('applies nothing when the instance has no case-reference column, and says the changed records carried none', async () => {
    const srNumber = await sentCase({ absentColumns: { complaints: ['external_reference'] } });
    expect(srNumber).toMatch(/^\d+$/);
    await value('saveTascomiSync', { enabled: true, intervalMinutes: 5 });
    t.clock.advance(60 * 60_000);
    await officerChanges(srNumber, { remarks: 'Cleared by the street scene crew' });
    const other = emulator!.records('complaints').find((r) => r.id !== srNumber)!;
    await officerChanges(other.id as string, { remarks: 'Another resident: noise from a neighbour' });
    expect(emulator!.records('complaints').some((r) => 'external_reference' in r)).toBe(false);

    let run: any;
    const heard = await syncLog(async () => (run = await value('runTascomiSync')));
    expect(run).toMatchObject({ matched: 0, updated: 0 });
    expect(run.changed).toBeGreaterThanOrEqual(2);
    const kase = (await value('getCase', { id: flyTipping.id })).case;
    expect(kase.fields.tascomi_remarks).toBe(flyTipping.fields.description); // as it was when the case was sent
    expect(heard).toEqual([expect.stringMatching(new RegExp(`; ${run.changed} carried no case reference \\(external_reference\\) and were left alone\\.$`))]);
  });

  it('skips records whose case reference is null or empty, and still applies those that carry it', async () => {
    const srNumber = await sentCase();
    await value('saveTascomiSync', { enabled: true, intervalMinutes: 5 });
    await value('runTascomiSync'); // watermark: now
    t.clock.advance(60 * 60_000);
    // The case's own Service Request, its case reference cleared by an officer (sent empty: stored null).
    await officerChanges(srNumber, { remarks: 'Reference cleared', external_reference: '' });
    expect(emulator!.records('complaints').find((r) => r.id === srNumber)!.external_reference).toBeNull();
    // Records made elsewhere with the field null or empty.
    const base = { core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1' };
    emulator!.insert('complaints', { ...base, remarks: 'Null reference', external_reference: null });
    emulator!.insert('complaints', { ...base, remarks: 'Empty reference', external_reference: '' });

    let run: any;
    const heard = await syncLog(async () => (run = await value('runTascomiSync')));
    expect(run).toMatchObject({ changed: 3, matched: 0, updated: 0 });
    expect((await value('getCase', { id: flyTipping.id })).case.fields.tascomi_remarks).toBe(flyTipping.fields.description);
    expect(heard).toEqual([expect.stringMatching(/; 3 carried no case reference \(external_reference\) and were left alone\.$/)]);

    // The reference back: the record is the case's again and applies.
    t.clock.advance(60_000);
    await officerChanges(srNumber, { remarks: 'Reference restored', external_reference: flyTipping.id });
    const again = await value('runTascomiSync');
    expect(again).toMatchObject({ matched: 1, updated: 1 });
    expect((await value('getCase', { id: flyTipping.id })).case.fields.tascomi_remarks).toBe('Reference restored');
  });

  it('copes with Service Requests whose last_updated is null (seeded and ours): no day matches them, the rest applies', async () => {
    const srNumber = await sentCase();
    const seededWithout = emulator!.records('complaints').filter((r) => r.last_updated === null);
    expect(seededWithout).toHaveLength(1); // the seed's Service Request that was never updated
    await value('saveTascomiSync', { enabled: true, intervalMinutes: 5 });
    await value('runTascomiSync'); // watermark: now
    t.clock.advance(60 * 60_000);
    // Carrying this case's reference but with no last_updated (and every other absent value null).
    const base = { core_function_id: '5', complaint_code_id: '18', investigating_officer_id: '1' };
    const undated = emulator!.insert('complaints', { ...base, remarks: 'Undated', external_reference: flyTipping.id, last_updated: null, received_date: null });
    expect(undated).toMatchObject({ last_updated: null, dtf_location_id: null });
    await officerChanges(srNumber, { remarks: 'Changed today' });

    const run = await value('runTascomiSync');
    expect(run).toMatchObject({ changed: 1, matched: 1, updated: 1 });
    expect((await value('getCase', { id: flyTipping.id })).case.fields.tascomi_remarks).toBe('Changed today');
  });

  it('says so when Tascomi cannot be polled, and refuses bad settings with the field', async () => {
    await sentCase();
    emulator!.setFaults({ errorRate: 1 });
    const run = await value('runTascomiSync');
    expect(run.error).toMatch(/HTTP 5\d\d|Tascomi/);
    const bad = await dispatchCall(t.engine.handlers, 'saveTascomiSync', { enabled: true, intervalMinutes: 0 }, t.engine.localCaller);
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ path: 'intervalMinutes' }] } });
  });
});

describe('stopping the sync', () => {
  const MINUTE = 60_000;
  let local: LocalServer | undefined;
  let client: TascomiClient | undefined;
  afterEach(async () => {
    client?.close();
    client = undefined;
    await local?.close();
    local = undefined;
  });

  /** A stand-in for Tascomi on 127.0.0.1 that answers each request as `answer` says (or not at all). */
  async function stubTascomi(answer: (n: number, res: ServerResponse) => void) {
    const arrivals: (() => void)[] = [];
    const server = await startLocalServer((_req, res) => {
      res.sendDate = false; // no Date header: the client's estimate of the server's clock stays ours
      arrivals.splice(0).forEach((heard) => heard());
      answer(server.requests.length, res);
    });
    local = server;
    const { requests } = server;
    const anyArrived = () => new Promise<void>((resolve) => (requests.length > 0 ? resolve() : arrivals.push(resolve)));
    const closed = (req: IncomingMessage) => new Promise<void>((resolve) => (req.socket.destroyed ? resolve() : req.socket.once('close', () => resolve())));
    return { baseUrl: server.baseUrl, requests, anyArrived, closed };
  }

  /** The sync on its own, polling every minute on a manual clock. */
  function syncAgainst(baseUrl: string) {
    const clock = manualClock();
    const stored = new Map<string, unknown>([['tascomi.sync.settings', { enabled: true, intervalMinutes: 1 }]]);
    const heard: NewLogEntry[] = [];
    client = createTascomiClient({ baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', clock, proxyEnv: {} });
    const sync = createTascomiSync({
      settings: { get: (key) => stored.get(key), set: (key, value) => void stored.set(key, value) },
      client: async () => client!,
      serviceRequestSettings: async () => ({}),
      cases: { get: () => undefined, setFields: () => {} },
      incomingTemplates: () => [],
      clock,
      log: { write: (entry) => heard.push(entry) },
    });
    return { sync, clock, stored, heard };
  }

  it('stops in its sleep between polls without the time passing', async () => {
    const stub = await stubTascomi(() => {});
    const { sync, clock } = syncAgainst(stub.baseUrl);
    sync.start();
    await settlesWithin(clock.sleeping(MINUTE), 'the sync reaching its sleep');
    await settlesWithin(sync.stop(), 'stop() while the sync sleeps');
    expect(clock.waiting()).toEqual([]);
    expect(stub.requests).toHaveLength(0);
  });

  it('aborts a poll whose request Tascomi never answers, keeping the watermark', async () => {
    const stub = await stubTascomi(() => {}); // never answers
    const { sync, clock, stored, heard } = syncAgainst(stub.baseUrl);
    sync.start();
    await settlesWithin(clock.sleeping(MINUTE), 'the sync reaching its sleep');
    clock.advance(MINUTE);
    await settlesWithin(stub.anyArrived(), 'the poll reaching Tascomi');

    // Not the request timeout (30 s of real time): the request is abandoned at once.
    await settlesWithin(sync.stop(), 'stop() with a poll request in flight');
    await settlesWithin(stub.closed(stub.requests[0]!), 'the abandoned request closing its connection');
    expect(stored.has('tascomi.sync.watermark')).toBe(false); // the next poll reads from the same point
    expect(heard.at(-1)).toMatchObject({ level: 'info', message: expect.stringMatching(/^Two-way sync stopped in the middle of a poll/) });
    expect(sync.view().lastRun).toBeUndefined();
  });

  it("stops in a read's retry wait (after a 503) without the wait passing", async () => {
    const stub = await stubTascomi((n, res) => {
      if (n === 1) res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"message":"Service unavailable"}');
    });
    const { sync, clock } = syncAgainst(stub.baseUrl);
    sync.start();
    await settlesWithin(clock.sleeping(MINUTE), 'the sync reaching its sleep');
    clock.advance(MINUTE);
    await settlesWithin(clock.sleeping(250), 'the read waiting to try again');

    await settlesWithin(sync.stop(), "stop() in a read's retry wait");
    expect(clock.waiting()).toEqual([]);
    expect(stub.requests).toHaveLength(1); // not tried again after the stop
  });
});
