// `npm run serve -- [options]`: build, then run the headless host (see `npm run serve -- --help`).
import { buildAll, runHost } from './run-steps.mjs';

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) await buildAll();
await runHost(args);
