/**
 * One "Raise repair" job attempt against the Civica Cx emulator: the pinned template evaluated
 * against the stored case, the tenant found by their Cx reference, the repair raised on their
 * agreement's asset, its reference kept in the case's Reference with the job's success; a lost
 * answer is looked up before raising again; what cannot succeed fails as validation, naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseSchema, type Case } from '../../../../shared/domain/case';
import { TemplateDraftSchema, type Template, type TemplateDraftInput } from '../../../../shared/domain/template';
import { createCivicaCxClient, type CivicaCxClient } from '../../../../electron/engine/connectors/civica-cx/client';
import { recordExchange } from '../../../../electron/engine/connectors/http/exchange-capture';
import { createCxExecutor } from '../../../../electron/engine/jobs/cx-executor';
import { markPersonal } from '../../../../electron/engine/log/personal-data';
import type { Job } from '../../../../electron/engine/store/job-repo';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../emulators/civica-cx';
import { fakeClock, type FakeClock } from '../../../support/fake-clock';
import { connectorFailure } from '../../../support/connector-failure';

let emu: CivicaCxEmulator;
let clock: FakeClock;
let client: CivicaCxClient;

beforeEach(async () => {
  clock = fakeClock('2026-06-15T10:00:00Z');
  emu = await startCivicaCxEmulator({ now: () => clock.millis() });
  // As the live connection builds it: exchanges go to the attempt that made them.
  client = createCivicaCxClient({ baseUrl: emu.baseUrl, ...DEMO_USER, clock, timeoutMs: 5_000, onExchange: recordExchange });
});
afterEach(async () => {
  client.close();
  await emu.close();
});

const demo = () => emu.demo!;
const CASE_ID = 'CAS-2026-HR0001';

const row = (id: string, key: string, source: object) => ({ id, target: { kind: 'schema', key }, source });
function raiseTemplate(extraRows: object[] = []): Template {
  const draft = {
    name: 'Raise a repair',
    connector: 'civica-cx',
    type: 'create',
    reference: 'Cx repair',
    rows: [
      row('c', 'contact', { kind: 'field', field: 'tenant_reference' }),
      row('d', 'description', { kind: 'field', field: 'repair_description' }),
      row('s', 'sor_code', { kind: 'field', field: 'sor_code' }),
      row('p', 'priority', { kind: 'text', value: 'U' }),
      row('t', 'repair_type', { kind: 'text', value: 'RESP' }),
      row('k', 'contract', { kind: 'text', value: 'NBRM01' }),
      row('g', 'category', { kind: 'text', value: 'PLUMB' }),
      ...extraRows,
    ],
  } as unknown as TemplateDraftInput;
  return { ...TemplateDraftSchema.parse(draft), id: 1, version: 3, savedAt: '2026-06-15T10:00:00+01:00' };
}

function housingCase(fields: Record<string, string>): Case {
  return CaseSchema.parse({
    id: CASE_ID,
    type: 'Housing repair',
    status: 'Submitted',
    summary: 'Kitchen tap leaking',
    fields: { repair_description: 'The kitchen tap drips all day and the cupboard underneath is wet.', sor_code: '603021', ...fields },
    dates: {},
    people: [],
    addresses: [],
    references: {},
  });
}

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 11,
    connector: 'civica-cx',
    kind: 'create',
    caseId: CASE_ID,
    templateId: 1,
    templateVersion: 3,
    referenceName: 'Cx repair',
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
    createdAt: clock.millis(),
    updatedAt: 0,
    ...overrides,
  } as Job;
}

function setUp(kase: Case, template = raiseTemplate(), company = demo().companyCode) {
  const cases = new Map([[kase.id, kase]]);
  const execute = createCxExecutor({
    cases: { get: (id) => cases.get(id), setReference: (id, name, value) => void (cases.get(id)!.references[name] = value) },
    template: () => template,
    civicaCx: { client: async () => client },
    company: async () => company,
    dayBefore: (ms) => new Date(ms - 86_400_000).toISOString().slice(0, 10),
  });
  return { cases, execute };
}

const repairsFor = (caseId: string) => emu.records('repairs').filter((r) => String(r.description).endsWith(`[casebridge case ${caseId}]`));
const posts = () => emu.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/repairs'));

describe('a Civica Cx "Raise repair" job attempt', () => {
  it("raises the repair for the tenant found by reference, on their agreement's asset, and keeps its reference with the job's success", async () => {
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    const { result, note, commit, request, response } = await execute(job());

    const [raised] = repairsFor(CASE_ID);
    expect(raised).toMatchObject({ repairReference: result, contactId: demo().contactId, assetReference: demo().assetReference, sorCode: '603021', priority: 'U' });
    expect(String(raised!.description)).toMatch(/^The kitchen tap drips all day/);
    // The tenant reference is personal (the Contact target): marked, so the log hides it until revealed.
    expect(note).toBe(
      `Repair ${result} raised in Civica Cx (company ${demo().companyCode}) for contact ${markPersonal(demo().contactReference)} and case ${CASE_ID}; stored in the reference 'Cx repair'.`,
    );
    // The attempt's log shows the raise (the write), not the contact lookup before it.
    expect(request).toMatch(/^POST .*\/repairs/);
    expect(request).toContain('(2 other requests in this attempt: POST token 200, GET contacts 200)');
    expect(response).toContain(String(result));

    // Nothing is written to the case until the worker commits the job's success.
    expect(cases.get(CASE_ID)!.references).toEqual({});
    commit!();
    expect(cases.get(CASE_ID)!.references).toEqual({ 'Cx repair': result });
  });

  it('after an answer lost once the repair was raised, the next attempt finds it and raises nothing again', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    const raise = client.raiseRepair.bind(client);
    client.raiseRepair = async (...args) => {
      emu.setFaults({ dropAfterCommitRate: 1 });
      try {
        return await raise(...args);
      } finally {
        emu.clearFaults();
      }
    };
    const lost = await connectorFailure(execute(job()));
    expect(lost.retryable).toBe(true);
    expect(lost.mayHaveApplied).toBe(true);
    expect(repairsFor(CASE_ID)).toHaveLength(1);

    const retried = await execute(job({ attempts: 2, outcomeUnknown: true }));
    expect(retried.result).toBe(repairsFor(CASE_ID)[0]!.repairReference);
    expect(retried.note).toMatch(/already existed for case CAS-2026-HR0001 \(an earlier attempt's answer was lost\); it was not raised again/);
    expect(repairsFor(CASE_ID)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('a tenant reference no Cx contact has fails at once, naming the Contact, and raises nothing', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: 'C9999999' }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `Contact (tenant reference): no Civica Cx contact in company ${demo().companyCode} has the reference '${markPersonal('C9999999')}'. Check the case's tenant reference (the Tenants page finds contacts).`,
    );
    expect(error.fields).toEqual({ contact: expect.stringContaining('C9999999') });
    expect(posts()).toHaveLength(0);
  });

  it('a contact with no current agreement needs the asset mapped; mapped, the given asset is used', async () => {
    const noAgreement = emu.records('contacts').find((c) => c.contactId === demo().noAgreementContactId)!;
    const { execute } = setUp(housingCase({ tenant_reference: String(noAgreement.reference) }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/^Asset reference: contact ⟦C\d+⟧ has no current agreement, so there is no asset to raise the repair on; map the Asset reference\.$/);
    expect(posts()).toHaveLength(0);

    // Mapping an asset that is not the contact's is refused by Cx itself (422), named and not retried.
    const mapped = setUp(
      housingCase({ tenant_reference: demo().contactReference, asset: 'NOPE-1' }),
      raiseTemplate([row('a', 'asset_reference', { kind: 'field', field: 'asset' })]),
    );
    const refused = await connectorFailure(mapped.execute(job()));
    expect(refused.kind).toBe('validation');
    expect(refused.retryable).toBe(false);
    expect(refused.fields).toHaveProperty('assetReference');
  });

  it('a code Cx does not know is refused by Cx (422) as a validation failure naming its field', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference, sor_code: '999999' }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ sorCode: expect.stringContaining('999999 is not in the schedule of rates') });
    expect(repairsFor(CASE_ID)).toHaveLength(0);
  });

  it('a raise Cx refuses in the body of a 200 answer fails as validation in Cx’s words, not retried, and keeps no reference', async () => {
    emu.setRefusalStyle('body');
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference, sor_code: '999999' }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.mayHaveApplied).toBe(false);
    expect(error.message).toMatch(/^Civica Cx refused to raise the repair \(it said: "Validation failed: sorCode .*999999 is not in the schedule of rates.*"\)\./);
    expect(repairsFor(CASE_ID)).toHaveLength(0);
    expect(posts()).toHaveLength(1);
    expect(cases.get(CASE_ID)!.references).toEqual({});
  });

  it('a template the case cannot fill fails before anything is sent', async () => {
    const { execute } = setUp(housingCase({}));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/^Template 'Raise a repair' \(version 3\) cannot be applied to case CAS-2026-HR0001: .*Contact \(tenant reference\)/);
    expect(emu.requestLog()).toHaveLength(0);
  });

  it('without a company chosen it says so and sends nothing', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference }), raiseTemplate(), '');
    const error = await connectorFailure(execute(job()));
    expect(error.message).toBe('No Civica Cx company is chosen: choose one on the Connections page, then retry the job.');
    expect(emu.requestLog()).toHaveLength(0);
  });
});
