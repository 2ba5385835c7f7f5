/** The emulator's command line, parsed without side effects so tests can check each message. */
import { IANAZone } from 'luxon';

export interface CliArgs {
  host: string;
  port: number;
  publicKey?: string;
  privateKey?: string;
  timeZone: string;
  seed: number;
  pageSize: number;
  empty: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run emulator:tascomi -- [options]

Serves a Tascomi (Idox Cloud) REST API emulator until Ctrl+C (SIGINT) or SIGTERM.

  --port N               port to listen on (default 0: any free port)
  --host ADDRESS         address to listen on (default 127.0.0.1)
  --public-key KEY       the API public key it accepts (with --private-key; default a demo pair)
  --private-key SECRET   the API private key it accepts (with --public-key)
  --timezone ZONE        the instance's IANA time zone (default Europe/London; also --time-zone)
  --seed N               demo data and fault seed (default 1)
  --page-size N          results per page (default 25)
  --empty                start with empty tables instead of the demo data
  --help                 this text

Fault knobs, keys and records: POST/GET <admin URL>/faults, /faults/clear, /keys, /records/<table>, /requests.`;

export class CliError extends Error {}

const VALUED = new Set(['--port', '--host', '--public-key', '--private-key', '--timezone', '--time-zone', '--seed', '--page-size']);
const FLAGS = new Set(['--empty', '--help', '-h']);

function wholeNumber(option: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError(`Option ${option}: must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = { host: '127.0.0.1', port: 0, timeZone: 'Europe/London', seed: 1, pageSize: 25, empty: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name)) {
      if (name !== arg) throw new CliError(`Option ${name}: takes no value`);
      if (name === '--empty') args.empty = true;
      else args.help = true;
      continue;
    }
    if (!VALUED.has(name)) throw new CliError(`Unknown option ${name} (see --help)`);
    let value: string | undefined = name !== arg ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (name === arg && value.startsWith('--'))) throw new CliError(`Option ${name} needs a value`);
    value = value.trim();
    switch (name) {
      case '--port':
        args.port = wholeNumber(name, value, 0, 65535);
        break;
      case '--host':
        if (!value) throw new CliError('Option --host: needs an address');
        args.host = value;
        break;
      case '--public-key':
      case '--private-key':
        if (!value) throw new CliError(`Option ${name}: must not be empty`);
        args[name === '--public-key' ? 'publicKey' : 'privateKey'] = value;
        break;
      case '--timezone':
      case '--time-zone':
        if (!IANAZone.isValidZone(value)) throw new CliError(`Option ${name}: "${value}" is not an IANA time zone name (for example Europe/London)`);
        args.timeZone = value;
        break;
      case '--seed':
        args.seed = wholeNumber(name, value, 0, 2 ** 32 - 1);
        break;
      case '--page-size':
        args.pageSize = wholeNumber(name, value, 1, 10_000);
        break;
    }
  }
  if ((args.publicKey === undefined) !== (args.privateKey === undefined)) {
    throw new CliError(args.publicKey === undefined ? 'Option --private-key: needs --public-key as well' : 'Option --public-key: needs --private-key as well');
  }
  return args;
}
