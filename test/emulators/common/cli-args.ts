/**
 * Command-line parsing both emulators share, without side effects so tests can check each message:
 * `--name value` or `--name=value`, the options every emulator has (--port, --host, --seed,
 * --page-size, --empty, --help), and a hook for the emulator's own valued options.
 */

export class CliError extends Error {}

export interface SharedCliArgs {
  host: string;
  port: number;
  seed: number;
  pageSize: number;
  empty: boolean;
  help: boolean;
}

export const SHARED_CLI_DEFAULTS: SharedCliArgs = { host: '127.0.0.1', port: 0, seed: 1, pageSize: 25, empty: false, help: false };

export function wholeNumber(option: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError(`Option ${option}: must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

/** A credential option's value: never empty (nor, with `noSpaces`, with white space in it). */
export function credential(option: string, value: string, { noSpaces = false } = {}): string {
  if (!value) throw new CliError(`Option ${option}: must not be empty`);
  if (noSpaces && /\s/.test(value)) throw new CliError(`Option ${option}: must not contain spaces`);
  return value;
}

/** Two options that only work together (a user and its password, a key pair): both or neither. */
export function requireBoth(first: { option: string; value: unknown }, second: { option: string; value: unknown }): void {
  if ((first.value === undefined) !== (second.value === undefined)) {
    throw new CliError(first.value === undefined ? `Option ${second.option}: needs ${first.option} as well` : `Option ${first.option}: needs ${second.option} as well`);
  }
}

const FLAGS = new Set(['--empty', '--help', '-h']);

export interface OwnOptions<A> {
  /** The emulator's own valued options, e.g. ['--username', '--password']. */
  names: readonly string[];
  /** Stores one of them in `args` (value trimmed), throwing CliError when it is wrong. */
  read(args: A, name: string, value: string): void;
  /** The largest --page-size the emulator accepts. */
  maxPageSize: number;
}

export function parseSharedCliArgs<A extends SharedCliArgs>(argv: string[], args: A, own: OwnOptions<A>): A {
  const valued = new Set(['--port', '--host', '--seed', '--page-size', ...own.names]);
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
    if (!valued.has(name)) throw new CliError(`Unknown option ${name} (see --help)`);
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
      case '--seed':
        args.seed = wholeNumber(name, value, 0, 2 ** 32 - 1);
        break;
      case '--page-size':
        args.pageSize = wholeNumber(name, value, 1, own.maxPageSize);
        break;
      default:
        own.read(args, name, value);
    }
  }
  return args;
}
