/**
 * `npm run emulator:civica-cx -- --port 8702 --username U --password P`: serves the emulator until
 * SIGINT/SIGTERM, printing its base URL, the API user it accepts and the demo company, one
 * `Name: value` line each (the Admin line last). Bad options exit 2. The running and printing are
 * ../common/cli.ts; what it prints and starts is here.
 */
import { serveFromCommandLine } from '../common/cli';
import { parseCliArgs, USAGE } from './cli-args';
import { DEMO_USER, NO_API_USER, startCivicaCxEmulator } from './index';

await serveFromCommandLine({
  name: 'civica-cx',
  title: 'Civica Cx',
  usage: USAGE,
  parse: parseCliArgs,
  start(args) {
    return startCivicaCxEmulator({
      host: args.host,
      port: args.port,
      seed: args.seed,
      pageSize: args.pageSize,
      tokenLifetimeSeconds: args.tokenLifetimeSeconds,
      allowlist: args.allow,
      allowlistAnswer: args.allowlistAnswer,
      empty: args.empty,
      refusalStyle: args.refusalStyle,
      users: [
        { ...apiUser(args), apiAccess: true },
        { ...NO_API_USER, apiAccess: false },
      ],
    });
  },
  describe(emulator, args) {
    const user = apiUser(args);
    return [
      `Username: ${user.username}`,
      `Password: ${user.password}${args.username === undefined ? ' (demo user)' : ''}`,
      `Company: ${emulator.demo?.companyCode ?? 'NBH'}`,
      `Allowlist: ${emulator.allowlist().join(',') || '(empty: every caller is refused)'}`,
      `Allowlist answer: ${emulator.allowlistAnswer()}`,
      `Refusals: ${emulator.refusalStyle()}`,
    ];
  },
});

function apiUser(args: { username?: string; password?: string }): { username: string; password: string } {
  return args.username !== undefined ? { username: args.username, password: args.password! } : DEMO_USER;
}
