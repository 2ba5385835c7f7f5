/**
 * The emulator's command line, parsed without side effects so tests can check each message: the
 * shared options (../common/cli-args.ts) and Cx's own (user, allowlist, token lifetime).
 */
import { CliError, credential, parseSharedCliArgs, requireBoth, SHARED_CLI_DEFAULTS, wholeNumber, type SharedCliArgs } from '../common/cli-args';
import { Allowlist, parseAllowlistAnswer, type AllowlistAnswer } from './auth';
import { REFUSAL_STYLES, type RefusalStyle } from './refusal-style';

export { CliError } from '../common/cli-args';

export interface CliArgs extends SharedCliArgs {
  username?: string;
  password?: string;
  tokenLifetimeSeconds: number;
  /** Caller addresses / CIDR blocks; undefined: the default (127.0.0.1 and ::1). */
  allow?: string[];
  /** How a caller not on the allowlist is answered; undefined: the default (json403). */
  allowlistAnswer?: AllowlistAnswer;
  /** How refusals are answered; undefined: the default ('status'). */
  refusalStyle?: RefusalStyle;
}

export const USAGE = `Usage: npm run emulator:civica-cx -- [options]

Serves a Civica Cx API emulator until Ctrl+C (SIGINT) or SIGTERM.

  --port N                 port to listen on (default 0: any free port)
  --host ADDRESS           address to listen on (default 127.0.0.1)
  --username NAME          the API user it accepts (with --password; default a demo user)
  --password SECRET        that user's password (with --username)
  --allow A[,B...]         caller addresses / CIDR blocks on the IP allowlist (default 127.0.0.1,::1;
                           repeatable)
  --allowlist-answer A     how a caller not on the allowlist is answered: json403 (default), timeout,
                           refused or html
  --seed N                 demo data and fault seed (default 1)
  --page-size N            default page size of lists, 1 to 100 (default 25)
  --token-lifetime S       seconds a token lives (default 3600)
  --refusal-style STYLE    status: refusals answer 409 / 422 / 401 (default); body: 200 with
                           { "outcome": "Refused", "messages": [...] }
  --empty                  companies and code lists only: no contacts, repairs or appointments
  --help                   this text

Fault knobs, allowlist, users and records: POST/GET <admin URL>/faults, /faults/clear, /allowlist,
/users, /tokens/expire, /refusal-style, /records/<kind>, /requests, /demo.`;

export function parseCliArgs(argv: string[]): CliArgs {
  const args = parseSharedCliArgs<CliArgs>(
    argv,
    { ...SHARED_CLI_DEFAULTS, tokenLifetimeSeconds: 3600 },
    {
      names: ['--username', '--password', '--allow', '--allowlist-answer', '--token-lifetime', '--refusal-style'],
      maxPageSize: 100,
      read(args, name, value) {
        switch (name) {
          case '--username':
          case '--password':
            args[name === '--username' ? 'username' : 'password'] = credential(name, value, { noSpaces: true });
            break;
          case '--allow': {
            const entries = value
              .split(',')
              .map((e) => e.trim())
              .filter(Boolean);
            try {
              new Allowlist(entries);
            } catch (error) {
              throw new CliError(`Option --allow: ${(error as Error).message.replace(/^Invalid allowlist: /, '')}`);
            }
            args.allow = [...(args.allow ?? []), ...entries];
            break;
          }
          case '--allowlist-answer':
            try {
              args.allowlistAnswer = parseAllowlistAnswer(value);
            } catch (error) {
              throw new CliError(`Option --allowlist-answer: ${(error as Error).message.replace(/^Invalid allowlist answer /, '')}`);
            }
            break;
          case '--token-lifetime':
            args.tokenLifetimeSeconds = wholeNumber(name, value, 1, 31 * 86_400);
            break;
          case '--refusal-style':
            if (!(REFUSAL_STYLES as readonly string[]).includes(value)) throw new CliError(`Option --refusal-style: must be one of ${REFUSAL_STYLES.join(', ')}, not "${value}"`);
            args.refusalStyle = value as RefusalStyle;
            break;
        }
      },
    },
  );
  requireBoth({ option: '--username', value: args.username }, { option: '--password', value: args.password });
  return args;
}
