// `npm start`: build and launch the Electron console. Where the Electron runtime cannot be had (an
// offline machine), say so plainly and run the headless host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, buildAll, runHost } from './run-steps.mjs';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const args = process.argv.slice(2);
await buildAll();

// Requiring `electron` from Node answers the runtime's path, downloading it first if it is missing.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: ROOT,
  encoding: 'utf8',
  timeout: 10 * 60_000,
});
const electronPath = probe.status === 0 ? probe.stdout.trim() : '';

if (!electronPath || !existsSync(electronPath)) {
  console.log(`
casebridge: the Electron runtime is not installed on this machine, so the desktop window cannot
open. The electron package downloads its runtime from the internet the first time it is used, and
that download did not succeed here (${(probe.stderr || 'no answer').trim().split('\n').filter(Boolean).at(-1)}).
On a workstation with internet access, run \`npm start\` again and it will download. Meanwhile the
same engine and console run in the headless host below: open the Console URL it prints in a browser
on this machine. Stop it with Ctrl+C.
`);
  await runHost(args.filter((a) => a !== '--'));
} else {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'));
  const binding = await ensureElectronSqlite(version);
  const child = spawn(electronPath, ['.', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CASEBRIDGE_SQLITE_BINDING: binding },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
