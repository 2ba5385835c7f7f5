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
 * each in its own savepoint, so one that is refused or throws leaves its neighbours stored. The log
 * lines about the cases stored (where each came from, the jobs queued) are written after the last
 * savepoint, in the same commit: they commit with their cases at no commit of their own, and the
 * log's full-text index is written once per commit (it writes out what it holds at every savepoint
 * opened after a write, which cost more than the cases themselves when it ran once per case).
 */
import { CallRefusedError } from '../../../shared/dispatch';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Template } from '../../../shared/domain/template';
import type { Job, JobQueue } from '../jobs/queue';
import { noSuchCase, type CaseStore, type ReceiveResult } from './case-store';
import type { RuleService } from './rules';

export interface IntakeDeps {
  cases: Pick<CaseStore, 'receive' | 'has'>;
  rules: Pick<RuleService, 'matching'>;
  queue: Pick<JobQueue, 'enqueue'>;
  /** The current version of a live template; refused at `path` (the caller's field; 'id' when not given) when there is none. */
  template(id: number, path?: string): Template;
  /** Called after jobs were queued, so the worker stops waiting. */
  onQueued(): void;
  log: { write(entry: NewLogEntry): unknown };
  /** Who is acting (acting-person.ts): a job queued by hand names them as its last action. */
  operator: () => string;
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
export interface ReceiveOptions {
  /** Not forced to disk at the commit: the caller awaits syncToDisk() before telling anyone. */
  syncLater?: boolean;
  /** Logs each case stored (or found unchanged) as `Case <event> from <description>.`, under `source`. */
  from?: { source: string; description: string };
}
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
  receiveMany(inputs: readonly unknown[], options?: ReceiveOptions): IntakeSettled[];
  /** Forces every commit so far to disk (after receiveMany with `syncLater`). */
  syncToDisk(): Promise<void>;
  /** Queues one template for one case by hand ("Apply template"); refuses a case or template not there, or an incoming template. */
  applyTemplate(caseId: string, templateId: number): Job;
}

export function createIntake(deps: IntakeDeps): Intake {
  /** Queues the job; returns it with the log line that tells of it, for the caller to write. */
  const queueJob = (caseId: string, template: Template, why: string, queuedBy?: string): { job: Job; entry: NewLogEntry } => {
    if (template.type === 'incoming') {
      throw new CallRefusedError(`'${template.name}' is an incoming template: it is applied after a create or update, not ${why}.`, 'invalid_input', [
        { path: 'templateId', message: 'an incoming template cannot be queued' },
      ]);
    }
    const job = deps.queue.enqueue({
      connector: template.connector,
      kind: template.type,
      caseId,
      templateId: template.id,
      templateVersion: template.version,
      referenceName: template.reference,
      ...(queuedBy !== undefined ? { queuedBy } : {}),
    });
    const entry: NewLogEntry = {
      level: 'info',
      source: 'jobs',
      caseId,
      templateId: String(template.id),
      jobId: job.id,
      message: `Job ${job.id} queued: template '${template.name}' (version ${template.version}) for case ${caseId}, ${why}.`,
    };
    return { job, entry };
  };

  /**
   * Inside receiveMany's transaction this is a savepoint: a throw undoes this case alone. Its log
   * lines are returned, not written: receiveMany writes them once every savepoint is done.
   */
  const receiveOne = (input: unknown, options?: ReceiveOptions): { result: IntakeResult; entries: NewLogEntry[] } =>
    deps.transaction(() => {
      const result = deps.cases.receive(input);
      const entries: NewLogEntry[] = [];
      if (result.ok && options?.from)
        entries.push({ level: 'info', source: options.from.source, caseId: result.case.id, message: `Case ${result.event} from ${options.from.description}.` });
      if (!result.ok || result.event === 'unchanged') return { result, entries };
      const queued = deps.rules.matching(result.case, result.event).map((rule) => queueJob(result.case.id, deps.template(rule.templateId), `by the rule '${rule.name}'`));
      entries.push(...queued.map((q) => q.entry));
      return { result: { ...result, jobs: queued.map((q) => q.job) }, entries };
    }, options);

  const receiveMany = (inputs: readonly unknown[], options?: ReceiveOptions): IntakeSettled[] => {
    const settled = deps.transaction(() => {
      const entries: NewLogEntry[] = [];
      const answers = inputs.map((input): IntakeSettled => {
        try {
          const one = receiveOne(input, options);
          entries.push(...one.entries);
          return { result: one.result };
        } catch (error) {
          return { error };
        }
      });
      for (const entry of entries) deps.log.write(entry);
      return answers;
    }, options);
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
        if (!deps.cases.has(caseId)) throw noSuchCase(caseId, 'caseId');
        const who = deps.operator();
        const { job, entry } = queueJob(caseId, deps.template(templateId, 'templateId'), `by hand by ${who}`, who);
        deps.log.write(entry);
        return job;
      });
      deps.onQueued();
      return job;
    },
  };
}
