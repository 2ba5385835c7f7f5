/**
 * The clock step alone: a Date header against the workstation's time, half the round trip allowed.
 */
import { describe, expect, it } from 'vitest';
import { compareClocks } from '../../../../../electron/engine/network/diagnosis/clock-step';

const at = Date.parse('2026-06-15T10:00:00.000Z');
const answer = (date: string | undefined, ms = 200) => ({ headers: date ? { date } : {}, ms });

describe('the clock step', () => {
  it('passes within the allowed difference, saying which clock is ahead', () => {
    expect(compareClocks('Civica Cx', answer('Mon, 15 Jun 2026 10:00:04 GMT'), at + 100)).toMatchObject({
      name: 'clock',
      status: 'ok',
      ms: 0,
      detail: "Civica Cx's clock is 4 s ahead of this workstation's (to within a second).",
    });
    expect(compareClocks('Civica Cx', answer('Mon, 15 Jun 2026 09:59:30 GMT'), at + 100)).toMatchObject({
      status: 'ok',
      detail: "Civica Cx's clock is 30 s behind this workstation's (to within a second).",
    });
  });

  it('fails beyond it (60 s unless told), with how to set the workstation clock', () => {
    expect(() => compareClocks('Civica Cx', answer('Mon, 15 Jun 2026 10:02:00 GMT'), at + 100)).toThrow(
      expect.objectContaining({
        step: 'clock',
        detail: "Civica Cx's clock is 120 s ahead of this workstation's (more than 60 s).",
        advice: expect.stringMatching(/^Set this workstation's clock/),
      }),
    );
    expect(() => compareClocks('Civica Cx', answer('Mon, 15 Jun 2026 10:00:20 GMT'), at + 100, 10_000)).toThrow(/more than 10 s/);
  });

  it('is skipped when the answer has no readable Date header', () => {
    for (const date of [undefined, 'yesterday']) {
      expect(compareClocks('Civica Cx', answer(date), at)).toMatchObject({ status: 'skipped', detail: 'The answer had no Date header, so the clocks could not be compared.' });
    }
  });
});
