/**
 * What every connector's executor shares: the answer a successful attempt gives the worker, the
 * failure for a job that cannot be applied, and the attempt's main request and answer for its log
 * entry (collected per attempt, as connectors' clients are shared by jobs running at once). The
 * case's personal values are noted for the attempt, so its request, answer, error and note carry
 * them marked wherever they appear (log/personal-values.ts).
 */
import type { Case } from '../../../shared/domain/case';
import type { Template } from '../../../shared/domain/template';
import { ConnectorError } from '../connectors/errors';
import { captureExchanges, mainExchange } from '../connectors/http/exchange-capture';
import { markPersonalValues, notePersonalValues, withPersonalValues } from '../log/personal-values';
import { evaluateTemplate, type EvaluationContext } from '../mapping/evaluate';
import { personalValuesOf } from '../mapping/personal-payload';
import type { Job } from '../store/job-repo';

/** What a successful attempt answers the worker. */
export interface AttemptResult {
  /** The remote record number. */
  result: string;
  /** What happened, for the attempt's log entry (e.g. created, or found after a lost answer). */
  note?: string;
  /** Writes the record number into the case's Reference; the worker runs it in the same commit as the job's success. */
  commit?: () => void;
  request?: string;
  response?: string;
}

export type Executor = (job: Job) => Promise<AttemptResult>;

/** A failure that will not change by retrying: the job fails at once with this reason. */
export function notApplicable(connector: string, message: string, fields?: Record<string, string>): ConnectorError {
  return new ConnectorError({ kind: 'validation', connector, message, ...(fields ? { fields } : {}) });
}

/**
 * The case as stored and the job's pinned template evaluated against it, or a validation failure
 * saying why not (no case, an incoming template, mapping problems).
 */
export function evaluatedJob(
  deps: { cases: { get(id: string): Case | undefined }; template(id: number, version: number): Template },
  job: Job,
  connector: string,
  schema: EvaluationContext['schema'],
): { kase: Case; template: Template; payload: Record<string, string> } {
  const kase = deps.cases.get(job.caseId);
  if (!kase) throw notApplicable(connector, `Case ${job.caseId} is not in casebridge's store, so there is nothing to send.`);
  const template = deps.template(job.templateId, job.templateVersion);
  if (template.type === 'incoming') throw notApplicable(connector, `Template '${template.name}' is an incoming template; only outgoing templates are sent.`);
  const evaluation = evaluateTemplate(kase, template, { schema });
  // Before any problem is told: its words may quote a value (a UPRN that is not 12 digits).
  notePersonalValues(personalValuesOf(kase, template, evaluation.payload));
  if (evaluation.problems.length > 0) {
    const reasons = evaluation.problems.map((p) => p.message).join(' ');
    throw notApplicable(
      connector,
      `Template '${template.name}' (version ${template.version}) cannot be applied to case ${kase.id}: ${reasons} Correct the template or the case; this will not be retried.`,
    );
  }
  return { kase, template, payload: evaluation.payload };
}

/**
 * Runs an attempt, attaching its main exchange (the last write, else the last call) and naming the
 * others; the personal values its evaluation noted are marked in its note and in its error's words.
 */
export function withMainExchange(attempt: Executor): Executor {
  return (job) =>
    withPersonalValues(async () => {
      let captured: Awaited<ReturnType<typeof captureExchanges<AttemptResult>>>;
      try {
        captured = await captureExchanges(() => attempt(job));
      } catch (error) {
        throw withPersonalValuesMarked(error);
      }
      const { exchanges } = captured;
      const value = captured.value.note !== undefined ? { ...captured.value, note: markPersonalValues(captured.value.note) } : captured.value;
      const main = mainExchange(exchanges);
      if (!main) return value;
      const others = exchanges.filter((e) => e !== main);
      const more =
        others.length > 0
          ? `\n(${others.length} other request${others.length === 1 ? '' : 's'} in this attempt: ${others.map((e) => `${e.method} ${e.table} ${e.status}`).join(', ')})`
          : '';
      // Read inside the scope: an answer is redacted (and its personal values marked) on first read.
      return { ...value, request: `${main.request}${more}`, response: main.response };
    });
}

/** The error with the attempt's personal values marked in its message (the job's error and its log line quote it). */
function withPersonalValuesMarked(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const marked = markPersonalValues(error.message);
  // defineProperty, not assignment: some errors (a DOMException) only inherit a read-only message.
  if (marked !== error.message && Object.isExtensible(error)) Object.defineProperty(error, 'message', { value: marked, writable: true, configurable: true, enumerable: false });
  return error;
}
