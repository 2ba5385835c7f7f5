/** The emulator's command line, parsed without side effects so tests can check each message. */
import { Allowlist } from './auth';

export interface CliArgs {
  host: string;
  port: number;
  username?: string;
  password?: string;
  seed: number;
  pageSize: number;
  tokenLifetimeSeconds: number;
  /** Caller addresses / CIDR blocks; undefined: the default (127.0.0.1 and ::1). */
  allow?: string[];
  empty: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run emulator:civica-cx -- [options]

Serves a Civica Cx API emulator until Ctrl+C (SIGINT) or SIGTERM.

  --port N                 port to listen on (default 0: any free port)
  --host ADDRESS           address to listen on (default 127.0.0.1)
  --username NAME          the API user it accepts (with --password; default a demo user)
  --password SECRET        that user's password (with --username)
  --allow A[,B...]         caller addresses / CIDR blocks on the IP allowlist (default 127.0.0.1,::1;
                           repeatable)
  --seed N                 demo data and fault seed (default 1)
  --page-size N            default page size of lists, 1 to 100 (default 25)
  --token-lifetime S       seconds a token lives (default 3600)
  --empty                  companies and code lists only: no contacts, repairs or appointments
  --help                   this text

Fault knobs, allowlist, users and records: POST/GET <admin URL>/faults, /faults/clear, /allowlist,
/users, /tokens/expire, /records/<kind>, /requests, /demo.`;

export class CliError extends Error {}

const VALUED = new Set(['--port', '--host', '--username', '--password', '--allow', '--seed', '--page-size', '--token-lifetime']);
const FLAGS = new Set(['--empty', '--help', '-h']);

function wholeNumber(option: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError(`Option ${option}: must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = { host: '127.0.0.1', port: 0, seed: 1, pageSize: 25, tokenLifetimeSeconds: 3600, empty: false, help: false };
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
      case '--username':
      case '--password':
        if (!value) throw new CliError(`Option ${name}: must not be empty`);
        if (/\s/.test(value)) throw new CliError(`Option ${name}: must not contain spaces`);
        args[name === '--username' ? 'username' : 'password'] = value;
        break;
      case '--allow': {
        const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
        try {
          new Allowlist(entries);
        } catch (error) {
          throw new CliError(`Option --allow: ${(error as Error).message.replace(/^Invalid allowlist: /, '')}`);
        }
        args.allow = [...(args.allow ?? []), ...entries];
        break;
      }
      case '--seed':
        args.seed = wholeNumber(name, value, 0, 2 ** 32 - 1);
        break;
      case '--page-size':
        args.pageSize = wholeNumber(name, value, 1, 100);
        break;
      case '--token-lifetime':
        args.tokenLifetimeSeconds = wholeNumber(name, value, 1, 31 * 86_400);
        break;
    }
  }
  if ((args.username === undefined) !== (args.password === undefined)) {
    throw new CliError(args.username === undefined ? 'Option --password: needs --username as well' : 'Option --username: needs --password as well');
  }
  return args;
}
