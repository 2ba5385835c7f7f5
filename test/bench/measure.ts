/**
 * What several benchmarks measure the same way. On a shared machine a burst of load from elsewhere
 * can slow one round to two thirds of another's pace, so a noisy figure is the best of several
 * rounds; when variants are compared, the rounds alternate them (A B, B A, A B), so that neither is
 * always the colder first one nor always the one after the other.
 */
import { readFileSync } from 'node:fs';

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); undefined elsewhere. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/**
 * Runs `rounds` rounds of every variant, one after another, mirroring the order each round; answers
 * each variant's results in round order.
 */
export async function alternatedRounds<V, R>(rounds: number, variants: readonly V[], run: (variant: V, round: number) => Promise<R>): Promise<Map<V, R[]>> {
  const results = new Map<V, R[]>(variants.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) results.get(variant)!.push(await run(variant, round));
  }
  return results;
}

/** The best of several rounds by `score` (higher is better: negate a time). */
export function best<R>(results: readonly R[], score: (result: R) => number): R {
  if (results.length === 0) throw new Error('no rounds to take the best of');
  return results.reduce((a, b) => (score(b) > score(a) ? b : a));
}
