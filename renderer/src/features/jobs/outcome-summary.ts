/** The outcomes chart's words: what a screen reader (and anyone scanning) gets instead of bars. */
import type { OutcomeBucket } from '../../../../shared/domain/job';
import { formatClockMinute } from '../../ui/time-format';

export const OUTCOME_KEYS = ['succeeded', 'will_retry', 'failed', 'dead'] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

/** `2026-11-23T14:00:00.000+00:00` -> `14:00`: the hour as the engine's zone has it. */
export const hourLabel = (iso: string): string => formatClockMinute(iso);

export function summariseOutcomes(buckets: OutcomeBucket[], labels: Record<OutcomeKey, string>): string {
  const hours = buckets.length;
  const totals = Object.fromEntries(OUTCOME_KEYS.map((k) => [k, buckets.reduce((sum, b) => sum + b[k], 0)])) as Record<OutcomeKey, number>;
  const all = OUTCOME_KEYS.reduce((sum, k) => sum + totals[k], 0);
  if (all === 0) return `No attempts in the last ${hours} hours.`;
  const parts = OUTCOME_KEYS.map((k) => `${totals[k]} ${labels[k]}`).join(', ');
  let worst: OutcomeBucket | null = null;
  let worstBad = 0;
  for (const b of buckets) {
    const bad = b.failed + b.dead + b.will_retry;
    if (bad > worstBad) {
      worst = b;
      worstBad = bad;
    }
  }
  const peak = worst
    ? ` Most failures in the hour from ${hourLabel(worst.hour)}: ${worstBad} (${worst.will_retry} to retry, ${worst.failed} failed, ${worst.dead} dead).`
    : ' No failures.';
  return `Attempts in the last ${hours} hours: ${parts}.${peak}`;
}
