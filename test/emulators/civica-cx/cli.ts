/**
 * `npm run emulator:civica-cx -- --port 8702 --username U --password P`: serves the emulator until
 * SIGINT/SIGTERM, printing its base URL, the API user it accepts and the demo company, one
 * `Name: value` line each (the Admin line last). Bad options exit 2.
 */
import { CliError, parseCliArgs, USAGE, type CliArgs } from './cli-args';
import { DEMO_USER, NO_API_USER, startCivicaCxEmulator } from './index';

let args: CliArgs;
try {
  args = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(`civica-cx emulator: ${error.message}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const user = args.username !== undefined ? { username: args.username, password: args.password! } : DEMO_USER;
try {
  const emulator = await startCivicaCxEmulator({
    host: args.host,
    port: args.port,
    seed: args.seed,
    pageSize: args.pageSize,
    tokenLifetimeSeconds: args.tokenLifetimeSeconds,
    allowlist: args.allow,
    empty: args.empty,
    users: [{ ...user, apiAccess: true }, { ...NO_API_USER, apiAccess: false }],
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => {
        console.log(`Civica Cx emulator stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`civica-cx emulator: could not close cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed last: whoever reads these lines may signal at once, and the handlers are in place.
  console.log(`Base URL: ${emulator.baseUrl}`);
  console.log(`Username: ${user.username}`);
  console.log(`Password: ${user.password}${args.username === undefined ? ' (demo user)' : ''}`);
  console.log(`Company: ${emulator.demo?.companyCode ?? 'NBH'}`);
  console.log(`Allowlist: ${emulator.allowlist().join(',') || '(empty: every caller is refused)'}`);
  console.log(`Admin: ${emulator.adminUrl}`);
} catch (error) {
  console.error(`civica-cx emulator: could not start on ${args.host}:${args.port}: ${(error as Error).message}`);
  process.exit(1);
}
