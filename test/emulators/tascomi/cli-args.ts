/**
 * The emulator's command line, parsed without side effects so tests can check each message: the
 * shared options (../common/cli-args.ts) and Tascomi's own (key pair, time zone).
 */
import { IANAZone } from 'luxon';
import { RELAXABLE_RULES } from './assumed';
import type { AssumedRules } from './types';
import { CliError, credential, parseSharedCliArgs, requireBoth, SHARED_CLI_DEFAULTS, type SharedCliArgs } from '../common/cli-args';
import { isTable, TABLES, type TascomiTable } from './types';
import { FIELD_NAME } from './validation';

export { CliError } from '../common/cli-args';

export interface CliArgs extends SharedCliArgs {
  publicKey?: string;
  privateKey?: string;
  timeZone: string;
  /** Columns tables lack on this instance (options.absentColumns). */
  absentColumns?: Partial<Record<TascomiTable, string[]>>;
  /** Assumed rules relaxed by --relax / --query-string-fields (absent: all strict). */
  assumed?: Partial<AssumedRules>;
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
  --absent-columns T:C[,T:C]  columns the instance's tables lack (assumed behaviour: see README)
  --relax RULE[,RULE]    switch off assumed rules (README "Sources"): ${RELAXABLE_RULES.join(', ')}
  --query-string-fields refuse|accept
                         fields in a PUT/POST query string: refused with 400 (default) or merged
  --help                 this text

Fault knobs, keys, assumed rules and records: POST/GET <admin URL>/faults, /faults/clear, /keys, /assumed, /records/<table>, /requests.`;

export function parseCliArgs(argv: string[]): CliArgs {
  const args = parseSharedCliArgs<CliArgs>(
    argv,
    { ...SHARED_CLI_DEFAULTS, timeZone: 'Europe/London' },
    {
      names: ['--public-key', '--private-key', '--timezone', '--time-zone', '--absent-columns', '--relax', '--query-string-fields'],
      maxPageSize: 10_000,
      read(args, name, value) {
        switch (name) {
          case '--public-key':
          case '--private-key':
            args[name === '--public-key' ? 'publicKey' : 'privateKey'] = credential(name, value);
            break;
          case '--timezone':
          case '--time-zone':
            if (!IANAZone.isValidZone(value)) throw new CliError(`Option ${name}: "${value}" is not an IANA time zone name (for example Europe/London)`);
            args.timeZone = value;
            break;
          case '--absent-columns':
            args.absentColumns = readAbsentColumns(value, args.absentColumns);
            break;
          case '--relax':
            args.assumed = { ...args.assumed, ...relaxed(value) };
            break;
          case '--query-string-fields':
            if (value !== 'refuse' && value !== 'accept') throw new CliError(`Option --query-string-fields: must be refuse or accept, not "${value}"`);
            args.assumed = { ...args.assumed, queryStringFields: value };
            break;
        }
      },
    },
  );
  requireBoth({ option: '--public-key', value: args.publicKey }, { option: '--private-key', value: args.privateKey });
  return args;
}

/** `table:column[,table:column]`, added to what earlier occurrences named. */
function readAbsentColumns(value: string, earlier: CliArgs['absentColumns'] = {}): NonNullable<CliArgs['absentColumns']> {
  const wrong = (why: string) => new CliError(`Option --absent-columns: ${why}`);
  const pairs = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) throw wrong('names no table:column (for example complaints:external_reference)');
  const absent = { ...earlier };
  for (const pair of pairs) {
    const parts = pair.split(':');
    if (parts.length !== 2) throw wrong(`"${pair}" is not table:column (for example complaints:external_reference)`);
    const [table, column] = parts.map((p) => p.trim()) as [string, string];
    if (!isTable(table)) throw wrong(`"${table}" is not a table (tables: ${TABLES.join(', ')})`);
    if (!FIELD_NAME.test(column)) throw wrong(`"${column}" is not a field name (lower case letters, digits and _, starting with a letter)`);
    const columns = absent[table] ?? [];
    absent[table] = columns.includes(column) ? columns : [...columns, column];
  }
  return absent;
}

function relaxed(value: string): Partial<AssumedRules> {
  const rules: Partial<AssumedRules> = {};
  for (const name of value.split(',').map((n) => n.trim())) {
    const rule = RELAXABLE_RULES.find((r) => r === name);
    if (!rule) throw new CliError(`Option --relax: "${name}" is not an assumed rule; rules: ${RELAXABLE_RULES.join(', ')}`);
    rules[rule] = false;
  }
  return rules;
}
