import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultDataDir } from '../engine/data-dir';
import { TLS_FOLDER, type TlsSetting } from './tls';
import { isLoopbackHost } from '../../shared/loopback';
import { checkDemoDataDir, DEMO_PRIVATE_KEY_ENV, DEMO_PUBLIC_KEY_FLAG, DEMO_URL_FLAG, demoDataDir, demoOptionsFrom, type DemoOptions } from '../demo/options';

export interface HostArgs {
  host: string;
  port: number;
  dataDir: string;
  /** A fixed session token (for scripts that restart the host); random when not given. Plain HTTP only. */
  token?: string;
  rendererDir?: string;
  timeZone?: string;
  /** HTTPS, and with it accounts and sign-in; plain HTTP (one person, a token) when absent. */
  tls?: TlsSetting;
  /** Check the configuration and exit, starting nothing. */
  check: boolean;
  /** A file holding the bearer token scrapers of /metrics send; without it /metrics is for this machine only. */
  metricsTokenFile?: string;
  /** Demo mode: the Tascomi emulator the launch script started (`npm run serve -- --demo`). */
  demo?: DemoOptions;
  help: boolean;
}

/** A command line (or environment) the host cannot run with: every problem, each naming its setting. */
export class HostArgsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Each option's flag and the environment variable a service unit sets instead (the flag wins).
 * The service recipes are checked against this table (test/unit/host/service-recipes.test.ts).
 */
export const HOST_OPTIONS = {
  host: { flag: '--host', env: 'CASEBRIDGE_HOST' },
  port: { flag: '--port', env: 'CASEBRIDGE_PORT' },
  dataDir: { flag: '--data-dir', env: 'CASEBRIDGE_DATA_DIR' },
  token: { flag: '--token', env: undefined },
  rendererDir: { flag: '--renderer-dir', env: undefined },
  timeZone: { flag: '--time-zone', env: 'CASEBRIDGE_TIME_ZONE' },
  tls: { flag: '--tls', env: 'CASEBRIDGE_TLS' },
  tlsCert: { flag: '--tls-cert', env: 'CASEBRIDGE_TLS_CERT' },
  tlsKey: { flag: '--tls-key', env: 'CASEBRIDGE_TLS_KEY' },
  tlsPfx: { flag: '--tls-pfx', env: 'CASEBRIDGE_TLS_PFX' },
  tlsPassphraseFile: { flag: '--tls-passphrase-file', env: 'CASEBRIDGE_TLS_PASSPHRASE_FILE' },
  metricsTokenFile: { flag: '--metrics-token-file', env: 'CASEBRIDGE_METRICS_TOKEN_FILE' },
} as const satisfies Record<string, { flag: string; env: string | undefined }>;
type OptionKey = keyof typeof HOST_OPTIONS;
/** Flags that take no value. */
export const HOST_SWITCHES = ['--check', '--help', '-h'] as const;

export const HOST_USAGE = `Usage: npm run serve -- [options]     (or, installed: node out/main/host.js [options])

Runs the casebridge engine without Electron and serves the console to browsers: on this machine over
plain HTTP, or with HTTPS (--tls...) to the council's network, where people sign in with accounts.

Options (each also read from the environment variable named, for a service; a flag wins):
  --host ADDRESS      address to listen on (default 127.0.0.1)                        CASEBRIDGE_HOST
                      anything but loopback needs HTTPS; 0.0.0.0 or :: is every address of this machine
  --port N            port to listen on, 0 for any free port (default 0)              CASEBRIDGE_PORT
  --data-dir PATH     data folder (default ${defaultDataDir()})
                                                                                      CASEBRIDGE_DATA_DIR
  --tls self-signed   HTTPS with a certificate made in <data folder>/${TLS_FOLDER}/           CASEBRIDGE_TLS
  --tls-cert FILE     HTTPS with this PEM certificate (chain) ...                     CASEBRIDGE_TLS_CERT
  --tls-key FILE      ... and its unencrypted PEM private key                         CASEBRIDGE_TLS_KEY
  --tls-pfx FILE      HTTPS with this PFX / PKCS#12 file                              CASEBRIDGE_TLS_PFX
  --tls-passphrase-file FILE  the PFX's passphrase, in a file (never on the command line)
                                                                                      CASEBRIDGE_TLS_PASSPHRASE_FILE
  --token TOKEN       plain HTTP only: the session token the console URL carries (default: new each start)
  --metrics-token-file FILE  a token scrapers of /metrics must send (Authorization: Bearer);
                      without it /metrics answers this machine only          CASEBRIDGE_METRICS_TOKEN_FILE
  --time-zone ZONE    IANA time zone for log times (default Europe/London)            CASEBRIDGE_TIME_ZONE
  --renderer-dir PATH built console to serve (default: the one built beside this host)
  --check             check all of the above (data folder, certificate, port) and exit: 0 when it would start
  --help              show this text

Configuration from test to live: casebridge export-config FILE, casebridge import-config FILE [--apply]
(each with --help).

Demo mode: \`npm run serve -- --demo\` starts a Tascomi emulator and passes these on (data folder
default ${demoDataDir()}, never the real one):
  ${DEMO_URL_FLAG} URL        the emulator's API base url (on this machine only)
  ${DEMO_PUBLIC_KEY_FLAG} KEY its public key; the private key is read from ${DEMO_PRIVATE_KEY_ENV}`;

const Schema = z.object({
  host: z.string().refine((h) => h === 'localhost' || isIP(h) !== 0, 'must be an IP address or localhost'),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be 16 to 128 letters, digits, - or _')
    .optional(),
  rendererDir: z.string().min(1).optional(),
  timeZone: z.string().min(1).optional(),
  tls: z.literal('self-signed', { error: 'the only value is self-signed (for your own certificate, use --tls-cert and --tls-key, or --tls-pfx)' }).optional(),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  tlsPfx: z.string().min(1).optional(),
  tlsPassphraseFile: z.string().min(1).optional(),
  metricsTokenFile: z.string().min(1).optional(),
});
type Raw = z.infer<typeof Schema>;

const FLAGS = new Map<string, OptionKey>(Object.entries(HOST_OPTIONS).map(([key, o]) => [o.flag, key as OptionKey]));
const DEMO_FLAGS: Record<string, 'url' | 'publicKey'> = { [DEMO_URL_FLAG]: 'url', [DEMO_PUBLIC_KEY_FLAG]: 'publicKey' };

/** How a setting is named in a message: the flag, or the variable when that is where it came from. */
function namer(fromEnv: Set<OptionKey>) {
  return (key: OptionKey) => (fromEnv.has(key) ? `${HOST_OPTIONS[key].env}` : `Option ${HOST_OPTIONS[key].flag}`);
}

/** Which certificate, from the TLS settings; problems when they do not go together. */
function tlsSettingOf(raw: Raw, name: (key: OptionKey) => string, problems: string[]): TlsSetting | undefined {
  const given = (['tls', 'tlsCert', 'tlsKey', 'tlsPfx'] as const).filter((key) => raw[key] !== undefined);
  if (raw.tlsPassphraseFile !== undefined && raw.tlsPfx === undefined) problems.push(`${name('tlsPassphraseFile')}: only goes with ${HOST_OPTIONS.tlsPfx.flag}.`);
  if (given.length === 0) return undefined;
  const choices = [raw.tls !== undefined, raw.tlsCert !== undefined || raw.tlsKey !== undefined, raw.tlsPfx !== undefined].filter(Boolean).length;
  if (choices > 1) {
    problems.push(`${given.map(name).join(', ')}: choose one certificate: --tls self-signed, or --tls-cert with --tls-key, or --tls-pfx.`);
    return undefined;
  }
  if (raw.tls) return { kind: 'self-signed' };
  if (raw.tlsPfx) return { kind: 'pfx', pfxFile: raw.tlsPfx, ...(raw.tlsPassphraseFile ? { passphraseFile: raw.tlsPassphraseFile } : {}) };
  if (!raw.tlsCert) problems.push(`${name('tlsKey')}: needs ${HOST_OPTIONS.tlsCert.flag}, the certificate it belongs to.`);
  else if (!raw.tlsKey) problems.push(`${name('tlsCert')}: needs ${HOST_OPTIONS.tlsKey.flag}, the certificate's private key.`);
  else return { kind: 'files', certFile: raw.tlsCert, keyFile: raw.tlsKey };
  return undefined;
}

const needsHttps = (name: (key: OptionKey) => string, host: string) =>
  `${name('host')}: ${host} can be reached from other machines, so it needs HTTPS and sign-in: add --tls self-signed, or --tls-cert and --tls-key with your own certificate (plain HTTP is only for 127.0.0.1).`;

/** Parses the host's command line and environment; throws a HostArgsError naming every setting that is wrong. */
export function parseHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HostArgs {
  const raw: Partial<Record<OptionKey, string>> = {};
  const fromEnv = new Set<OptionKey>();
  const demoRaw: { url?: string; publicKey?: string } = {};
  let help = false;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--check') {
      check = true;
      continue;
    }
    if (arg === '--demo') {
      throw new HostArgsError([
        'Option --demo is for the launch scripts (npm run serve -- --demo, npm start -- --demo), which start the Tascomi emulator first; the host itself takes --demo-tascomi-url and --demo-tascomi-public-key.',
      ]);
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = FLAGS.get(flag);
    const demoKey = DEMO_FLAGS[flag];
    if (!key && !demoKey) throw new HostArgsError([`Unknown option ${flag}. Run with --help to see the options.`]);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new HostArgsError([`Option ${flag} needs a value.`]);
    if (demoKey) demoRaw[demoKey] = value;
    else raw[key!] = value;
  }
  for (const [key, option] of Object.entries(HOST_OPTIONS) as [OptionKey, (typeof HOST_OPTIONS)[OptionKey]][]) {
    // The data folder's variable is read by defaultDataDir, below, as it always was.
    if (key === 'dataDir' || !option.env || raw[key] !== undefined) continue;
    const value = env[option.env];
    if (value === undefined || value === '') continue;
    raw[key] = value;
    fromEnv.add(key);
  }
  let demo: DemoOptions | undefined;
  try {
    demo = demoOptionsFrom(demoRaw, env);
  } catch (error) {
    throw new HostArgsError([(error as Error).message]);
  }
  // A demo never falls back to the real data folder: its own folder unless one is named.
  raw.host ??= '127.0.0.1';
  raw.port ??= '0';
  raw.dataDir ??= demo ? demoDataDir(env) : defaultDataDir(env);
  if (demo) {
    try {
      checkDemoDataDir(raw.dataDir, env);
    } catch (error) {
      throw new HostArgsError([(error as Error).message]);
    }
  }
  const name = namer(fromEnv);
  // Each setting on its own first, then how they go together: every problem is said at once.
  const parsed = Schema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${name(issue.path[0] as OptionKey)}: ${issue.message}.`);
  const wrong = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0]));
  const tlsGiven = raw.tls !== undefined || raw.tlsCert !== undefined || raw.tlsKey !== undefined || raw.tlsPfx !== undefined;
  if (!parsed.success) {
    if (!wrong.has('host') && !tlsGiven && !isLoopbackHost(raw.host)) problems.push(needsHttps(name, raw.host));
    throw new HostArgsError(problems);
  }
  const tls = tlsSettingOf(parsed.data, name, problems);
  const { host, port, dataDir, token, rendererDir, timeZone, metricsTokenFile } = parsed.data;
  if (tls && token !== undefined) problems.push(`${name('token')}: only for plain HTTP on this machine; with HTTPS people sign in with accounts instead.`);
  if (!tlsGiven && !isLoopbackHost(host)) problems.push(needsHttps(name, host));
  if (problems.length > 0) throw new HostArgsError(problems);
  return {
    host,
    port,
    dataDir,
    ...(token !== undefined ? { token } : {}),
    ...(rendererDir !== undefined ? { rendererDir } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(tls ? { tls } : {}),
    check,
    ...(metricsTokenFile !== undefined ? { metricsTokenFile } : {}),
    ...(demo ? { demo } : {}),
    help,
  };
}
