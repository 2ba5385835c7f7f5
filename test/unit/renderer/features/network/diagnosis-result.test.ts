/**
 * How a diagnosis reads at a glance on the Network page: a step that passed with a warning shows as
 * a warning, and so does the headline, while a failure still wins.
 */
import { describe, expect, it } from 'vitest';
import { diagnosisHeadline, STEP_RESULTS } from '../../../../../renderer/src/features/network/diagnosis-result';
import type { Diagnosis, DiagnosisStep } from '../../../../../shared/domain/network';

const step = (name: DiagnosisStep['name'], status: DiagnosisStep['status'], label: string = name): DiagnosisStep => ({
  name,
  label,
  status,
  ok: status !== 'failed' && status !== 'not-run',
  ms: 3,
  detail: 'detail',
});
const diagnosis = (steps: DiagnosisStep[], extra: Partial<Diagnosis> = {}): Diagnosis => ({
  connector: 'tascomi',
  label: 'Tascomi / Idox Cloud',
  target: 'https://northbridge.idoxcloud.com/rest',
  route: 'direct (no proxy)',
  ok: !steps.some((s) => s.status === 'failed'),
  steps,
  allowlistAddresses: [],
  startedAt: '2026-12-05T10:00:00.000+00:00',
  ...extra,
});

describe('a step result', () => {
  it('a warning reads as a warning, in orange, not as a plain pass', () => {
    expect(STEP_RESULTS.warning).toEqual({ word: 'passed with a warning', color: 'orange' });
    expect(STEP_RESULTS.ok).toEqual({ word: 'passed', color: 'green' });
  });
});

describe('the headline', () => {
  it('is green when every step passed cleanly', () => {
    expect(diagnosisHeadline(diagnosis([step('http', 'ok'), step('clock', 'ok')]))).toEqual({ color: 'green', title: 'Tascomi / Idox Cloud: every step passed' });
  });

  it('is orange and names the step when one passed with a warning', () => {
    const d = diagnosis([step('http', 'ok'), step('case_reference', 'warning', 'Check the case reference field (duplicate guard)')]);
    expect(diagnosisHeadline(d)).toEqual({
      color: 'orange',
      title: 'Tascomi / Idox Cloud: every step passed, with a warning (Check the case reference field (duplicate guard))',
    });
  });

  it('is red with the reason when a step failed, whatever warned', () => {
    const d = diagnosis([step('http', 'failed'), step('case_reference', 'warning')], { reason: 'a redirect' });
    expect(diagnosisHeadline(d)).toEqual({ color: 'red', title: 'Tascomi / Idox Cloud: a redirect' });
  });
});
