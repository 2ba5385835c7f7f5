/**
 * Ticks for a count axis (attempts, jobs): from zero in even, round steps (1, 2 or 5 times a power
 * of ten), with the top tick at or above the largest value. The chart library's own choice gives
 * steps like 0, 3, 6, 9, 13 when the largest bar is 13, which reads as a broken scale.
 */

/** At most this many steps between ticks (so at most five ticks besides zero). */
const MAX_STEPS = 5;
const ROUND_FACTORS = [1, 2, 5, 10];

export interface CountAxis {
  /** Ticks from 0 to `top`, every `step`. */
  ticks: number[];
  step: number;
  top: number;
}

export function countAxis(largest: number): CountAxis {
  if (!Number.isFinite(largest) || largest < 0) throw new Error(`The largest value on a count axis must be zero or more, not ${largest}.`);
  const want = Math.max(1, Math.ceil(largest) / MAX_STEPS);
  const magnitude = 10 ** Math.floor(Math.log10(want));
  const factor = ROUND_FACTORS.find((f) => f * magnitude >= want)!;
  const step = factor * magnitude;
  const top = Math.max(step, Math.ceil(largest / step) * step);
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return { ticks, step, top };
}
