/**
 * Which engine the desktop app shows (design section 10): its own (`local`, the default) or a
 * casebridge server's (`server`), kept in `console-mode.json` in the app's user data folder.
 *
 * Decisions:
 * - A file that is not what we wrote (bad JSON, wrong shape, a URL we would refuse) never stops
 *   start-up: the local engine is used, the person is warned, and the file is kept aside beside the
 *   original (`console-mode.json.bad-<time>`) so nothing in it is lost.
 * - A server is https, or plain http on this machine only (a server's token mode); an https server
 *   always carries the SHA-256 fingerprint trusted on first use; plain http has no certificate.
 * - Written to a temporary file and renamed, so a crash mid-write leaves the old choice whole.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from '../../shared/loopback';

export const CONSOLE_MODE_FILE = 'console-mode.json';

/** SHA-256 as Node prints it (`X509Certificate.fingerprint256`): 32 upper-case hex pairs joined by colons. */
export const FINGERPRINT_PATTERN = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;

export type ServerUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * A server address as a person types it, checked: the answer is the URL to load (normalised), or
 * a sentence saying what is wrong and what to type instead.
 */
export function checkServerUrl(text: string): ServerUrlCheck {
  const typed = text.trim();
  if (!typed) return { ok: false, message: 'Type the address of the casebridge server, for example https://casebridge.council.local:8443.' };
  if (typed.length > 2000) return { ok: false, message: 'That address is longer than 2,000 characters: type the server’s address only.' };
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, message: `“${typed.slice(0, 100)}” is not a web address. Type it in full, for example https://casebridge.council.local:8443.` };
  }
  if (url.username || url.password) return { ok: false, message: 'Leave the user name and password out of the address: you sign in once the console opens.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: `Plain http is only for a server on this computer. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `The address must start with https:// (it starts with ${url.protocol}//).` };
  url.hash = '';
  return { ok: true, url: url.href };
}

// A hand-written address is read as the prompt would take it (`https://cb.local:8443` as `…:8443/`).
const ServerUrlSchema = z.string().transform((text, context) => {
  const check = checkServerUrl(text);
  if (check.ok) return check.url;
  context.addIssue({ code: 'custom', message: check.message });
  return z.NEVER;
});

const ServerModeSchema = z
  .object({
    mode: z.literal('server'),
    url: ServerUrlSchema,
    fingerprint: z.string().regex(FINGERPRINT_PATTERN, 'a SHA-256 fingerprint (AB:CD:… , 32 pairs)').optional(),
    trustedAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time' }).optional(),
  })
  .strict()
  .superRefine((mode, context) => {
    const https = mode.url.startsWith('https:');
    if (https && (!mode.fingerprint || !mode.trustedAt)) {
      context.addIssue({ code: 'custom', path: ['fingerprint'], message: 'an https server needs the fingerprint trusted and when (trustedAt)' });
    }
    if (!https && (mode.fingerprint || mode.trustedAt)) {
      context.addIssue({ code: 'custom', path: ['fingerprint'], message: 'a plain http server has no certificate to trust' });
    }
  });

/** The last server trusted, kept while the app runs its own engine, so going back is not a first use again. */
const ServerPinSchema = z
  .object({
    url: ServerUrlSchema.refine((url) => url.startsWith('https:'), 'an https address'),
    fingerprint: z.string().regex(FINGERPRINT_PATTERN, 'a SHA-256 fingerprint (AB:CD:… , 32 pairs)'),
    trustedAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time' }),
  })
  .strict();
export type ServerPin = z.infer<typeof ServerPinSchema>;

const LocalModeSchema = z.object({ mode: z.literal('local'), lastServer: ServerPinSchema.optional() }).strict();

export const ConsoleModeSchema = z.discriminatedUnion('mode', [LocalModeSchema, ServerModeSchema], { error: 'must be "local" or "server"' });
export type ConsoleMode = z.infer<typeof ConsoleModeSchema>;
export type ServerMode = Extract<ConsoleMode, { mode: 'server' }>;

/** The certificate trusted for a server, from whichever mode remembers it. */
export function trustedPin(mode: ConsoleMode): ServerPin | undefined {
  if (mode.mode === 'local') return mode.lastServer;
  return mode.fingerprint && mode.trustedAt ? { url: mode.url, fingerprint: mode.fingerprint, trustedAt: mode.trustedAt } : undefined;
}

/** Back to this workstation's engine, remembering the server's certificate for the next time. */
export function localModeAfter(mode: ConsoleMode): ConsoleMode {
  const pin = trustedPin(mode);
  return pin ? { mode: 'local', lastServer: pin } : { mode: 'local' };
}

/**
 * `--server <url>` (or `--server=<url>`) from the app's command line, checked; undefined when not
 * given. Everything else on the line is Chromium's or another option's. Throws naming the option.
 */
export function parseServerArgv(argv: readonly string[]): string | undefined {
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg !== '--server' && !arg.startsWith('--server=')) continue;
    const value = arg === '--server' ? argv[++i] : arg.slice('--server='.length);
    if (value === undefined || value.startsWith('--') || !value)
      throw new Error('Option --server needs the server’s address, for example --server https://casebridge.council.local:8443.');
    given = value;
  }
  if (given === undefined) return undefined;
  const check = checkServerUrl(given);
  if (!check.ok) throw new Error(`Option --server: ${check.message}`);
  return check.url;
}

/**
 * The server whose console to open at start: one the machine policy locks, always; otherwise
 * `--server`; otherwise one the policy presets, until a choice of engine has been saved.
 */
export function serverAtStart(given: { policy?: { url: string; locked: boolean }; serverArg?: string; choiceSaved: boolean }): string | undefined {
  if (given.policy?.locked) return given.policy.url;
  if (given.serverArg) return given.serverArg;
  return given.policy && !given.choiceSaved ? given.policy.url : undefined;
}

/** The command line without `--server` and its address (a relaunch after switching must not undo the switch). */
export function withoutServerArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--server') i++;
    else if (!argv[i]!.startsWith('--server=')) kept.push(argv[i]!);
  }
  return kept;
}

export const LOCAL_MODE: ConsoleMode = Object.freeze({ mode: 'local' });

export interface ModeRead {
  mode: ConsoleMode;
  /** Said to the person when the file could not be used (the app then runs its own engine). */
  warning?: string;
}

export interface ConsoleModeFile {
  read(): ModeRead;
  save(mode: ConsoleMode): void;
  readonly path: string;
}

/** `now()` names a kept-aside file; the shell passes the system clock's. */
export function consoleModeFile(dir: string, now: () => Date): ConsoleModeFile {
  const path = join(dir, CONSOLE_MODE_FILE);

  const keepAside = (why: string): ModeRead => {
    const aside = `${path}.bad-${now().toISOString().replace(/[:.]/g, '-')}`;
    let kept: string;
    try {
      renameSync(path, aside);
      kept = `It was kept as ${aside}.`;
    } catch (error) {
      kept = `It could not be moved aside (${error instanceof Error ? error.message : String(error)}) and is left as it is.`;
    }
    return {
      mode: LOCAL_MODE,
      warning: `The choice of server in ${path} could not be read (${why}), so casebridge runs this workstation’s engine. ${kept} Choose the server again with “Connect to a casebridge server…”.`,
    };
  };

  return {
    path,
    read() {
      if (!existsSync(path)) return { mode: LOCAL_MODE };
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        return keepAside(error instanceof SyntaxError ? 'it is not JSON' : error instanceof Error ? error.message : String(error));
      }
      const parsed = ConsoleModeSchema.safeParse(json);
      if (parsed.success) return { mode: parsed.data };
      return keepAside(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the file'}: ${issue.message}`).join('; '));
    },
    save(mode) {
      const valid = ConsoleModeSchema.parse(mode);
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(valid, null, 2)}\n`);
      renameSync(temp, path);
    },
  };
}

/** How the mode is named in the window title and the tray. */
export function describeMode(mode: ConsoleMode): string {
  return mode.mode === 'local' ? 'this workstation’s engine' : `server ${new URL(mode.url).host}`;
}
