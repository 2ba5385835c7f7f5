/**
 * How a diagnosis reads at a glance: each step's result word and colour, and the headline. A step
 * that passed with a warning (Tascomi's duplicate guard off) shows as a warning, here and in the
 * headline, never as a plain pass: the officer has something to act on.
 */
import type { Diagnosis, DiagnosisStep } from '../../../../shared/domain/network';

export const STEP_RESULTS: Record<DiagnosisStep['status'], { word: string; color: string }> = {
  ok: { word: 'passed', color: 'green' },
  warning: { word: 'passed with a warning', color: 'orange' },
  failed: { word: 'failed', color: 'red' },
  skipped: { word: 'not needed', color: 'gray' },
  'not-run': { word: 'not run', color: 'gray' },
};

export function diagnosisHeadline(diagnosis: Diagnosis): { color: string; title: string } {
  if (!diagnosis.ok) return { color: 'red', title: `${diagnosis.label}: ${diagnosis.reason ?? 'the diagnosis failed'}` };
  const warnings = diagnosis.steps.filter((s) => s.status === 'warning');
  if (warnings.length === 0) return { color: 'green', title: `${diagnosis.label}: every step passed` };
  return { color: 'orange', title: `${diagnosis.label}: every step passed, with a warning (${warnings.map((s) => s.label).join('; ')})` };
}
