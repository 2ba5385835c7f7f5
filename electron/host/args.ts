import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultDataDir } from '../engine/data-dir';
import { checkDemoDataDir, DEMO_PRIVATE_KEY_ENV, DEMO_PUBLIC_KEY_FLAG, DEMO_URL_FLAG, demoDataDir, demoOptionsFrom, type DemoOptions } from '../demo/options';

export interface HostArgs {
  host: string;
  port: number;
  dataDir: string;
  /** A fixed session token (for scripts that restart the host); random when not given. */
  token?: string;
  rendererDir?: string;
  timeZone?: string;
  /** Demo mode: the Tascomi emulator the launch script started (`npm run serve -- --demo`). */
  demo?: DemoOptions;
  help: boolean;
}

export const HOST_USAGE = `Usage: npm run serve -- [options]

Runs the casebridge engine without Electron and serves the console to a browser on this machine.

Options:
  --host ADDRESS      address to listen on (default 127.0.0.1; anything but loopback is exposed to the network;
                      0.0.0.0 or :: listens on every address of this machine)
  --port N            port to listen on, 0 for any free port (default 0)
  --data-dir PATH     data folder (default ${defaultDataDir()}; or set CASEBRIDGE_DATA_DIR)
  --token TOKEN       session token the console URL carries (default: a new random one each start)
  --time-zone ZONE    IANA time zone for log times (default Europe/London)
  --renderer-dir PATH built console to serve (default: the one built beside this host)
  --help              show this text

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
  help: z.boolean(),
});

const FLAGS: Record<string, keyof HostArgs> = {
  '--host': 'host',
  '--port': 'port',
  '--data-dir': 'dataDir',
  '--token': 'token',
  '--renderer-dir': 'rendererDir',
  '--time-zone': 'timeZone',
};
const DEMO_FLAGS: Record<string, 'url' | 'publicKey'> = { [DEMO_URL_FLAG]: 'url', [DEMO_PUBLIC_KEY_FLAG]: 'publicKey' };

/** Parses the host's command line; throws an Error naming the option that is wrong. */
export function parseHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HostArgs {
  const raw: Record<string, unknown> = { help: false };
  const demoRaw: { url?: string; publicKey?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      raw.help = true;
      continue;
    }
    if (arg === '--demo') {
      throw new Error(
        'Option --demo is for the launch scripts (npm run serve -- --demo, npm start -- --demo), which start the Tascomi emulator first; the host itself takes --demo-tascomi-url and --demo-tascomi-public-key.',
      );
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = FLAGS[flag];
    const demoKey = DEMO_FLAGS[flag];
    if (!key && !demoKey) throw new Error(`Unknown option ${flag}. Run with --help to see the options.`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option ${flag} needs a value.`);
    if (demoKey) demoRaw[demoKey] = value;
    else raw[key!] = value;
  }
  const demo = demoOptionsFrom(demoRaw, env);
  // A demo never falls back to the real data folder: its own folder unless one is named.
  raw.host ??= '127.0.0.1';
  raw.port ??= '0';
  raw.dataDir ??= demo ? demoDataDir(env) : defaultDataDir(env);
  if (demo && typeof raw.dataDir === 'string') checkDemoDataDir(raw.dataDir, env);
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = Object.entries(FLAGS).find(([, key]) => key === issue.path[0])?.[0] ?? String(issue.path[0]);
    throw new Error(`Option ${flag}: ${issue.message}.`);
  }
  return demo ? { ...parsed.data, demo } : parsed.data;
}
