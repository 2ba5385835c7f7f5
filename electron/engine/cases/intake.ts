/**
 * Where a case enters the integration: store it, then for every enabled rule that matches, queue a
 * job pinned to the template's current version. Applying only queues (design.md section 4): the
 * job row is committed before anything is sent, and the worker does the sending.
 *
 * The case and its jobs are committed together: were the app killed between two commits, the case
 * would be stored without its jobs, and the CRM's re-post would find it "unchanged" and queue
 * nothing, so the case would never be sent (the SIGKILL fault test found this).
 *
 * Many cases can share one durable commit (receiveMany: the webhook's group commit, a file import),
 * each in its own savepoint, so one that is refused or throws leaves its neighbours stored.
 */
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Template } from '../../../shared/domain/template';
import type { Job, JobQueue } from '../jobs/queue';
import type { CaseStore, ReceiveResult } from './case-store';
import type { RuleService } from './rules';

export interface IntakeDeps {
  cases: Pick<CaseStore, 'receive' | 'has'>;
  rules: Pick<RuleService, 'matching'>;
  queue: Pick<JobQueue, 'enqueue'>;
  /** The current version of a live template. */
  template(id: number): Template;
  /** Called after jobs were queued, so the worker stops waiting. */
  onQueued(): void;
  log: { write(entry: NewLogEntry): unknown };
  /**
   * Runs `fn` in one write transaction on the store the case store and the queue share, durable
   * (forced to disk) at its commit; with `syncLater`, not forced: the caller awaits syncToDisk()
   * before telling anyone. Inside a transaction already, a savepoint.
   */
  transaction<T>(fn: () => T, options?: { syncLater?: boolean }): T;
  /** Forces every commit so far to disk, off the event loop. */
  syncToDisk(): Promise<void>;
}

export type IntakeResult = ReceiveResult & { jobs?: Job[] };
/** One case's share of a commit: what receiving it came to, or what it threw (its changes undone). */
export type IntakeSettled = { result: IntakeResult } | { error: unknown };

export interface Intake {
  /** Stores a case from the CRM and queues the jobs its rules call for. */
  receive(input: unknown): IntakeResult;
  /**
   * Stores cases in one durable commit, each in its own savepoint, answering for each in order.
   * Throws (and stores none) only when the commit itself fails. With `syncLater` the commit is not
   * forced to disk: await syncToDisk() before telling anyone the cases are stored.
   */
  receiveMany(inputs: readonly unknown[], options?: { syncLater?: boolean }): IntakeSettled[];
  /** Forces every commit so far to disk (after receiveMany with `syncLater`). */
  syncToDisk(): Promise<void>;
  /** Queues one template for one case by hand ("Apply template"). */
  applyTemplate(caseId: string, templateId: number): Job;
}

export function createIntake(deps: IntakeDeps): Intake {
  const queueJob = (caseId: string, template: Template, why: string): Job => {
    if (template.type === 'incoming') throw new Error(`Template '${template.name}' is an incoming template: it is applied after a create or update, not queued.`);
    const job = deps.queue.enqueue({
      connector: template.connector,
      kind: template.type,
      caseId,
      templateId: template.id,
      templateVersion: template.version,
      referenceName: template.reference,
    });
    deps.log.write({
      level: 'info',
      source: 'jobs',
      caseId,
      templateId: String(template.id),
      jobId: job.id,
      message: `Job ${job.id} queued: template '${template.name}' (version ${template.version}) for case ${caseId}, ${why}.`,
    });
    return job;
  };

  /** Inside receiveMany's transaction this is a savepoint: a throw undoes this case alone. */
  const receiveOne = (input: unknown, options?: { syncLater?: boolean }): IntakeResult =>
    deps.transaction(() => {
      const result = deps.cases.receive(input);
      if (!result.ok || result.event === 'unchanged') return result;
      const jobs = deps.rules.matching(result.case, result.event).map((rule) => queueJob(result.case.id, deps.template(rule.templateId), `by the rule '${rule.name}'`));
      return { ...result, jobs };
    }, options);

  const receiveMany = (inputs: readonly unknown[], options?: { syncLater?: boolean }): IntakeSettled[] => {
    const settled = deps.transaction(
      () =>
        inputs.map((input): IntakeSettled => {
          try {
            return { result: receiveOne(input, options) };
          } catch (error) {
            return { error };
          }
        }),
      options,
    );
    if (settled.some((s) => 'result' in s && (s.result.jobs?.length ?? 0) > 0)) deps.onQueued();
    return settled;
  };

  return {
    receive(input) {
      const [settled] = receiveMany([input]);
      if ('error' in settled!) throw settled.error;
      return settled!.result;
    },
    receiveMany,
    syncToDisk: () => deps.syncToDisk(),
    applyTemplate(caseId, templateId) {
      // One durable commit for the job and its "queued" entry (the log stores an entry written in a
      // transaction with it), as receive() does; the enqueue alone was already durable.
      const job = deps.transaction(() => {
        if (!deps.cases.has(caseId)) throw new Error(`There is no case ${caseId} in casebridge.`);
        return queueJob(caseId, deps.template(templateId), 'by hand');
      });
      deps.onQueued();
      return job;
    },
  };
}
