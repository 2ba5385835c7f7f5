/**
 * What a host needs to run the demo: the address and keys of a Tascomi emulator the launch script
 * started, and a data folder of the demo's own. Plain Node, shared by the headless host and the
 * Electron shell, so both check the same things and name the option that is wrong.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { isLoopbackHost } from '../../shared/loopback';
import { defaultDataDir } from '../engine/data-dir';

/** The private key travels in the environment, never on the command line (other users can read argv). */
export const DEMO_PRIVATE_KEY_ENV = 'CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY';
export const DEMO_URL_FLAG = '--demo-tascomi-url';
export const DEMO_PUBLIC_KEY_FLAG = '--demo-tascomi-public-key';

export interface DemoOptions {
  /** The emulator's API base url (`http://127.0.0.1:PORT/rest`). */
  tascomiUrl: string;
  publicKey: string;
  privateKey: string;
}

/**
 * The demo's data folder: beside the real one, named after it with `-demo` (`casebridge-demo` by
 * default), so a demo never reads or writes the person's real settings, cases or secrets.
 */
export function demoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const real = defaultDataDir(env);
  return join(dirname(real), `${basename(real)}-demo`);
}

/** The data folder the person's real work lives in (CASEBRIDGE_DATA_DIR, else the platform's default). */
function realDataDirs(env: NodeJS.ProcessEnv): string[] {
  const withoutOverride = { ...env };
  delete withoutOverride.CASEBRIDGE_DATA_DIR;
  return [...new Set([defaultDataDir(env), defaultDataDir(withoutOverride)].map((d) => resolve(d)))];
}

/**
 * The demo options from the raw flag values, or undefined when no demo flag was given. Throws an
 * Error naming the option (or the environment variable) that is missing or wrong.
 */
export function demoOptionsFrom(raw: { url?: string; publicKey?: string }, env: NodeJS.ProcessEnv = process.env): DemoOptions | undefined {
  if (raw.url === undefined && raw.publicKey === undefined) return undefined;
  if (raw.url === undefined) throw new Error(`Option ${DEMO_URL_FLAG} is needed with ${DEMO_PUBLIC_KEY_FLAG}.`);
  if (raw.publicKey === undefined) throw new Error(`Option ${DEMO_PUBLIC_KEY_FLAG} is needed with ${DEMO_URL_FLAG}.`);
  let url: URL;
  try {
    url = new URL(raw.url);
  } catch {
    throw new Error(`Option ${DEMO_URL_FLAG}: "${raw.url}" is not a url (for example http://127.0.0.1:8701/rest).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Option ${DEMO_URL_FLAG}: must be an http or https url.`);
  // The demo's emulator runs on this machine; anything else could be a real Tascomi.
  if (!isLoopbackHost(url.hostname)) throw new Error(`Option ${DEMO_URL_FLAG}: must be on this machine (127.0.0.1, ::1 or localhost), not ${url.hostname}.`);
  const publicKey = raw.publicKey.trim();
  if (!publicKey || publicKey.length > 200) throw new Error(`Option ${DEMO_PUBLIC_KEY_FLAG}: must be 1 to 200 characters.`);
  const privateKey = env[DEMO_PRIVATE_KEY_ENV]?.trim();
  if (!privateKey) throw new Error(`The demo needs the emulator's private key in the environment variable ${DEMO_PRIVATE_KEY_ENV}.`);
  return { tascomiUrl: raw.url, publicKey, privateKey };
}

/** Refuses a demo on the person's real data folder; throws naming `--data-dir`. */
export function checkDemoDataDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (realDataDirs(env).includes(resolve(dataDir))) {
    throw new Error(`Option --data-dir: the demo does not run in your real data folder (${dataDir}); leave --data-dir out to use ${demoDataDir(env)}, or name an empty folder.`);
  }
}

/**
 * For the Electron shell, whose command line also carries Chromium's switches: picks out the demo
 * options and `--data-dir` (both `--flag value` and `--flag=value`), ignores everything else.
 * Answers undefined when no demo option was given; throws naming the option that is wrong.
 */
export function parseDemoArgv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { demo: DemoOptions; dataDir: string } | undefined {
  const wanted = new Set([DEMO_URL_FLAG, DEMO_PUBLIC_KEY_FLAG, '--data-dir']);
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!wanted.has(flag)) continue;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option ${flag} needs a value.`);
    values.set(flag, value);
  }
  const demo = demoOptionsFrom({ url: values.get(DEMO_URL_FLAG), publicKey: values.get(DEMO_PUBLIC_KEY_FLAG) }, env);
  if (!demo) return undefined;
  const dataDir = values.get('--data-dir') ?? demoDataDir(env);
  checkDemoDataDir(dataDir, env);
  return { demo, dataDir };
}
