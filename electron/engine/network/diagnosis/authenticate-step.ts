/**
 * The connector's own authentication check, with its own requests and transport: its steps as it
 * words them. A connector that measures the server's clock itself hands back a clock step too,
 * which then stands in for the Date-header comparison.
 */
import type { DiagnosisStep } from '../../../../shared/domain/network';
import type { ConnectorCheck } from './connector-check';
import { untilStopped } from './sockets';
import { elapsed, skipped, StepFailure } from './steps';

export interface ConnectorOutcome {
  /** The steps that passed, in the connector's order (its clock step apart). */
  steps: DiagnosisStep[];
  /** The connector's own clock step, when it measured one. */
  clock?: DiagnosisStep;
  /** The connector's first failed step: the diagnosis stops there, after the steps above. */
  failure?: StepFailure;
}

export async function runConnectorCheck(check: Pick<ConnectorCheck, 'label' | 'authenticate'>, signal?: AbortSignal): Promise<ConnectorOutcome> {
  if (!check.authenticate) return { steps: [skipped('authenticate', `Not checked: casebridge has no authentication check for ${check.label} yet.`)] };
  const started = performance.now();
  let connectorSteps: DiagnosisStep[];
  try {
    // The connector's requests end by their own time limit; a stopped diagnosis does not wait for them.
    connectorSteps = await untilStopped(check.authenticate(), signal);
  } catch (error) {
    throw new StepFailure(
      'authenticate',
      elapsed(started),
      `The authentication check failed: ${error instanceof Error ? error.message : String(error)}`,
      `Test the connection on the Connections page for details.`,
    );
  }
  const outcome: ConnectorOutcome = { steps: [] };
  for (const step of connectorSteps) {
    if (step.status === 'failed') return { ...outcome, failure: new StepFailure(step.name, step.ms, step.detail, step.advice, step.certificate) };
    if (step.name === 'clock') outcome.clock = step;
    else outcome.steps.push(step);
  }
  if (!connectorSteps.some((s) => s.name === 'authenticate')) outcome.steps.push(skipped('authenticate', 'Not checked.'));
  return outcome;
}
