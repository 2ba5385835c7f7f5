/**
 * One job attempt against the Tascomi emulator: the pinned template evaluated against the stored
 * case, the Service Request created or updated, its number kept in the case's Reference, incoming
 * templates applied; a template that does not fit the case fails without sending anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CaseSchema, type Case } from '../../../../shared/domain/case';
import { TemplateDraftSchema, type Template, type TemplateDraftInput } from '../../../../shared/domain/template';
import { ConnectorError } from '../../../../electron/engine/connectors/errors';
import { createCodeLists } from '../../../../electron/engine/connectors/tascomi/code-lists';
import type { ServiceRequestSettings } from '../../../../electron/engine/connectors/tascomi/service-requests';
import { createTascomiExecutor } from '../../../../electron/engine/jobs/tascomi-executor';
import type { Job } from '../../../../electron/engine/store/job-repo';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { startHarness, type Harness } from '../connectors/tascomi/harness';
import { startLocalServer, type LocalServer } from '../../../support/local-server';

let h: Harness;
let local: LocalServer | undefined;
afterEach(async () => {
  await h?.close();
  await local?.close();
  local = undefined;
});

const CREATE: TemplateDraftInput = {
  name: 'Fly-tipping create',
  connector: 'tascomi',
  type: 'create',
  reference: 'SR number',
  rows: [
    { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
    { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
    { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
    { id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
    { id: 'rd', target: { kind: 'schema', key: 'received_date' }, source: { kind: 'date', date: 'reported' } },
  ],
};
const INCOMING: TemplateDraftInput = {
  name: 'SR back',
  connector: 'tascomi',
  type: 'incoming',
  reference: 'SR number',
  rows: [{ id: 'n', remoteField: 'id', caseField: 'tascomi_sr_number' }],
};

function template(id: number, draft: TemplateDraftInput): Template {
  return { ...TemplateDraftSchema.parse(draft), id, version: 1, savedAt: '2026-06-15T10:00:00+01:00' };
}

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 7,
    connector: 'tascomi',
    kind: 'create',
    caseId: flyTipping.id,
    templateId: 1,
    templateVersion: 1,
    referenceName: 'SR number',
    state: 'running',
    attempts: 1,
    maxAttempts: 10,
    nextRunAt: 0,
    leaseUntil: 0,
    leaseOwner: 'w',
    lastError: null,
    lastErrorClass: null,
    outcomeUnknown: false,
    result: null,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  } as Job;
}

async function setUp(templates: Template[], options: { baseUrl?: string; settings?: ServiceRequestSettings } = {}) {
  const { baseUrl, settings = {} } = options;
  h = await startHarness();
  const client = baseUrl ? h.makeClient({ baseUrl }) : h.client;
  const cases = new Map<string, Case>([[flyTipping.id, CaseSchema.parse(flyTipping)]]);
  const logged: string[] = [];
  const codeLists = createCodeLists({ client, clock: h.clock });
  const execute = createTascomiExecutor({
    cases: {
      get: (id) => cases.get(id),
      setReference: (id, name, value) => void (cases.get(id)!.references[name] = value),
      setFields: (id, fields) => Object.assign(cases.get(id)!.fields, fields),
    },
    template: (id) => templates.find((t) => t.id === id)!,
    incomingTemplates: (reference) => templates.filter((t) => t.type === 'incoming' && t.reference === reference),
    tascomi: { client: async () => client, codeLists: async () => codeLists },
    settings: async () => settings,
    log: { write: (entry) => void logged.push(entry.message) },
  });
  return { cases, logged, execute };
}

const complaintsFor = (caseId: string) => h.emulator.records('complaints').filter((r) => r.external_reference === caseId);

describe('a Tascomi job attempt', () => {
  it("creates the Service Request, keeps its number in the Reference (with the job's success) and applies incoming templates", async () => {
    const { cases, logged, execute } = await setUp([template(1, CREATE), template(2, INCOMING)]);
    const { result, note, commit } = await execute(job());
    const [created] = complaintsFor(flyTipping.id);
    expect(created).toMatchObject({ id: result, complaint_code_id: '18', received_date: '2026-03-27 08:42:17' });
    expect(note).toMatch(new RegExp(`^Service Request ${result} created for case ${flyTipping.id}; stored in the reference 'SR number'`));
    // The reference is written when the worker records the success, in the same commit.
    expect(cases.get(flyTipping.id)!.references['SR number']).toBeUndefined();
    commit!();
    expect(cases.get(flyTipping.id)!.references['SR number']).toBe(result);
    expect(cases.get(flyTipping.id)!.fields.tascomi_sr_number).toBe(result);
    expect(logged).toEqual([expect.stringMatching(/^Incoming template 'SR back' applied/)]);
  });

  it('on a retry, finds the Service Request an earlier attempt made instead of creating another', async () => {
    const { execute } = await setUp([template(1, CREATE)]);
    const first = await execute(job());
    const again = await execute(job({ attempts: 2 }));
    expect(again.result).toBe(first.result);
    expect(complaintsFor(flyTipping.id)).toHaveLength(1);
  });

  it('fails a template that does not fit the case as a validation failure, sending nothing', async () => {
    const broken = template(1, { ...CREATE, rows: CREATE.rows.filter((r) => 'id' in r && r.id !== 'io') });
    const { execute } = await setUp([broken]);
    h.emulator.clearRequestLog();
    const failure = await execute(job()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ kind: 'validation', retryable: false, message: expect.stringMatching(/Investigating Officer is required/) });
    expect(h.emulator.requestLog()).toEqual([]);
  });

  it('an old template naming a disabled code (a title, not a user) fails validation, sending nothing', async () => {
    const old = template(1, { ...CREATE, rows: [...CREATE.rows, { id: 'tt', target: { kind: 'schema', key: 'requester.title' }, source: { kind: 'text', value: 'REVD' } }] });
    const { execute } = await setUp([old]);
    h.emulator.clearRequestLog();
    const failure = await execute(job()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'validation', retryable: false, fields: { 'requester.title': "in titles is disabled in Tascomi (enabled = 'f'); choose another" } });
    expect(h.emulator.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('a council moved to Idox Cloud: the job fails naming the new base URL to save, sending nothing there', async () => {
    local = await startLocalServer((_req, res) => {
      res.writeHead(301, { Location: 'https://riverside-council.idoxcloud.com/rest/v1/core_functions?page=1' });
      res.end();
    });
    const { execute } = await setUp([template(1, CREATE)], { baseUrl: local.baseUrl });
    const failure = await execute(job()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'validation', retryable: false, status: 301 });
    expect((failure as Error).message).toMatch(/^Tascomi moved this council to https:\/\/riverside-council\.idoxcloud\.com\/rest: save that as the API base url/);
    expect(local.requests).toHaveLength(1);
  });

  it('updates the Service Request held in the Reference, and refuses when there is none', async () => {
    const update = template(3, { ...CREATE, name: 'Fly-tipping update', type: 'update', rows: CREATE.rows.filter((r) => 'id' in r && r.id === 'ds') });
    const { cases, execute } = await setUp([template(1, CREATE), update]);
    await expect(execute(job({ templateId: 3, kind: 'update' }))).rejects.toMatchObject({ kind: 'validation', retryable: false });
    const { result, commit } = await execute(job());
    commit!();
    cases.get(flyTipping.id)!.fields.description = 'Cleared on Monday; bags remain.';
    await execute(job({ templateId: 3, kind: 'update' }));
    expect(h.emulator.records('complaints').find((r) => r.id === result)).toMatchObject({ remarks: 'Cleared on Monday; bags remain.' });
  });

  it('with the duplicate guard off, a retry after a lost answer fails for a person to check, sending nothing', async () => {
    const { execute } = await setUp([template(1, CREATE)], {
      settings: { duplicateGuardOff: 'Duplicate guard off: external_reference is not filterable on complaints (ignored).' },
    });
    h.emulator.clearRequestLog();
    const failure = await execute(job({ attempts: 2, outcomeUnknown: true })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'validation', retryable: false, mayHaveApplied: false });
    expect((failure as Error).message).toMatch(
      new RegExp(`^Outcome unknown: check Tascomi by hand\\. .*case ${flyTipping.id}.*Duplicate guard off: .*if there is none, retry this job`),
    );
    expect(h.emulator.requestLog()).toEqual([]);
    // Once that failure is recorded the outcome is known (a person checked): a retry by hand creates.
    const { result } = await execute(job({ attempts: 3, outcomeUnknown: false }));
    expect(complaintsFor(flyTipping.id).map((r) => r.id)).toEqual([result]);
  });

  it('a failure after the Service Request was created leaves the outcome unknown for the retry', async () => {
    const { execute } = await setUp([template(1, CREATE), template(2, INCOMING)]);
    let reads = 0;
    // The incoming template's read of the new Service Request is refused.
    const original = h.client.get.bind(h.client);
    h.client.get = async () => {
      reads++;
      throw new ConnectorError({ kind: 'connection', connector: 'tascomi', message: 'connection reset' });
    };
    const failure = await execute(job()).catch((e: unknown) => e);
    h.client.get = original;
    expect(reads).toBe(1);
    expect(failure).toMatchObject({ kind: 'connection', mayHaveApplied: true });
    expect(complaintsFor(flyTipping.id)).toHaveLength(1);
  });
});
