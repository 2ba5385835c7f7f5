// `npm run dev`: electron-vite's dev mode (hot reload), with the SQLite module built for Electron.
import { electronEnv, findElectronRuntime } from './electron-runtime.mjs';
import { run } from './run-steps.mjs';

const runtime = findElectronRuntime();
if (!runtime.path) {
  console.error(`casebridge: dev mode needs the Electron runtime, which is not installed here (${runtime.reason}). Use \`npm run serve\` for the headless host.`);
  process.exit(1);
}
// CASEBRIDGE_DEV=1: the app takes electron-vite's dev server URL (electron/main/development.ts).
process.exit(await run('electron-vite', ['dev', ...process.argv.slice(2)], { env: { ...(await electronEnv(runtime.version)), CASEBRIDGE_DEV: '1' } }));
