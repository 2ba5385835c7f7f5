// `npm run bench [-- test/bench/<file>]`: builds, runs the benchmarks (vitest.bench.config.ts, each
// file in its own fork), then ends with `N met, N short` over every figure that has a target, and
// exits non-zero when one is short or a benchmark failed, so a shortfall cannot pass unnoticed in
// a long output. The forks append their judged figures to a file named by CASEBRIDGE_BENCH_RESULTS,
// and keep a large log fill for the next bench file in CASEBRIDGE_BENCH_CACHE (test/bench/report.ts
// and log-fill.ts read these names).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, run } from './run-steps.mjs';

await buildAll();
const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-results-'));
const resultsFile = join(dir, 'figures.jsonl');
let code;
let figures;
try {
  code = await run('vitest', ['run', '--config', 'vitest.bench.config.ts', ...process.argv.slice(2)], {
    env: { ...process.env, CASEBRIDGE_BENCH_RESULTS: resultsFile, CASEBRIDGE_BENCH_CACHE: dir },
  });
  figures = readFigures(resultsFile);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const short = figures.filter((f) => !f.met);
if (short.length > 0) console.log(`\nShort of their targets:\n${short.map((f) => `  ${f.line}`).join('\n')}`);
if (code !== 0) console.log(`\nA benchmark failed (vitest exited ${code}): its figures are missing above.`);
console.log(`\n${figures.length - short.length} met, ${short.length} short`);
process.exit(code !== 0 ? code : short.length > 0 ? 1 : 0);

/** The figures the forks wrote: one JSON line each ({ met, line }); none when no bench wrote any. */
function readFigures(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      const figure = JSON.parse(line);
      if (typeof figure.met !== 'boolean' || typeof figure.line !== 'string') throw new Error(`${path} line ${i + 1} is not a figure: ${line}`);
      return figure;
    });
}
