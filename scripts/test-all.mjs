// `npm test`: the SQLite module, type-checking, the format check and the linter, the build, the unit
// tests (tier rules included; a few run the built host), then the end-to-end tests in Debian's Chromium. Every stage runs even
// when an earlier one failed (except the tests, which need the SQLite module, and the browser tests,
// which need the build); the last line is the summary `N passed, N failed`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSqliteProblem } from './electron-sqlite.mjs';
import { run } from './run-steps.mjs';

const startedAt = Date.now();
const reports = mkdtempSync(join(tmpdir(), 'casebridge-reports-'));
const tally = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function record(name, passed, failed, skipped = 0) {
  tally.passed += passed;
  tally.failed += failed;
  tally.skipped += skipped;
  stages.push(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function check(name, command, args) {
  const code = await run(command, args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
  return code === 0;
}

// Without it every test fails on its first database call: say once what to do instead.
const sqliteProblem = nodeSqliteProblem();
if (sqliteProblem) console.error(sqliteProblem);
record('SQLite module (better-sqlite3)', sqliteProblem ? 0 : 1, sqliteProblem ? 1 : 0);
await check('typecheck (engine, shell, host, tests)', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
await check('typecheck (renderer)', 'tsc', ['--noEmit', '-p', 'renderer/tsconfig.json']);
await check('format check (prettier)', 'prettier', ['--check', '--log-level', 'warn', '.']);
await check('lint (eslint)', 'eslint', ['.']);

// Before the unit tests: the host's own tests run the built host (test/support/host-process.ts).
const built = await check('build', 'electron-vite', ['build']);

if (sqliteProblem) record('unit tests (not run: the SQLite module is not built)', 0, 1);
else {
  const unitReport = join(reports, 'unit.json');
  const unitCode = await run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
  const unit = readJson(unitReport);
  if (unit) record('unit tests', unit.numPassedTests, unit.numFailedTests + (unitCode !== 0 && unit.numFailedTests === 0 ? 1 : 0), unit.numPendingTests + unit.numTodoTests);
  else record('unit tests', 0, 1);
}

if (!existsSync('/usr/bin/chromium') && !process.env.CASEBRIDGE_CHROMIUM) {
  console.error('casebridge: Chromium is missing (apt-get install -y chromium); the end-to-end tests cannot run.');
  record('end-to-end tests', 0, 1);
} else if (sqliteProblem) {
  record('end-to-end tests (not run: the SQLite module is not built)', 0, 1);
} else if (built) {
  const e2eReport = join(reports, 'e2e.json');
  const e2eCode = await run('playwright', ['test'], { env: { ...process.env, CASEBRIDGE_REPORT: e2eReport } });
  const e2e = readJson(e2eReport);
  if (e2e) {
    const { expected, unexpected, flaky, skipped } = e2e.stats;
    record('end-to-end tests', expected + flaky, unexpected + (e2eCode !== 0 && unexpected === 0 ? 1 : 0), skipped);
  } else record('end-to-end tests', 0, 1);
} else record('end-to-end tests (not run: the build failed)', 0, 1);

rmSync(reports, { recursive: true, force: true });
if (sqliteProblem) console.error(`\n${sqliteProblem}`);
console.log(`\n${stages.join('\n')}\n(all stages took ${Math.round((Date.now() - startedAt) / 1000)}s)`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
process.exit(tally.failed === 0 ? 0 : 1);
