/**
 * One benchmark figure per line, in the format tools read: `bench: <name> = <value> <unit> (target <op> <value> <unit>) met|SHORT`.
 * Each bench file runs in its own fork, so a figure with a target is also appended to the file named
 * by CASEBRIDGE_BENCH_RESULTS (one JSON line each): `npm run bench` (scripts/bench.mjs) counts them at
 * the end and fails when one is short.
 */
import { appendFileSync } from 'node:fs';

export const RESULTS_FILE_ENV = 'CASEBRIDGE_BENCH_RESULTS';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '>=' | '<='; value: number };
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toString() : n.toFixed(2));

export function report(figure: Figure): void {
  const base = `bench: ${figure.name} = ${round(figure.value)} ${figure.unit}`;
  if (!figure.target) return void console.log(base);
  const { op, value } = figure.target;
  const met = op === '>=' ? figure.value >= value : figure.value <= value;
  const line = `${base} (target ${op} ${round(value)} ${figure.unit}) ${met ? 'met' : 'SHORT'}`;
  console.log(line);
  const results = process.env[RESULTS_FILE_ENV];
  if (results) appendFileSync(results, `${JSON.stringify({ met, line })}\n`);
}
