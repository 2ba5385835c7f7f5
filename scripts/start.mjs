// `npm start`: build and launch the Electron console. Where the Electron runtime cannot be had (an
// offline machine), say so plainly and run the headless host instead.
// `--demo`: the same Tascomi emulator as `npm run serve -- --demo`, for whichever of the two runs.
// `--server <url>`: the desktop app as the console of that casebridge server (electron/main/console-mode.ts).
import { spawn } from 'node:child_process';
import { splitDemoFlag, startDemoEmulator } from './demo-emulator.mjs';
import { electronEnv, findElectronRuntime } from './electron-runtime.mjs';
import { exitUnlessNodeSqlite } from './electron-sqlite.mjs';
import { passStopToChild } from './child-stop.mjs';
import { ROOT, buildAll, runHost } from './run-steps.mjs';

const { demo, rest } = splitDemoFlag(process.argv.slice(2).filter((a) => a !== '--'));
exitUnlessNodeSqlite();
await buildAll();
const runtime = findElectronRuntime();
// Started after the build and the runtime lookup (both can take minutes), just before the app.
const emulator = demo ? await startDemoEmulator() : undefined;
const args = [...rest, ...(emulator?.args ?? [])];

if (!runtime.path && args.some((a) => a === '--server' || a.startsWith('--server='))) {
  console.log(`
casebridge: the Electron runtime is not installed on this machine, so the desktop app cannot open
a casebridge server's console here (${runtime.reason}). Open the server's address in a browser
instead: the server serves the same console.
`);
  await emulator?.stop();
  process.exit(1);
} else if (!runtime.path) {
  console.log(`
casebridge: the Electron runtime is not installed on this machine, so the desktop window cannot
open. The electron package downloads its runtime from the internet the first time it is used, and
that download did not succeed here (${runtime.reason}).
On a workstation with internet access, run \`npm start\` again and it will download. Meanwhile the
same engine and console run in the headless host below: open the Console URL it prints in a browser
on this machine. Stop it with Ctrl+C.
`);
  await runHost(args, { env: emulator?.env, afterExit: () => emulator?.stop() });
} else {
  const child = spawn(runtime.path, ['.', ...args], { cwd: ROOT, stdio: 'inherit', env: { ...(await electronEnv(runtime.version)), ...emulator?.env } });
  passStopToChild(child);
  child.on('exit', async (code) => {
    await emulator?.stop();
    process.exit(code ?? 0);
  });
}
