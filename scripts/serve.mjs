// `npm run serve -- [options]`: build, then run the headless host (see `npm run serve -- --help`).
// `--demo`: first start a Tascomi emulator with faults switched on, and run the host against it
// with a data folder of the demo's own (scripts/demo-emulator.mjs).
import { splitDemoFlag, startDemoEmulator } from './demo-emulator.mjs';
import { exitUnlessNodeSqlite } from './electron-sqlite.mjs';
import { buildAll, runHost } from './run-steps.mjs';

const { demo, rest: args } = splitDemoFlag(process.argv.slice(2).filter((a) => a !== '--'));
const help = args.includes('--help') || args.includes('-h');
if (!help) {
  exitUnlessNodeSqlite();
  await buildAll();
}
if (demo && !help) {
  const emulator = await startDemoEmulator();
  await runHost([...args, ...emulator.args], { env: emulator.env, afterExit: () => emulator.stop() });
} else {
  await runHost(args);
}
