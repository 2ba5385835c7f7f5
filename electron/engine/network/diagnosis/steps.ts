/**
 * What one step of a diagnosis comes to: passed, skipped, or a StepFailure that stops the
 * diagnosis there (the steps after it are then "not run"). Every step module builds its answer
 * from these, so the words and shapes of a step are made in one place.
 */
import type { CertificateFacts, DiagnosisStep, DiagnosisStepName } from '../../../../shared/domain/network';

export const STEP_LABELS: Record<DiagnosisStepName, string> = {
  address: 'Address and route',
  dns: 'Look up the name (DNS)',
  tcp: 'Connect (TCP)',
  tls: 'Secure connection (TLS)',
  http: 'HTTP answer',
  authenticate: 'Authenticate',
  clock: 'Compare clocks',
  case_reference: 'Check the case reference field (duplicate guard)',
};

/** Thrown by a step that failed: what it found, in plain words, and what to do about it. */
export class StepFailure extends Error {
  constructor(
    readonly step: DiagnosisStepName,
    readonly ms: number,
    readonly detail: string,
    readonly advice?: string,
    readonly certificate?: CertificateFacts,
  ) {
    super(detail);
  }
}

export function passed(name: DiagnosisStepName, ms: number, detail: string, extra: Partial<DiagnosisStep> = {}): DiagnosisStep {
  return { name, label: STEP_LABELS[name], status: 'ok', ok: true, ms, detail, ...extra };
}

/** A step with nothing to do here (an IP address has no name to look up): it counts as passed. */
export function skipped(name: DiagnosisStepName, detail: string): DiagnosisStep {
  return { name, label: STEP_LABELS[name], status: 'skipped', ok: true, ms: 0, detail };
}

export function failed(failure: StepFailure): DiagnosisStep {
  return {
    name: failure.step,
    label: STEP_LABELS[failure.step],
    status: 'failed',
    ok: false,
    ms: failure.ms,
    detail: failure.detail,
    ...(failure.advice ? { advice: failure.advice } : {}),
    ...(failure.certificate ? { certificate: failure.certificate } : {}),
  };
}

export function notRun(name: DiagnosisStepName): DiagnosisStep {
  return { name, label: STEP_LABELS[name], status: 'not-run', ok: false, ms: 0, detail: 'Not run: an earlier step failed.' };
}

/** Milliseconds since `started` (a performance.now() reading), whole. */
export const elapsed = (started: number) => Math.round(performance.now() - started);
export const seconds = (ms: number) => `${ms / 1000} s`;
