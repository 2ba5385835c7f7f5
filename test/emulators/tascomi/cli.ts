/**
 * `npm run emulator:tascomi -- --port 8701 --public-key K --private-key S`: serves the emulator
 * until SIGINT/SIGTERM, printing its base URL and the key pair it accepts. Bad options exit 2.
 */
import { CliError, parseCliArgs, USAGE, type CliArgs } from './cli-args';
import { DEMO_KEYS, startTascomiEmulator } from './index';

let args: CliArgs;
try {
  args = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(`tascomi emulator: ${error.message}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const key = args.publicKey !== undefined ? { publicKey: args.publicKey, privateKey: args.privateKey! } : DEMO_KEYS;
try {
  const emulator = await startTascomiEmulator({
    host: args.host,
    port: args.port,
    timeZone: args.timeZone,
    seed: args.seed,
    pageSize: args.pageSize,
    empty: args.empty,
    keys: [{ ...key, permissions: 'all' }],
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => {
        console.log(`Tascomi emulator stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`tascomi emulator: could not close cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed last: whoever reads these lines may signal at once, and the handlers are in place.
  console.log(`Base URL: ${emulator.baseUrl}`);
  console.log(`Public key: ${key.publicKey}`);
  console.log(`Private key: ${key.privateKey}${args.publicKey === undefined ? ' (demo pair)' : ''}`);
  console.log(`Time zone: ${emulator.timeZone}`);
  console.log(`Admin: ${emulator.adminUrl}`);
} catch (error) {
  console.error(`tascomi emulator: could not start on ${args.host}:${args.port}: ${(error as Error).message}`);
  process.exit(1);
}
