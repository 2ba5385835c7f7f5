/**
 * One attempt of a Civica Cx job: evaluate the pinned "Raise repair" template version against the
 * case as stored, raise the repair, its task and its works order (after a lost answer, continuing
 * from the steps already made: connectors/civica-cx/repairs.ts), and keep the repair's reference in
 * the case's Reference with the job's success. Failures are ConnectorErrors, so
 * the queue retries them by their class exactly as it does Tascomi's.
 */
import { CX_SCHEMA } from '../../../shared/connectors/civica-cx-schema';
import type { Case } from '../../../shared/domain/case';
import type { Template } from '../../../shared/domain/template';
import { CX_CONNECTOR, cxError } from '../connectors/civica-cx/client';
import type { CivicaCxConnection } from '../connectors/civica-cx/connection';
import { raiseRepairForCase } from '../connectors/civica-cx/repairs';
import { evaluatedJob, notApplicable, withMainExchange, type Executor } from './attempt';

export interface CxExecutorDeps {
  cases: {
    get(id: string): Case | undefined;
    setReference(id: string, referenceName: string, value: string): void;
  };
  /** A template at a version (the job's pinned one). */
  template(id: number, version: number): Template;
  civicaCx: Pick<CivicaCxConnection, 'client'>;
  /** The company chosen in the Cx settings ('' while none is). */
  company(): Promise<string>;
  /** A repair was raised (or found) for a contact: what is cached about them is out of date. */
  contactChanged?(company: string, contactId: number): void;
}

export function createCxExecutor(deps: CxExecutorDeps): Executor {
  return withMainExchange(async (job) => {
    const { kase, template, payload } = evaluatedJob(deps, job, CX_CONNECTOR, CX_SCHEMA);
    if (template.type !== 'create') throw notApplicable(CX_CONNECTOR, `Template '${template.name}' is not a Raise repair template; Civica Cx templates only raise repairs.`);
    const company = await deps.company();
    if (!company)
      throw cxError({
        kind: 'validation',
        message: 'No Civica Cx company is chosen: choose one on the Connections page, then retry the job.',
        fields: { companyCode: 'required' },
      });
    const client = await deps.civicaCx.client();
    const raised = await raiseRepairForCase(
      { client, company },
      // Any retry looks first: the answer of an earlier attempt may have been lost after Cx made a step.
      { caseId: kase.id, jobId: job.id, values: payload, previousOutcomeUnknown: job.outcomeUnknown || job.attempts > 1 },
    );
    deps.contactChanged?.(company, raised.contact.contactId);
    const made = `repair ${raised.repairReference}, task ${raised.taskId} and works order ${raised.worksOrderReference}`;
    const steps = raised.foundExisting;
    const found = steps.length
      ? ` The ${steps.length > 1 ? `${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}` : steps[0]} already existed (an earlier attempt's answer was lost) and ${steps.length === 1 ? 'was' : 'were'} not raised again.`
      : '';
    const note = `Raised ${made} in Civica Cx (company ${company}) for contact ${raised.contact.reference} and case ${kase.id}; the repair is stored in the reference '${template.reference}'.${found}`;
    return { result: raised.repairReference, note, commit: () => deps.cases.setReference(kase.id, template.reference, raised.repairReference) };
  });
}
