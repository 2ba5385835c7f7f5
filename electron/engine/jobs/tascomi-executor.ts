/**
 * One attempt of a Tascomi job: evaluate the pinned template version against the case as stored,
 * create or update the Service Request, keep its number in the case's Reference, then apply every
 * incoming template for that Reference. Failures are ConnectorErrors, so the queue decides retries
 * by their class; a template that cannot be applied to the case is a validation failure (not retried).
 */
import { TASCOMI_SCHEMA } from '../../../shared/connectors/tascomi-schema';
import type { Case } from '../../../shared/domain/case';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Template } from '../../../shared/domain/template';
import { ConnectorError, isConnectorError } from '../connectors/errors';
import type { TascomiConnection } from '../connectors/tascomi/connection';
import { readServiceRequest, submitServiceRequest, type ServiceRequestSettings } from '../connectors/tascomi/service-requests';
import { applyIncoming } from '../mapping/incoming';
import type { Job } from '../store/job-repo';
import { evaluatedJob, withMainExchange, type Executor } from './attempt';

export interface TascomiExecutorDeps {
  cases: {
    get(id: string): Case | undefined;
    setReference(id: string, referenceName: string, value: string): void;
    setFields(id: string, fields: Record<string, string>): void;
  };
  /** A template at a version (the job's pinned one). */
  template(id: number, version: number): Template;
  /** The current incoming templates that apply to a Reference. */
  incomingTemplates(referenceName: string): Template[];
  tascomi: Pick<TascomiConnection, 'client' | 'codeLists'>;
  settings(): Promise<ServiceRequestSettings>;
  log: { write(entry: NewLogEntry): void };
}

export function createTascomiExecutor(deps: TascomiExecutorDeps): Executor {
  return withMainExchange(attemptOf(deps));
}

function attemptOf(deps: TascomiExecutorDeps): Executor {
  return async (job) => {
    // Codes are checked by the connector as it submits (against fresh code lists), not here.
    const { kase, template, payload } = evaluatedJob(deps, job, 'tascomi', TASCOMI_SCHEMA);

    const [client, codeLists, settings] = await Promise.all([deps.tascomi.client(), deps.tascomi.codeLists(), deps.settings()]);
    // Without the guard, a look-up finds nothing even when the lost create was stored, so sending
    // again could make a second Service Request for the case. A person must look in Tascomi: the
    // job fails (not retried) saying so, and a retry by hand then creates (the failure is known).
    if (template.type === 'create' && job.outcomeUnknown && settings.duplicateGuardOff) throw outcomeUnknownCheckByHand(kase.id, settings.duplicateGuardOff);
    // On any retry, look for a Service Request an earlier attempt made (its answer, or a later step,
    // may have failed after Tascomi stored it): one case never makes two.
    const submitted = await submitServiceRequest(
      { client, codeLists },
      template.type === 'create'
        ? { mode: 'create', caseId: kase.id, values: payload, previousOutcomeUnknown: job.outcomeUnknown || job.attempts > 1 }
        : { mode: 'update', caseId: kase.id, serviceRequestId: kase.references[template.reference] ?? '', values: payload },
      settings,
    );
    const note =
      submitted.action === 'found_existing'
        ? `Service Request ${submitted.serviceRequestId} already existed for case ${kase.id} (an earlier attempt's answer was lost); it was not created again.`
        : `Service Request ${submitted.serviceRequestId} ${submitted.action} for case ${kase.id}; stored in the reference '${template.reference}'.`;

    await applyIncomingTemplates(deps, kase.id, template.reference, submitted.serviceRequestId, client, job).catch((error: unknown) => {
      // The Service Request exists now: whatever failed after it, the retry must treat the create's outcome as unknown.
      if (isConnectorError(error) && submitted.action === 'created') error.mayHaveApplied = true;
      throw error;
    });
    // The reference is written with the job's success (one commit): the case holds the number exactly
    // when the job says it succeeded. Lost before that (a crash), the retry finds the record first.
    return { result: submitted.serviceRequestId, note, commit: () => deps.cases.setReference(kase.id, template.reference, submitted.serviceRequestId) };
  };
}

function outcomeUnknownCheckByHand(caseId: string, why: string): ConnectorError {
  return new ConnectorError({
    kind: 'validation',
    connector: 'tascomi',
    fields: { outcome: 'unknown: the duplicate guard is off' },
    message: `Outcome unknown: check Tascomi by hand. An earlier attempt's answer was lost, so a Service Request for case ${caseId} may already exist, and this instance cannot be searched for it. ${why} Look in Tascomi for a Service Request for case ${caseId}: if there is none, retry this job; if there is one, do not retry it (that is the case's Service Request).`,
  });
}

/** After a create or update: every incoming template for the Reference pulls values back into the case. */
async function applyIncomingTemplates(
  deps: TascomiExecutorDeps,
  caseId: string,
  referenceName: string,
  serviceRequestId: string,
  client: Awaited<ReturnType<TascomiConnection['client']>>,
  job: Job,
): Promise<void> {
  const incoming = deps.incomingTemplates(referenceName);
  if (incoming.length === 0) return;
  const record = await readServiceRequest(client, serviceRequestId);
  applyIncomingRecord(deps, caseId, record, incoming, { jobId: job.id });
}

/**
 * Applies incoming templates to one case from one Service Request record and logs each; returns
 * whether any case field changed. Shared by jobs (after a send) and the two-way sync (after a poll).
 */
export function applyIncomingRecord(
  deps: { cases: Pick<TascomiExecutorDeps['cases'], 'get' | 'setFields'>; log: TascomiExecutorDeps['log'] },
  caseId: string,
  record: Readonly<Record<string, unknown>>,
  templates: readonly Template[],
  context: { jobId?: number; why?: string } = {},
): boolean {
  let changed = false;
  for (const template of templates) {
    if (template.type !== 'incoming') continue;
    const applied = applyIncoming(record, template, TASCOMI_SCHEMA.incoming);
    const current = deps.cases.get(caseId)?.fields ?? {};
    const differs = Object.entries(applied.fields).filter(([field, value]) => current[field] !== value);
    if (differs.length > 0) {
      deps.cases.setFields(caseId, Object.fromEntries(differs));
      changed = true;
    }
    const problems = applied.problems.map((p) => p.message).join(' ');
    deps.log.write({
      level: applied.problems.length > 0 ? 'warn' : 'info',
      source: 'tascomi',
      caseId,
      templateId: String(template.id),
      ...(context.jobId !== undefined ? { jobId: context.jobId } : {}),
      message: `Incoming template '${template.name}' applied to case ${caseId}${context.why ? ` ${context.why}` : ''}: ${differs.map(([f]) => f).join(', ') || 'no fields'} changed.${problems ? ` ${problems}` : ''}`,
    });
  }
  return changed;
}
