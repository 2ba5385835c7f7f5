/**
 * Raising a repair in Civica Cx for a job, from the values a "Raise repair" template evaluated to
 * (keys of CX_TARGET_FIELDS), as Cx raises one: a repair, a task carrying the SOR code, a works
 * order for the task. The contact is found by its Cx reference; the asset, when the template maps
 * none, is the contact's current agreement's.
 *
 * Decisions:
 * - Each step carries a client reference derived from the case and the job alone, so every attempt
 *   of a job sends the same three. Cx does not refuse a repeated reference, so after an attempt whose
 *   outcome is unknown each step is looked up by its reference before it is sent, and the raise
 *   continues from what exists: one job never makes two repairs, tasks or works orders.
 * - Once a step is sent in this attempt, nothing under it can exist yet: the later steps are sent
 *   without looking.
 * - A failure names its step, and the repair already raised when a later step fails, so staff
 *   can tell what Cx holds.
 */
import { createHash } from 'node:crypto';
import { CX_ASSET_KEY, CX_CONTACT_KEY, CX_DEFAULT_QUANTITY, CX_QUANTITY_KEY, CX_TARGET_FIELDS } from '../../../../shared/connectors/civica-cx-schema';
import { isConnectorError } from '../errors';
import type { CivicaCxClient } from './client';
import { cxError } from './client';
import { CX_CLIENT_REFERENCE_MAX, type CxContact, type CxStepRepair, type CxRaisedTask } from './dialect';

export interface RaiseRepairRequest {
  caseId: string;
  jobId: number;
  /** Target key -> value, as the template evaluated them. */
  values: Readonly<Record<string, string>>;
  /** An earlier attempt may have raised some of it: look each step up before sending it. */
  previousOutcomeUnknown: boolean;
}

export type RaiseStep = 'repair' | 'task' | 'works order';

export interface RaisedRepair {
  repairReference: string;
  taskId: number;
  worksOrderReference: string;
  /** The steps an earlier attempt had already made (found by their client references). */
  foundExisting: RaiseStep[];
  contact: { contactId: number; reference: string };
}

type StepClient = Pick<
  CivicaCxClient,
  'findContacts' | 'raiseRepairStep' | 'addTask' | 'raiseWorksOrder' | 'repairsWithClientReference' | 'tasksWithClientReference' | 'worksOrdersWithClientReference'
>;

const label = (key: string) => CX_TARGET_FIELDS.find((f) => f.key === key)?.label ?? key;

/** A validation failure naming the template's target field. */
function invalid(key: string, why: string): Error {
  return cxError({ kind: 'validation', message: `${label(key)}: ${why}`, fields: { [key]: why } });
}

/**
 * The three client references of a job: `<caseId>/<jobId>/<step>`, or, for a case id too long
 * for Cx's limit, a digest of it in its place (still the same for every attempt).
 */
export function stepClientReferences(caseId: string, jobId: number): Record<'repair' | 'task' | 'worksOrder', string> {
  const plain = `${caseId}/${jobId}`;
  const base = plain.length + '/repair'.length <= CX_CLIENT_REFERENCE_MAX ? plain : `cb-${createHash('sha256').update(caseId).digest('hex').slice(0, 24)}/${jobId}`;
  return { repair: `${base}/repair`, task: `${base}/task`, worksOrder: `${base}/wo` };
}

async function contactByReference(client: Pick<CivicaCxClient, 'findContacts'>, company: string, reference: string): Promise<CxContact> {
  const wanted = reference.trim().toUpperCase();
  // Cx may match references loosely (a prefix); only the exact reference is this tenant.
  const found = (await client.findContacts(company, { reference: reference.trim() })).filter((c) => c.reference.trim().toUpperCase() === wanted);
  if (found.length === 0)
    throw invalid(
      CX_CONTACT_KEY,
      `no Civica Cx contact in company ${company} has the reference '${reference}'. Check the case's tenant reference (the Tenants page finds contacts).`,
    );
  if (found.length > 1)
    throw invalid(CX_CONTACT_KEY, `${found.length} Civica Cx contacts in company ${company} have the reference '${reference}'; casebridge cannot tell which tenant this is.`);
  return found[0]!;
}

function quantityOf(values: Readonly<Record<string, string>>): number {
  const given = values[CX_QUANTITY_KEY]?.trim();
  if (!given) return CX_DEFAULT_QUANTITY;
  const quantity = Number(given);
  if (!/^\d+(\.\d{1,2})?$/.test(given) || !(quantity > 0)) throw invalid(CX_QUANTITY_KEY, `'${given}' is not a number above 0 with at most two decimal places.`);
  return quantity;
}

/** Runs one step; a failure says which step it was and what Cx already holds. */
async function step<T>(name: string, holds: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isConnectorError(error)) error.message = `${name}: ${error.message}${holds ? ` ${holds}` : ''}`;
    throw error;
  }
}

export async function raiseRepairForCase(deps: { client: StepClient; company: string }, request: RaiseRepairRequest): Promise<RaisedRepair> {
  const { client, company } = deps;
  const { values, caseId } = request;
  const missing = CX_TARGET_FIELDS.filter((f) => f.requiredForCreate && !values[f.key]?.trim());
  if (missing.length > 0) {
    throw cxError({
      kind: 'validation',
      message: `A repair needs ${missing.map((f) => f.label).join(', ')}; the template gave no value for ${missing.length === 1 ? 'it' : 'them'}.`,
      fields: Object.fromEntries(missing.map((f) => [f.key, 'required'])),
    });
  }
  const quantity = quantityOf(values);
  const contact = await contactByReference(client, company, values[CX_CONTACT_KEY]!);
  const refs = stepClientReferences(caseId, request.jobId);
  const foundExisting: RaiseStep[] = [];
  let lookFirst = request.previousOutcomeUnknown;

  const step1 = 'Step 1 of 3 (raise the repair)';
  let repair: CxStepRepair | undefined = lookFirst ? (await step(step1, '', () => client.repairsWithClientReference(company, refs.repair)))[0] : undefined;
  if (repair) foundExisting.push('repair');
  else {
    const assetReference = values[CX_ASSET_KEY]?.trim() || contact.assetReference?.trim();
    if (!assetReference) {
      throw invalid(CX_ASSET_KEY, `contact ${contact.reference} has no current agreement, so there is no asset to raise the repair on; map the Asset reference.`);
    }
    repair = await step(step1, '', () =>
      client.raiseRepairStep(company, {
        contactId: contact.contactId,
        assetReference,
        description: values.description!.trim(),
        priority: values.priority!,
        repairType: values.repair_type!,
        category: values.category!,
        clientReference: refs.repair,
      }),
    );
    lookFirst = false;
  }
  const repairReference = repair.repairReference;
  const holds = `Repair ${repairReference} is already raised in Civica Cx without a works order; retrying the job continues from it.`;

  const step2 = `Step 2 of 3 (add the task with SOR code ${values.sor_code!} to repair ${repairReference})`;
  let task: CxRaisedTask | undefined = lookFirst ? (await step(step2, holds, () => client.tasksWithClientReference(company, repairReference, refs.task)))[0] : undefined;
  if (task) foundExisting.push('task');
  else {
    task = await step(step2, holds, () => client.addTask(company, repairReference, { sorCode: values.sor_code!, quantity, clientReference: refs.task }));
    lookFirst = false;
  }
  const taskId = task.taskId;

  const step3 = `Step 3 of 3 (raise the works order for repair ${repairReference})`;
  // A task already on an order is on this job's order: only this job raises orders for its task.
  let worksOrderReference = lookFirst
    ? ((await step(step3, holds, () => client.worksOrdersWithClientReference(company, repairReference, refs.worksOrder)))[0]?.worksOrderReference ??
      task.worksOrderReference ??
      undefined)
    : undefined;
  if (worksOrderReference) foundExisting.push('works order');
  else {
    const targetDate = values.target_date?.trim();
    const order = await step(step3, holds, () =>
      client.raiseWorksOrder(company, repairReference, {
        taskIds: [taskId],
        priority: values.priority!,
        contract: values.contract!,
        trade: values.trade!,
        raisedBy: values.raised_by!.trim(),
        ...(targetDate ? { targetDate } : {}),
        clientReference: refs.worksOrder,
      }),
    );
    worksOrderReference = order.worksOrderReference;
  }
  return { repairReference, taskId, worksOrderReference, foundExisting, contact: { contactId: contact.contactId, reference: contact.reference } };
}
