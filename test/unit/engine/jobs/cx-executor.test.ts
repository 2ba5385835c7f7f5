/**
 * One "Raise repair" job attempt against the Civica Cx emulator: the pinned template evaluated
 * against the stored case, the tenant found by their Cx reference, the repair raised on their
 * agreement's asset with its task and works order, the repair's reference kept in the case's
 * Reference with the job's success; an answer lost after any step is looked up before that step
 * is sent again; what cannot succeed fails as validation, naming the field and the step.
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
const JOB_ID = 11;

const row = (id: string, key: string, source: object) => ({ id, target: { kind: 'schema', key }, source });
/** The rows every "Raise repair" template had before the works order's mandatory fields. */
const repairRows = () => [
  row('c', 'contact', { kind: 'field', field: 'tenant_reference' }),
  row('d', 'description', { kind: 'field', field: 'repair_description' }),
  row('s', 'sor_code', { kind: 'field', field: 'sor_code' }),
  row('p', 'priority', { kind: 'text', value: 'U' }),
  row('t', 'repair_type', { kind: 'text', value: 'RESP' }),
  row('k', 'contract', { kind: 'text', value: 'NBRM01' }),
  row('g', 'category', { kind: 'text', value: 'PLUMB' }),
];
const worksOrderRows = () => [row('tr', 'trade', { kind: 'text', value: 'PLUMB' }), row('rb', 'raised_by', { kind: 'text', value: 'Repairs Contact Centre' })];

function raiseTemplate(extraRows: object[] = [], rows = [...repairRows(), ...worksOrderRows()]): Template {
  const draft = { name: 'Raise a repair', connector: 'civica-cx', type: 'create', reference: 'Cx repair', rows: [...rows, ...extraRows] } as unknown as TemplateDraftInput;
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
    id: JOB_ID,
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
  });
  return { cases, execute };
}

const CLIENT_REFERENCES = { repair: `${CASE_ID}/${JOB_ID}/repair`, task: `${CASE_ID}/${JOB_ID}/task`, worksOrder: `${CASE_ID}/${JOB_ID}/wo` };
let repairsBefore = new Set<string>();
beforeEach(() => {
  repairsBefore = new Set(emu.records('repairs').map((r) => String(r.repairReference)));
});
/** What this test made in Cx: repairs new since it started, tasks and works orders with this job's client references. */
const made = () => ({
  repairs: emu.records('repairs').filter((r) => !repairsBefore.has(String(r.repairReference))),
  tasks: emu.records('tasks').filter((t) => t.clientReference === CLIENT_REFERENCES.task),
  worksOrders: emu.records('works-orders').filter((w) => w.clientReference === CLIENT_REFERENCES.worksOrder),
});
const posts = () => emu.requestLog().filter((r) => r.method === 'POST' && /\/repairs(\/[^/]+\/(tasks|works-orders))?$/.test(r.path));

type StepMethod = 'raiseRepairStep' | 'addTask' | 'raiseWorksOrder';
/** The next call of `method` is done by Cx and its answer lost (the socket closed after the commit). */
function loseAnswerOf(method: StepMethod): void {
  const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    (client as unknown as Record<string, unknown>)[method] = original;
    emu.setFaults({ dropAfterCommitRate: 1 });
    try {
      return await original(...args);
    } finally {
      emu.clearFaults();
    }
  };
}

describe('a Civica Cx "Raise repair" job attempt', () => {
  it("raises the repair for the tenant found by reference on their agreement's asset, its task and its works order, and keeps the repair's reference with the job's success", async () => {
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    const { result, note, commit, request, response } = await execute(job());

    const { repairs, tasks, worksOrders } = made();
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatchObject({
      repairReference: result,
      contactId: demo().contactId,
      assetReference: demo().assetReference,
      sorCode: '603021',
      priority: 'U',
      status: 'Issued',
    });
    expect(String(repairs[0]!.description)).toBe('The kitchen tap drips all day and the cupboard underneath is wet.');
    expect(tasks).toEqual([expect.objectContaining({ repairReference: result, sorCode: '603021', quantity: 1 })]);
    expect(worksOrders).toEqual([
      expect.objectContaining({
        repairReference: result,
        priority: 'U',
        contract: 'NBRM01',
        trade: 'PLUMB',
        raisedBy: 'Repairs Contact Centre',
        tasks: [expect.objectContaining({ taskId: tasks[0]!.taskId })],
      }),
    ]);
    expect(made().repairs.map((r) => r.repairReference)).toEqual([result]);
    // The tenant reference is personal (the Contact target): marked, so the log hides it until revealed.
    expect(note).toBe(
      `Raised repair ${result}, task ${tasks[0]!.taskId} and works order ${worksOrders[0]!.worksOrderReference} in Civica Cx (company ${demo().companyCode}) for contact ${markPersonal(demo().contactReference)} and case ${CASE_ID}; the repair is stored in the reference 'Cx repair'.`,
    );
    // Three writes, nothing looked up first on a first attempt.
    expect(posts().map((p) => p.path.replace(/^\/api\/v1\/[^/]+/, ''))).toEqual(['/repairs', `/repairs/${result}/tasks`, `/repairs/${result}/works-orders`]);
    expect(emu.requestLog().filter((r) => r.query.includes('clientReference'))).toHaveLength(0);
    // The attempt's log shows the last write.
    expect(request).toMatch(/^POST .*\/works-orders/);
    expect(response).toContain(String(worksOrders[0]!.worksOrderReference));

    // Nothing is written to the case until the worker commits the job's success.
    expect(cases.get(CASE_ID)!.references).toEqual({});
    commit!();
    expect(cases.get(CASE_ID)!.references).toEqual({ 'Cx repair': result });
  });

  it('maps a quantity and a target date onto the task and the works order', async () => {
    const { execute } = setUp(
      housingCase({ tenant_reference: demo().contactReference }),
      raiseTemplate([row('q', 'quantity', { kind: 'text', value: '2.5' }), row('td', 'target_date', { kind: 'text', value: '2026-07-01' })]),
    );
    await execute(job());
    expect(made().tasks).toEqual([expect.objectContaining({ quantity: 2.5 })]);
    expect(made().worksOrders).toEqual([expect.objectContaining({ targetDate: '2026-07-01' })]);
  });

  it('loses the answer after each of the three steps in turn and ends with exactly one repair, one task and one works order', async () => {
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    let attempt = 0;
    for (const method of ['raiseRepairStep', 'addTask', 'raiseWorksOrder'] as const) {
      loseAnswerOf(method);
      attempt++;
      const lost = await connectorFailure(execute(job({ attempts: attempt, outcomeUnknown: attempt > 1 })));
      expect(lost.retryable).toBe(true);
      expect(lost.mayHaveApplied).toBe(true);
      expect(lost.message).toMatch(/^Step [123] of 3 \(/);
    }
    const { result, note, commit } = await execute(job({ attempts: attempt + 1, outcomeUnknown: true }));

    const { repairs, tasks, worksOrders } = made();
    expect(repairs.map((r) => r.repairReference)).toEqual([result]);
    expect(tasks).toHaveLength(1);
    expect(worksOrders).toHaveLength(1);
    expect(worksOrders[0]!.tasks).toEqual([expect.objectContaining({ taskId: tasks[0]!.taskId })]);
    expect(posts()).toHaveLength(3);
    expect(note).toMatch(/The repair, task and works order already existed \(an earlier attempt's answer was lost\) and were not raised again\.$/);
    commit!();
    expect(cases.get(CASE_ID)!.references).toEqual({ 'Cx repair': result });
  });

  it.each([
    ['raiseRepairStep', 'repair'],
    ['addTask', 'repair and task'],
    ['raiseWorksOrder', 'repair, task and works order'],
  ] as const)('after an answer lost at %s the retry continues from what exists (%s found) and makes one of each', async (method, found) => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    loseAnswerOf(method);
    await connectorFailure(execute(job()));
    const { result, note } = await execute(job({ attempts: 2, outcomeUnknown: true }));
    const { repairs, tasks, worksOrders } = made();
    expect(repairs.map((r) => r.repairReference)).toEqual([result]);
    expect(tasks).toHaveLength(1);
    expect(worksOrders).toHaveLength(1);
    expect(posts()).toHaveLength(3);
    expect(note).toContain(`The ${found} already existed`);
  });

  it('a task Cx refuses fails as validation at step 2 in Cx’s words, not retried, and says the repair is raised', async () => {
    emu.setFaults({ forceValidationFailure: { operation: 'addTask', field: 'sorCode', message: 'is withdrawn from the schedule of rates' } });
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference }));
    const error = await connectorFailure(execute(job()));
    const [repair] = made().repairs;
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.fields).toEqual({ sorCode: 'is withdrawn from the schedule of rates' });
    expect(error.message).toMatch(
      new RegExp(`^Step 2 of 3 \\(add the task with SOR code 603021 to repair ${repair!.repairReference}\\): .*is withdrawn from the schedule of rates`),
    );
    expect(error.message).toMatch(new RegExp(`Repair ${repair!.repairReference} is already raised in Civica Cx without a works order; retrying the job continues from it\\.$`));
    expect(made().tasks).toHaveLength(0);
    expect(cases.get(CASE_ID)!.references).toEqual({});
  });

  it('a works order Cx refuses fails as validation at step 3 naming the field; a retry then raises only the works order', async () => {
    const { execute } = setUp(
      housingCase({ tenant_reference: demo().contactReference }),
      raiseTemplate([], [...repairRows(), row('tr', 'trade', { kind: 'text', value: 'NOPE' }), worksOrderRows()[1]!]),
    );
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(422);
    expect(error.fields).toHaveProperty('trade');
    expect(error.message).toMatch(/^Step 3 of 3 \(raise the works order for repair REP\d+\): /);
    expect(made()).toMatchObject({ repairs: [expect.anything()], tasks: [expect.anything()], worksOrders: [] });

    // The template fixed and the job retried by staff: the repair and task are found, not raised again.
    const fixed = setUp(housingCase({ tenant_reference: demo().contactReference }));
    const { result } = await fixed.execute(job({ attempts: 2 }));
    expect(made().repairs.map((r) => r.repairReference)).toEqual([result]);
    expect(made().tasks).toHaveLength(1);
    expect(made().worksOrders).toHaveLength(1);
  });

  it('a template made before the works order’s mandatory fields fails before anything is sent, naming them', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference }), raiseTemplate([], repairRows()));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('Trade is required to create a record, and no row maps it.');
    expect(error.message).toContain('Raised by is required to create a record, and no row maps it.');
    expect(emu.requestLog()).toHaveLength(0);
  });

  it('a quantity that is not a number fails before anything is sent, naming the Quantity', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference }), raiseTemplate([row('q', 'quantity', { kind: 'text', value: 'two' })]));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.message).toBe("Quantity: 'two' is not a number above 0 with at most two decimal places.");
    expect(posts()).toHaveLength(0);
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

    // Mapping an asset that is not the contact's is refused by Cx itself (422) at step 1, named and not retried.
    const mapped = setUp(
      housingCase({ tenant_reference: demo().contactReference, asset: 'NOPE-1' }),
      raiseTemplate([row('a', 'asset_reference', { kind: 'field', field: 'asset' })]),
    );
    const refused = await connectorFailure(mapped.execute(job()));
    expect(refused.kind).toBe('validation');
    expect(refused.retryable).toBe(false);
    expect(refused.fields).toHaveProperty('assetReference');
    expect(refused.message).toMatch(/^Step 1 of 3 \(raise the repair\): /);
  });

  it('a SOR code Cx does not know is refused by Cx (422) at step 2 as a validation failure naming its field', async () => {
    const { execute } = setUp(housingCase({ tenant_reference: demo().contactReference, sor_code: '999999' }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ sorCode: expect.stringContaining('999999 is not in the schedule of rates') });
    expect(made().tasks).toHaveLength(0);
    expect(made().worksOrders).toHaveLength(0);
  });

  it('a task Cx refuses in the body of a 200 answer fails as validation in Cx’s words, not retried, and keeps no reference', async () => {
    emu.setRefusalStyle('body');
    const { cases, execute } = setUp(housingCase({ tenant_reference: demo().contactReference, sor_code: '999999' }));
    const error = await connectorFailure(execute(job()));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.mayHaveApplied).toBe(false);
    expect(error.message).toMatch(
      /^Step 2 of 3 \(add the task with SOR code 999999 to repair REP\d+\): Civica Cx refused to add the task \(SOR code 999999\) to repair REP\d+ \(it said: "Validation failed: sorCode .*999999 is not in the schedule of rates.*"\)\./,
    );
    expect(made().tasks).toHaveLength(0);
    expect(posts()).toHaveLength(2);
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
