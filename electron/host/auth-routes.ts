/**
 * The server's sign-in routes (`/auth/...`), for a console in a browser or a desktop app: the
 * first administrator's setup, sign-in and sign-out, a password change, and single sign-on through
 * the council's identity provider. Answers are JSON `{ error, issues? }` when refused.
 *
 * Decisions:
 * - Every POST must be JSON from a page of this server's own address (Content-Type and Origin), so
 *   another site can neither post a form here nor make a browser send the session cookie.
 * - Who a request is from is only ever the session cookie, checked afresh each time.
 * - On a plain-HTTP loopback server (one person, a token) only `/auth/state` answers, saying so.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CallRefusedError } from '../../shared/dispatch';
import type { Role } from '../../shared/domain/people';
import type { People } from '../engine/people/people';
import { clearedSessionCookie, clearedSsoCookie, readCookie, SESSION_COOKIE, sessionCookie, SSO_COOKIE, ssoCookie } from './cookies';
import { readJsonBody } from './json-body';
import { createPendingSignIns } from './pending-sign-ins';
import type { SessionSockets } from './session-sockets';
import type { SetupCode } from './setup-code';
import { SECURITY_HEADERS } from './static-files';

/** Single sign-on (electron/host/single-sign-on.ts): what these routes need of it. */
export interface SingleSignOnFlow {
  begin(redirectUrl: string): Promise<{ authorizationUrl: string; pending: unknown }>;
  finish(
    callbackUrl: URL,
    pending: unknown,
  ): Promise<{ ok: true; issuer: string; subject: string; username: string; displayName: string; groups: string[]; role: Role } | { ok: false; message: string }>;
}

export interface AuthState {
  signIn: 'token' | 'accounts';
  needsSetup: boolean;
  signedIn: boolean;
  person?: { name: string; role: Role };
  sso?: { label: string };
  fingerprint?: string;
}

export interface AuthRoutesOptions {
  /** Accounts mode; absent on a plain-HTTP loopback server. */
  accounts?: {
    people: People;
    setupCode: SetupCode;
    sockets: SessionSockets;
    fingerprint: string;
    singleSignOn?: SingleSignOnFlow;
  };
  /** Whether an Origin header names this server (its own address, as the browser saw it). */
  isOwnOrigin(origin: string | undefined, hostHeader: string | undefined): boolean;
  /** Whether a Host header names this server (a name it answers to, with its port). */
  isOwnHost(hostHeader: string | undefined): boolean;
  report(level: 'info' | 'warn', message: string): void;
  now?: () => number;
}

const NOT_SIGNED_IN = 'You are not signed in, or your session has ended: sign in again.';
const Text = (max: number) => z.string().max(max, `at most ${max} characters`);
const SetupBody = z.object({ code: Text(40), username: Text(64), displayName: Text(100), password: Text(256) }).strict();
const SignInBody = z.object({ username: Text(64).min(1, 'say who you are'), password: Text(256).min(1, 'enter your password') }).strict();
const PasswordBody = z.object({ current: Text(256), next: Text(256) }).strict();

interface Issue {
  path: string;
  message: string;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
const refuse = (res: ServerResponse, status: number, error: string, extra: { issues?: Issue[]; retryAfterSeconds?: number } = {}, headers: Record<string, string> = {}) =>
  send(res, status, { error, ...extra }, headers);

function redirect(res: ServerResponse, status: 302 | 303, location: string, cookies: string[] = []) {
  res.writeHead(status, { ...SECURITY_HEADERS, Location: location, 'Cache-Control': 'no-store', ...(cookies.length ? { 'Set-Cookie': cookies } : {}) });
  res.end();
}
const signInPageWith = (words: string) => `/#/sign-in?error=${encodeURIComponent(words)}`;

const issuesOfZod = (error: z.ZodError): Issue[] => error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));

export interface AuthRoutes {
  /** Answers a request under /auth/; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  state(req: IncomingMessage): AuthState;
}

export function createAuthRoutes(options: AuthRoutesOptions): AuthRoutes {
  const accounts = options.accounts;
  const pending = createPendingSignIns<unknown>(options.now ?? Date.now);

  const sessionOf = (req: IncomingMessage) => {
    const id = readCookie(req, SESSION_COOKIE);
    const caller = id && accounts ? accounts.people.sessions.check(id) : null;
    return id && caller ? { id, caller } : undefined;
  };

  const state = (req: IncomingMessage): AuthState => {
    if (!accounts) return { signIn: 'token', needsSetup: false, signedIn: false };
    const session = sessionOf(req);
    const oidc = accounts.singleSignOn ? accounts.people.signInSettings.oidc() : null;
    return {
      signIn: 'accounts',
      needsSetup: accounts.people.accounts.needsFirstAdministrator(),
      signedIn: session !== undefined,
      ...(session ? { person: { name: session.caller.name, role: session.caller.role } } : {}),
      ...(oidc ? { sso: { label: oidc.buttonLabel } } : {}),
      fingerprint: accounts.fingerprint,
    };
  };

  /** The body of a POST, parsed with its schema; undefined when refused (the answer is sent). */
  async function bodyOf<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | undefined> {
    if (!options.isOwnOrigin(req.headers.origin, req.headers.host)) {
      req.resume();
      refuse(res, 403, 'This address only takes requests from the casebridge console it serves.');
      return undefined;
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      refuse(res, body.status, body.error);
      return undefined;
    }
    const parsed = schema.safeParse(body.value);
    if (!parsed.success) {
      const issues = issuesOfZod(parsed.error);
      refuse(res, 400, `The request is not right: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, { issues });
      return undefined;
    }
    return parsed.data;
  }

  const refusedCall = (res: ServerResponse, error: unknown) => {
    if (!(error instanceof CallRefusedError)) throw error;
    refuse(res, 400, error.message, error.issues ? { issues: error.issues } : {});
  };

  async function setup(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) {
    const body = await bodyOf(req, res, SetupBody);
    if (!body) return;
    if (!a.people.accounts.needsFirstAdministrator()) return refuse(res, 409, 'This server already has an administrator: sign in instead.');
    if (!a.setupCode.matches(body.code)) {
      options.report('warn', 'Someone entered a wrong setup code for the first administrator.');
      return refuse(res, 403, "That setup code is not right: use the one in the server's output from when it last started.", {
        issues: [{ path: 'code', message: 'not the code the server printed' }],
      });
    }
    let caller;
    try {
      caller = await a.people.accounts.createFirstAdministrator({ username: body.username, displayName: body.displayName, password: body.password });
    } catch (error) {
      return refusedCall(res, error);
    }
    a.setupCode.used();
    const session = a.people.sessions.start(caller, 'local');
    options.report('info', `${caller.name} set up this server as its first administrator.`);
    send(res, 200, { ok: true }, { 'Set-Cookie': sessionCookie(session.id) });
  }

  async function signIn(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) {
    const body = await bodyOf(req, res, SignInBody);
    if (!body) return;
    const outcome = await a.people.accounts.signIn(body.username, body.password);
    if (!outcome.ok) {
      if (outcome.kind === 'locked') {
        const retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterSeconds ?? 60));
        return refuse(res, 429, outcome.message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
      }
      return refuse(res, 401, outcome.message);
    }
    const session = a.people.sessions.start(outcome.caller, 'local');
    send(res, 200, { ok: true }, { 'Set-Cookie': sessionCookie(session.id) });
  }

  async function signOut(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>, everywhere: boolean) {
    if ((await bodyOf(req, res, z.object({}))) === undefined) return;
    const session = sessionOf(req);
    if (everywhere) {
      if (!session) return refuse(res, 401, NOT_SIGNED_IN);
      if (session.caller.accountId === undefined) return refuse(res, 400, 'This session has no account to sign out everywhere.');
      a.people.sessions.endAllFor(session.caller.accountId, 'you signed out everywhere');
    } else if (session) {
      a.people.sessions.end(session.id);
      a.sockets.closeSession(session.id, 'You signed out.');
    }
    send(res, 200, { ok: true }, { 'Set-Cookie': clearedSessionCookie() });
  }

  async function changePassword(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) {
    const body = await bodyOf(req, res, PasswordBody);
    if (!body) return;
    const session = sessionOf(req);
    if (!session) return refuse(res, 401, NOT_SIGNED_IN);
    if (session.caller.source !== 'local' || session.caller.accountId === undefined) {
      return refuse(res, 400, "You sign in through the council's identity provider: change your password there.");
    }
    try {
      await a.people.accounts.changeOwnPassword(session.caller.accountId, body.current, body.next);
    } catch (error) {
      return refusedCall(res, error);
    }
    send(res, 200, { ok: true });
  }

  async function ssoStart(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) {
    if (!a.singleSignOn || !a.people.signInSettings.oidc()) return redirect(res, 303, signInPageWith('Single sign-on is not switched on for this server.'));
    // The provider sends the person back to the name their browser used: the pending sign-in's cookie is there.
    const hostHeader = req.headers.host;
    if (!options.isOwnHost(hostHeader)) return refuse(res, 421, 'This server does not answer to that name: open the console at an address the server printed.');
    let begun;
    try {
      begun = await a.singleSignOn.begin(`https://${hostHeader!.toLowerCase()}/auth/sso/callback`);
    } catch (error) {
      options.report('warn', `Single sign-on could not start: ${(error as Error).message}`);
      return redirect(res, 303, signInPageWith("The council's identity provider could not be reached: try again, or sign in with a password."));
    }
    redirect(res, 302, begun.authorizationUrl, [ssoCookie(pending.add(begun.pending))]);
  }

  async function ssoCallback(req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) {
    const cleared = [clearedSsoCookie()];
    const waiting = pending.take(readCookie(req, SSO_COOKIE));
    if (!a.singleSignOn || waiting === undefined) {
      return redirect(res, 303, signInPageWith('That sign-in took too long, or was started in another browser: try again.'), cleared);
    }
    let finished;
    try {
      finished = await a.singleSignOn.finish(new URL(req.url ?? '/', 'https://casebridge.invalid'), waiting);
    } catch (error) {
      options.report('warn', `Single sign-on failed: ${(error as Error).message}`);
      finished = { ok: false as const, message: "The council's identity provider's answer could not be checked: try again." };
    }
    if (!finished.ok) return redirect(res, 303, signInPageWith(finished.message), cleared);
    const outcome = a.people.accounts.signInFromProvider({
      issuer: finished.issuer,
      subject: finished.subject,
      username: finished.username,
      displayName: finished.displayName,
      role: finished.role,
    });
    if (!outcome.ok) return redirect(res, 303, signInPageWith(outcome.message), cleared);
    const session = a.people.sessions.start(outcome.caller, 'oidc');
    redirect(res, 303, '/', [...cleared, sessionCookie(session.id)]);
  }

  type Route = (req: IncomingMessage, res: ServerResponse, a: NonNullable<typeof accounts>) => Promise<void>;
  const POSTS: Partial<Record<string, Route>> = {
    '/auth/setup': setup,
    '/auth/sign-in': signIn,
    '/auth/sign-out': (req, res, a) => signOut(req, res, a, false),
    '/auth/sign-out-everywhere': (req, res, a) => signOut(req, res, a, true),
    '/auth/password': changePassword,
  };
  const GETS: Partial<Record<string, Route>> = {
    '/auth/sso/start': ssoStart,
    '/auth/sso/callback': ssoCallback,
  };

  return {
    state,
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'https://casebridge.invalid').pathname;
      if (path !== '/auth' && !path.startsWith('/auth/')) return false;
      if (path === '/auth/state') {
        if (req.method !== 'GET') refuse(res, 405, 'Use GET for /auth/state.', {}, { Allow: 'GET' });
        else send(res, 200, state(req));
        return true;
      }
      const post = POSTS[path];
      const get = GETS[path];
      if (!accounts || (!post && !get)) {
        req.resume();
        refuse(res, 404, accounts ? `There is nothing at ${path}.` : 'This server has no sign-in: it serves one person on this machine, with the address it printed.');
        return true;
      }
      const wanted = post ? 'POST' : 'GET';
      if (req.method !== wanted) {
        req.resume();
        refuse(res, 405, `Use ${wanted} for ${path}.`, {}, { Allow: wanted });
        return true;
      }
      (post ?? get)!(req, res, accounts).catch((error: unknown) => {
        options.report('warn', `A sign-in request to ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) refuse(res, 500, 'The server could not finish that: try again, and tell your IT team if it keeps happening.');
        else res.destroy();
      });
      return true;
    },
  };
}
