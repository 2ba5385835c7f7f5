/**
 * The host over HTTPS (accounts mode), against a real server on 127.0.0.1 with a self-signed
 * certificate and the real engine's accounts and sessions (an administrator's changes made through
 * the contract), driven as a browser would: the sign-in routes, the session cookie, the WebSocket
 * that the cookie opens and a session's end closes, and single sign-on against a real provider.
 */
import { request } from 'node:https';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SingleSignOnFlow } from '../../../electron/host/auth-routes';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { createSingleSignOn } from '../../../electron/host/single-sign-on';
import { loadTls } from '../../../electron/host/tls';
import { CLOSE_CODES } from '../../../shared/wire';
import { closeOf, collectFrames, openConsoleSocket, until } from '../../support/console-socket';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../support/engine';
import { startTestProvider, visitProvider, type RunningTestProvider } from '../../support/oidc-provider';
import { LIGHT_SCRYPT } from '../../support/people';
import { FAILURES_BEFORE_LOCK } from '../../../electron/engine/people/lockout';
import type { Role, SignInSettingsInput } from '../../../shared/domain/people';

let t: TestEngine;
let host: RunningHost;
const IDLE_MINUTES = 30;
const { value } = contractCallsOf(() => t);

/** What an administrator does on the Accounts page, through the contract as the person at the desk. */
const admin = {
  async addAccount(input: { username: string; displayName: string; role: Role; password: string }): Promise<number> {
    return ((await value('createAccount', input)) as { id: number }).id;
  },
  setRole: (id: number, role: Role) => value('updateAccount', { id, role }),
  disable: (id: number) => value('updateAccount', { id, disabled: true }),
  saveSignInSettings: (input: SignInSettingsInput) => value('saveSignInSettings', input),
};

async function start(singleSignOn?: SingleSignOnFlow) {
  const rendererDir = join(t.dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>casebridge</title>');
  const tls = await loadTls({ kind: 'self-signed' }, { dataDir: t.dataDir, bindHost: '127.0.0.1', now: new Date(t.clock.millis()) });
  return startHost({ engine: t.engine, rendererDir, host: '127.0.0.1', port: 0, tls, ...(singleSignOn ? { singleSignOn } : {}), now: () => t.clock.millis() });
}

beforeEach(async () => {
  t = startTestEngine({ people: { scrypt: LIGHT_SCRYPT, sessionTimeouts: { idleMinutes: IDLE_MINUTES, absoluteHours: 12 } } });
  host = await start();
});
afterEach(async () => {
  await host.close();
  await t.dispose();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

interface Send {
  method?: string;
  body?: unknown;
  origin?: string | null;
  contentType?: string | null;
  cookie?: string;
  raw?: string;
  /** The Host header, as a browser that reached this server by another name sends it. */
  hostHeader?: string;
}

/** A request as the console's page would make it: its own Origin, JSON, the cookie it holds. */
function send(path: string, options: Send = {}): Promise<Answer> {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {};
  const origin = options.origin === undefined ? host.origin : options.origin;
  if (origin) headers.origin = origin;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType && body !== undefined) headers['content-type'] = contentType;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.hostHeader) headers.host = options.hostHeader;
  return new Promise((resolve, reject) => {
    // Loopback only, against the test's own self-signed certificate.
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, rejectUnauthorized: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const cookieOf = (answer: Answer, name = 'casebridge_session') => {
  const line = ([] as string[]).concat(answer.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
  return { line, pair: line?.split(';')[0] };
};

async function setUp() {
  const answer = await send('/auth/setup', { body: { code: host.setupCode(), username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' } });
  expect(answer.status).toBe(200);
  return cookieOf(answer).pair!;
}

async function signIn(username: string, password: string) {
  const answer = await send('/auth/sign-in', { body: { username, password } });
  expect(answer.status).toBe(200);
  return cookieOf(answer).pair!;
}

async function call(ws: WebSocket, frames: ReturnType<typeof collectFrames>, id: number, name: string, input: unknown = {}) {
  ws.send(JSON.stringify({ type: 'call', id, name, input }));
  return until(() => frames.find((f) => f.type === 'result' && f.id === id), `the answer to ${name}`);
}

describe('the server over HTTPS, with accounts', () => {
  it('says it signs people in, needs its first administrator, and its fingerprint', async () => {
    expect(host.consoleUrl).toBe(`https://127.0.0.1:${host.port}/`);
    expect(host.token).toBeUndefined();
    const state = await send('/auth/state');
    expect(state.json).toEqual({ signIn: 'accounts', needsSetup: true, signedIn: false, fingerprint: host.fingerprint });
    expect(host.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(state.headers['cache-control']).toBe('no-store');
    expect(state.headers['x-content-type-options']).toBe('nosniff');
  });

  it('takes the setup code once only, and a wrong code never', async () => {
    const code = host.setupCode()!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const wrong = await send('/auth/setup', { body: { code: 'AAAA-AAAA-AAAA', username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json).toMatchObject({ error: expect.stringContaining('setup code is not right'), issues: [{ path: 'code' }] });
    expect(t.engine.people.accounts.needsFirstAdministrator()).toBe(true);
    const tooShort = await send('/auth/setup', { body: { code: code.toLowerCase(), username: 'admin', displayName: 'Alex Admin', password: 'short' } });
    expect(tooShort).toMatchObject({ status: 400, json: { issues: [{ path: 'password' }] } });
    expect(host.setupCode()).toBe(code);
    const cookie = await setUp();
    expect(cookie).toMatch(/^casebridge_session=[A-Za-z0-9_-]{43}$/);
    expect(host.setupCode()).toBeUndefined();
    const again = await send('/auth/setup', { body: { code, username: 'eve', displayName: 'Eve', password: 'correct horse battery' } });
    expect(again).toMatchObject({ status: 409, json: { error: 'This server already has an administrator: sign in instead.' } });
    expect((await send('/auth/state', { cookie })).json).toMatchObject({ needsSetup: false, signedIn: true, person: { name: 'Alex Admin', role: 'administrator' } });
  });

  it('signs in with a session cookie that is HttpOnly, Secure, SameSite=Strict, for the whole site', async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const answer = await send('/auth/sign-in', { body: { username: 'sam', password: 'sams own password' } });
    expect(answer).toMatchObject({ status: 200, json: { ok: true } });
    expect(cookieOf(answer).line).toMatch(/^casebridge_session=[A-Za-z0-9_-]+; HttpOnly; Secure; SameSite=Strict; Path=\/$/);
    const wrong = await send('/auth/sign-in', { body: { username: 'sam', password: 'not it at all' } });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'That user name and password do not match an enabled account.' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a POST from another Origin, one that is not JSON, too large or malformed, saying what', async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const body = { username: 'sam', password: 'sams own password' };
    expect(await send('/auth/sign-in', { body, origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      json: { error: expect.stringContaining('only takes requests from the casebridge console') },
    });
    expect(await send('/auth/sign-in', { body, origin: null })).toMatchObject({ status: 403 });
    expect(await send('/auth/sign-in', { body, origin: `http://127.0.0.1:${host.port}` })).toMatchObject({ status: 403 });
    expect(await send('/auth/sign-in', { body, contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415 });
    expect(await send('/auth/sign-in', { raw: JSON.stringify({ username: 'sam', password: 'x'.repeat(20_000) }) })).toMatchObject({ status: 413 });
    expect(await send('/auth/sign-in', { raw: '{"username":' })).toMatchObject({ status: 400, json: { error: expect.stringContaining('not valid JSON') } });
    expect(await send('/auth/sign-in', { body: { username: 'sam', password: 5 } })).toMatchObject({ status: 400, json: { issues: [{ path: 'password' }] } });
    expect(await send('/auth/sign-in', { method: 'GET' })).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect(await send('/auth/nothing-here')).toMatchObject({ status: 404 });
  });

  it('answers 429 with when to try again once an account is locked', async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const guess = () => send('/auth/sign-in', { body: { username: 'sam', password: 'a wrong guess' } });
    for (let i = 1; i < FAILURES_BEFORE_LOCK; i++) expect((await guess()).status).toBe(401);
    // The failure that locks the account already answers 429; so does the right password while it lasts.
    expect(await guess()).toMatchObject({ status: 429, json: { retryAfterSeconds: 60 } });
    t.clock.advance(15_000);
    const locked = await send('/auth/sign-in', { body: { username: 'sam', password: 'sams own password' } });
    expect(locked).toMatchObject({ status: 429, json: { error: expect.stringContaining('locked'), retryAfterSeconds: 45 } });
    expect(locked.headers['retry-after']).toBe('45');
    expect(locked.headers['set-cookie']).toBeUndefined();
  });

  it('opens the WebSocket only with a session cookie, and runs calls as that person', async () => {
    await expect(openConsoleSocket(host)).rejects.toThrow(/401/);
    await expect(openConsoleSocket(host, { cookie: 'casebridge_session=made-up' })).rejects.toThrow(/401/);
    const cookie = await setUp();
    await expect(openConsoleSocket(host, { cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const ws = await openConsoleSocket(host, { cookie });
    const frames = collectFrames(ws);
    expect(await call(ws, frames, 1, 'whoAmI')).toMatchObject({ result: { ok: true, value: { name: 'Alex Admin', role: 'administrator', source: 'local' } } });
    ws.close();
  });

  it('makes each call as the person is now, and a new role signs them out, with 4401 and why', async () => {
    const id = await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const ws = await openConsoleSocket(host, { cookie: await signIn('sam', 'sams own password') });
    const frames = collectFrames(ws);
    expect(await call(ws, frames, 1, 'whoAmI')).toMatchObject({ result: { ok: true, value: { name: 'Sam Patel', role: 'support' } } });
    await value('updateAccount', { id, displayName: 'Samira Patel' });
    expect(await call(ws, frames, 2, 'whoAmI')).toMatchObject({ result: { ok: true, value: { name: 'Samira Patel', role: 'support' } } });
    const closed = closeOf(ws);
    await admin.setRole(id, 'viewer');
    expect(await closed).toEqual({ code: CLOSE_CODES.signedOut, reason: `Your role was changed to Viewer by ${t.engine.localCaller.name}; sign in again.` });
    const again = await openConsoleSocket(host, { cookie: await signIn('sam', 'sams own password') });
    const framesAgain = collectFrames(again);
    expect(await call(again, framesAgain, 1, 'retryJob', { id: 1 })).toMatchObject({ result: { ok: false, error: { code: 'forbidden' } } });
    again.close();
  });

  it('closes the sockets of an account that is disabled at once, with 4401 and why, and refuses its next call', async () => {
    const id = await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const cookie = await signIn('sam', 'sams own password');
    const [a, b] = [await openConsoleSocket(host, { cookie }), await openConsoleSocket(host, { cookie: await signIn('sam', 'sams own password') })];
    const closed = [closeOf(a), closeOf(b)];
    await admin.disable(id);
    const why = `Your account was disabled by ${t.engine.localCaller.name}.`;
    expect(await Promise.all(closed)).toEqual([
      { code: CLOSE_CODES.signedOut, reason: why },
      { code: CLOSE_CODES.signedOut, reason: why },
    ]);
    await expect(openConsoleSocket(host, { cookie })).rejects.toThrow(/401/);
    expect((await send('/auth/state', { cookie })).json).toMatchObject({ signedIn: false });
  });

  it('closes a socket whose session ended without a word (timed out), at its next call', async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const cookie = await signIn('sam', 'sams own password');
    const ws = await openConsoleSocket(host, { cookie });
    const frames = collectFrames(ws);
    const closed = closeOf(ws);
    // A timeout tells no listener: the session is simply past its idle time at the next check.
    t.clock.advance((IDLE_MINUTES + 1) * 60_000);
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'whoAmI', input: {} }));
    expect(await closed).toEqual({ code: CLOSE_CODES.signedOut, reason: 'Your session has ended: sign in again.' });
    expect(frames.filter((f) => f.type === 'result')).toEqual([]);
  });

  it('closes a console left open once its session has lapsed, without keeping an active one from its calls', async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const idle = await signIn('sam', 'sams own password');
    const busy = await signIn('sam', 'sams own password');
    const [idleSocket, busySocket] = [await openConsoleSocket(host, { cookie: idle }), await openConsoleSocket(host, { cookie: busy })];
    const frames = collectFrames(busySocket);
    const closed = closeOf(idleSocket);
    // The busy console calls part way through; the idle one is then past its idle time.
    t.clock.advance(20 * 60_000);
    await call(busySocket, frames, 1, 'whoAmI');
    t.clock.advance((IDLE_MINUTES - 20 + 1) * 60_000);
    host.sweepSessions();
    expect(await closed).toEqual({ code: CLOSE_CODES.signedOut, reason: 'Your session has ended: sign in again.' });
    expect(busySocket.readyState).toBe(WebSocket.OPEN);
    busySocket.close();
  });

  it("signs out: that session's sockets close, the cookie is cleared, another session stays", async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const here = await signIn('sam', 'sams own password');
    const there = await signIn('sam', 'sams own password');
    const [mine, other] = [await openConsoleSocket(host, { cookie: here }), await openConsoleSocket(host, { cookie: there })];
    const closed = closeOf(mine);
    const out = await send('/auth/sign-out', { body: {}, cookie: here });
    expect(out.status).toBe(200);
    expect(cookieOf(out).line).toBe('casebridge_session=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0');
    expect(await closed).toEqual({ code: CLOSE_CODES.signedOut, reason: 'You signed out.' });
    expect(other.readyState).toBe(WebSocket.OPEN);
    const otherClosed = closeOf(other);
    expect((await send('/auth/sign-out-everywhere', { raw: '', cookie: there })).status).toBe(200);
    expect(await otherClosed).toEqual({ code: CLOSE_CODES.signedOut, reason: 'You signed out everywhere.' });
    expect((await send('/auth/sign-out-everywhere', { body: {}, cookie: there })).status).toBe(401);
  });

  it("changes the person's own password, saying which field is wrong", async () => {
    await admin.addAccount({ username: 'sam', displayName: 'Sam Patel', role: 'support', password: 'sams own password' });
    const cookie = await signIn('sam', 'sams own password');
    expect(await send('/auth/password', { body: { current: 'sams own password', next: 'short' }, cookie })).toMatchObject({ status: 400, json: { issues: [{ path: 'next' }] } });
    expect(await send('/auth/password', { body: { current: 'wrong', next: 'a much longer one' }, cookie })).toMatchObject({ status: 400, json: { issues: [{ path: 'current' }] } });
    expect(await send('/auth/password', { body: { current: 'sams own password', next: 'a much longer one' } })).toMatchObject({ status: 401 });
    expect(await send('/auth/password', { body: { current: 'sams own password', next: 'a much longer one' }, cookie })).toMatchObject({ status: 200 });
    await signIn('sam', 'a much longer one');
  });
});

describe('single sign-on', () => {
  const oidc = {
    issuer: 'https://idp.example',
    clientId: 'cb',
    clientSecret: 's',
    groupsClaim: 'groups',
    groupRoles: [{ group: 'cb-support', role: 'support' as const }],
    buttonLabel: 'Sign in with Borough ID',
  };
  const flow = (outcome: Awaited<ReturnType<SingleSignOnFlow['finish']>>) => {
    const seen: unknown[] = [];
    const f: SingleSignOnFlow = {
      begin: async (redirectUrl) => {
        seen.push({ redirectUrl });
        return { authorizationUrl: 'https://idp.example/authorize?state=abc', pending: { state: 'abc', verifier: 'v' } };
      },
      finish: async (url, pending) => {
        seen.push({ url: url.search, pending });
        return outcome;
      },
    };
    return { f, seen };
  };
  const person = {
    ok: true as const,
    issuer: 'https://idp.example',
    subject: 'sub-1',
    username: 'jo@council.example',
    displayName: 'Jo Smith',
    groups: ['cb-support'],
    role: 'support' as const,
  };

  async function restartWith(f: SingleSignOnFlow) {
    await host.close();
    host = await start(f);
  }

  it('offers its button, sends the browser to the provider with a Lax cookie, and signs the person in on the way back', async () => {
    const { f, seen } = flow(person);
    await restartWith(f);
    expect((await send('/auth/state')).json).not.toHaveProperty('sso');
    await admin.saveSignInSettings({ enabled: true, ...oidc });
    expect((await send('/auth/state')).json).toMatchObject({ sso: { label: 'Sign in with Borough ID' } });
    const started = await send('/auth/sso/start');
    expect(started.status).toBe(302);
    expect(started.headers.location).toBe('https://idp.example/authorize?state=abc');
    const pending = cookieOf(started, 'casebridge_sso');
    expect(pending.line).toMatch(/^casebridge_sso=[A-Za-z0-9_-]+; HttpOnly; Secure; SameSite=Lax; Path=\/auth\/sso; Max-Age=600$/);
    const back = await send('/auth/sso/callback?code=xyz&state=abc', { cookie: pending.pair! });
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/');
    // The provider is asked to send the person back to the name their browser used.
    expect(seen).toEqual([{ redirectUrl: `https://127.0.0.1:${host.port}/auth/sso/callback` }, { url: '?code=xyz&state=abc', pending: { state: 'abc', verifier: 'v' } }]);
    const cookie = cookieOf(back).pair!;
    expect((await send('/auth/state', { cookie })).json).toMatchObject({ signedIn: true, person: { name: 'Jo Smith', role: 'support' } });
    // The pending sign-in is used once.
    const replay = await send('/auth/sso/callback?code=xyz&state=abc', { cookie: pending.pair! });
    expect(replay.headers.location).toMatch(/^\/#\/sign-in\?error=That%20sign-in%20took%20too%20long/);
  });

  it('sends the person back to sign-in with the words, when the provider refuses, the sign-in is too old, or single sign-on is off', async () => {
    const { f, seen } = flow({ ok: false, message: 'None of your groups is given a role in casebridge.' });
    await restartWith(f);
    expect((await send('/auth/sso/start')).headers.location).toBe(`/#/sign-in?error=${encodeURIComponent('Single sign-on is not switched on for this server.')}`);
    await admin.saveSignInSettings({ enabled: true, ...oidc });
    const pending = cookieOf(await send('/auth/sso/start'), 'casebridge_sso').pair!;
    // A name this server does not answer to (DNS rebinding) is not sent on to the provider.
    const foreign = await send('/auth/sso/start', { hostHeader: `rebound.example:${host.port}` });
    expect(foreign).toMatchObject({ status: 421, json: { error: expect.stringContaining('does not answer to that name') } });
    expect(cookieOf(foreign, 'casebridge_sso').line).toBeUndefined();
    // Another of its own names: the provider is asked to send the person back there.
    const viaLocalhost = await send('/auth/sso/start', { hostHeader: `LocalHost:${host.port}` });
    expect(viaLocalhost.status).toBe(302);
    expect(seen).toContainEqual({ redirectUrl: `https://localhost:${host.port}/auth/sso/callback` });
    const refused = await send('/auth/sso/callback?code=1', { cookie: pending });
    expect(refused.headers.location).toBe(`/#/sign-in?error=${encodeURIComponent('None of your groups is given a role in casebridge.')}`);
    expect(cookieOf(refused).line).toBeUndefined();
    const late = cookieOf(await send('/auth/sso/start'), 'casebridge_sso').pair!;
    t.clock.advance(601_000);
    expect((await send('/auth/sso/callback?code=1', { cookie: late })).headers.location).toMatch(/took%20too%20long/);
  });
});

describe('single sign-on through the host, against a real identity provider', () => {
  let provider: RunningTestProvider;
  const callbackUrl = () => `https://127.0.0.1:${host.port}/auth/sso/callback`;

  beforeEach(async () => {
    await host.close();
    // As cli.ts wires it: the settings read at every sign-in (the provider's tokens are on real time).
    host = await start(createSingleSignOn({ config: () => t.engine.people.signInSettings.oidc() }));
    provider = await startTestProvider({
      people: {
        sam: { groups: ['all-staff', 'casebridge-support'], name: 'Sam Patel', preferred_username: 'sam.patel@council.example' },
        jo: { groups: ['finance'], name: 'Jo Bloggs', preferred_username: 'jo@council.example' },
      },
      redirectUris: [callbackUrl()],
    });
    await admin.saveSignInSettings({
      enabled: true,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupsClaim: 'groups',
      groupRoles: [{ group: 'casebridge-support', role: 'support' }],
      buttonLabel: 'Sign in with Borough ID',
    });
  });
  afterEach(async () => {
    await provider.close();
  });

  /** /auth/sso/start, the person at the provider's pages, and the provider's redirect back to the host. */
  async function signInThroughProvider(login: string) {
    const started = await send('/auth/sso/start');
    expect(started.status).toBe(302);
    const pending = cookieOf(started, 'casebridge_sso').pair!;
    const back = await visitProvider(started.headers.location as string, { login });
    expect(back.origin + back.pathname).toBe(callbackUrl());
    return send(back.pathname + back.search, { cookie: pending });
  }

  it('signs a person in a mapped group in with that role, from the settings saved on the Accounts page', async () => {
    expect((await send('/auth/state')).json).toMatchObject({ sso: { label: 'Sign in with Borough ID' } });
    const landed = await signInThroughProvider('sam');
    expect(landed).toMatchObject({ status: 303, headers: { location: '/' } });
    const cookie = cookieOf(landed).pair!;
    expect((await send('/auth/state', { cookie })).json).toMatchObject({ signedIn: true, person: { name: 'Sam Patel', role: 'support' } });
    const ws = await openConsoleSocket(host, { cookie });
    const frames = collectFrames(ws);
    expect(await call(ws, frames, 1, 'whoAmI')).toMatchObject({
      result: { ok: true, value: { name: 'Sam Patel', role: 'support', source: 'oidc', username: 'sam.patel@council.example' } },
    });
    ws.close();
    expect(await value('listAccounts')).toEqual([expect.objectContaining({ username: 'sam.patel@council.example', source: 'oidc', role: 'support' })]);
  });

  it('sends a person in no mapped group back to sign-in with the words, and signs no one in', async () => {
    const refused = await signInThroughProvider('jo');
    expect(refused.status).toBe(303);
    const location = refused.headers.location as string;
    expect(location).toMatch(/^\/#\/sign-in\?error=/);
    expect(decodeURIComponent(location.slice('/#/sign-in?error='.length))).toContain(
      'Your account is in none of the groups casebridge accepts (your identity provider sent finance)',
    );
    expect(cookieOf(refused).line).toBeUndefined();
    expect(await value('listAccounts')).toEqual([]);
  });

  it('offers no button and starts nothing once single sign-on is switched off', async () => {
    await admin.saveSignInSettings({ enabled: false, issuer: provider.issuer, clientId: provider.clientId, groupRoles: [] });
    expect((await send('/auth/state')).json).not.toHaveProperty('sso');
    expect((await send('/auth/sso/start')).headers.location).toBe(`/#/sign-in?error=${encodeURIComponent('Single sign-on is not switched on for this server.')}`);
  });
});

describe('the plain-HTTP loopback server', () => {
  it('says it has no sign-in', async () => {
    await host.close();
    host = await startHost({ engine: t.engine, rendererDir: t.dataDir, host: '127.0.0.1', port: 0 });
    const { get } = await import('node:http');
    const json = await new Promise<unknown>((resolve, reject) =>
      get({ host: '127.0.0.1', port: host.port, path: '/auth/state' }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      }).on('error', reject),
    );
    expect(json).toEqual({ signIn: 'token', needsSetup: false, signedIn: false });
    expect(host.setupCode()).toBeUndefined();
  });
});
