/**
 * The clock: the Date header of the HTTP answer against this workstation's clock (used when the
 * connector did not measure the server's clock itself).
 */
import type { DiagnosisStep } from '../../../../shared/domain/network';
import type { HttpAnswer } from './connector-check';
import { passed, skipped, StepFailure } from './steps';

/** Beyond this difference from a server's Date header, the workstation's clock is called wrong. */
export const DEFAULT_MAX_CLOCK_OFFSET_MS = 60_000;

/** `receivedAt`: this workstation's time (Clock millis) when the answer was read. */
export function compareClocks(label: string, answer: Pick<HttpAnswer, 'headers' | 'ms'>, receivedAt: number, maxOffsetMs = DEFAULT_MAX_CLOCK_OFFSET_MS): DiagnosisStep {
  const date = typeof answer.headers.date === 'string' ? Date.parse(answer.headers.date) : NaN;
  if (!Number.isFinite(date)) return skipped('clock', 'The answer had no Date header, so the clocks could not be compared.');
  // The header has whole seconds and was written about half the round trip before we read it.
  const offset = date - (receivedAt - answer.ms / 2);
  const words = `${label}'s clock is ${Math.abs(Math.round(offset / 1000))} s ${offset >= 0 ? 'ahead of' : 'behind'} this workstation's`;
  if (Math.abs(offset) > maxOffsetMs) {
    throw new StepFailure(
      'clock',
      0,
      `${words} (more than ${maxOffsetMs / 1000} s).`,
      "Set this workstation's clock from an internet time server (Windows: Settings > Time & language > Date & time > Sync now), then diagnose again.",
    );
  }
  return passed('clock', 0, `${words} (to within a second).`);
}
