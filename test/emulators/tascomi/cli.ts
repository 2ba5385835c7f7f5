/**
 * `npm run emulator:tascomi -- --port 8701 --public-key K --private-key S`: serves the emulator
 * until SIGINT/SIGTERM, printing its base URL and the key pair it accepts. Bad options exit 2. The
 * running and printing are ../common/cli.ts; what it prints and starts is here.
 */
import { serveFromCommandLine } from '../common/cli';
import { parseCliArgs, USAGE } from './cli-args';
import { DEMO_KEYS, startTascomiEmulator, STRICT_ASSUMED, type AssumedRules } from './index';

await serveFromCommandLine({
  name: 'tascomi',
  title: 'Tascomi',
  usage: USAGE,
  parse: parseCliArgs,
  start(args) {
    return startTascomiEmulator({
      host: args.host,
      port: args.port,
      timeZone: args.timeZone,
      seed: args.seed,
      pageSize: args.pageSize,
      empty: args.empty,
      absentColumns: args.absentColumns,
      assumed: args.assumed,
      keys: [{ ...keyPair(args), permissions: 'all' }],
    });
  },
  describe(emulator, args) {
    const key = keyPair(args);
    return [
      `Public key: ${key.publicKey}`,
      `Private key: ${key.privateKey}${args.publicKey === undefined ? ' (demo pair)' : ''}`,
      `Time zone: ${emulator.timeZone}`,
      ...relaxedRules(emulator.assumed()),
    ];
  },
});

function keyPair(args: { publicKey?: string; privateKey?: string }): { publicKey: string; privateKey: string } {
  return args.publicKey !== undefined ? { publicKey: args.publicKey, privateKey: args.privateKey! } : DEMO_KEYS;
}

/** The assumed rules not at their strict default, so whoever reads the console knows. */
function relaxedRules(rules: AssumedRules): string[] {
  const changed = Object.entries(rules).filter(([name, value]) => STRICT_ASSUMED[name as keyof AssumedRules] !== value);
  return changed.length ? [`Assumed rules relaxed: ${changed.map(([name, value]) => `${name}=${String(value)}`).join(', ')}`] : [];
}
