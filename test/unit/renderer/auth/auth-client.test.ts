import { describe, expect, it } from 'vitest';
import { issuesByField, postAuth, readAuthState, tryAgainIn, type FetchLike } from '../../../../renderer/src/auth/auth-client';

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fetch that records what it was asked and answers `response`. */
function fetchAnswering(response: Response | Error) {
  const asked: { path: string; init?: RequestInit }[] = [];
  const fetchFn: FetchLike = (path, init) => {
    asked.push({ path, ...(init ? { init } : {}) });
    return response instanceof Error ? Promise.reject(response) : Promise.resolve(response);
  };
  return { fetchFn, asked };
}

describe("the server's sign-in state", () => {
  it('is read when it is in the agreed shape', async () => {
    const state = { signIn: 'accounts', needsSetup: false, signedIn: false, sso: { label: 'Sign in with Northbridge' }, fingerprint: 'AB:CD' };
    expect(await readAuthState(fetchAnswering(json(200, state)).fetchFn)).toEqual(state);
  });

  it('is taken as token mode when the host has no such route, answers something else, or cannot be reached', async () => {
    expect(await readAuthState(fetchAnswering(new Response('Not found', { status: 404 })).fetchFn)).toBeNull();
    expect(await readAuthState(fetchAnswering(new Response('<html>', { status: 200 })).fetchFn)).toBeNull();
    expect(await readAuthState(fetchAnswering(json(200, { signIn: 'magic' })).fetchFn)).toBeNull();
    expect(await readAuthState(fetchAnswering(new TypeError('Failed to fetch')).fetchFn)).toBeNull();
  });
});

describe('posting to the sign-in routes', () => {
  it('sends JSON and answers ok', async () => {
    const { fetchFn, asked } = fetchAnswering(json(200, { ok: true }));
    expect(await postAuth('/auth/sign-in', { username: 'jbloggs', password: 'pw' }, fetchFn)).toEqual({ ok: true });
    expect(asked[0]!.path).toBe('/auth/sign-in');
    expect(asked[0]!.init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"jbloggs","password":"pw"}' });
  });

  it("passes on the server's words, with a lock's time left", async () => {
    const refused = await postAuth('/auth/sign-in', {}, fetchAnswering(json(401, { error: 'That user name and password do not match an enabled account.' })).fetchFn);
    expect(refused).toEqual({ ok: false, message: 'That user name and password do not match an enabled account.' });
    const locked = await postAuth('/auth/sign-in', {}, fetchAnswering(json(429, { error: 'Too many failed sign-ins: this account is locked.', retryAfterSeconds: 290 })).fetchFn);
    expect(locked).toEqual({ ok: false, message: 'Too many failed sign-ins: this account is locked. Try again in 5 minutes.', retryAfterSeconds: 290 });
  });

  it('keeps the issues the server found, by field', async () => {
    const answer = await postAuth(
      '/auth/password',
      {},
      fetchAnswering(json(400, { error: 'The new password needs correcting.', issues: [{ path: 'next', message: 'at least 12 characters' }] })).fetchFn,
    );
    expect(answer.ok).toBe(false);
    expect(issuesByField(!answer.ok ? answer.issues : undefined)).toEqual({ next: 'at least 12 characters' });
  });

  it('says so in words when the server gives no reason or cannot be reached', async () => {
    const bare = await postAuth('/auth/sign-out', {}, fetchAnswering(new Response('Bad gateway', { status: 502 })).fetchFn);
    expect(bare).toEqual({ ok: false, message: expect.stringContaining('HTTP 502 and gave no reason') });
    const unreachable = await postAuth('/auth/sign-out', {}, fetchAnswering(new TypeError('Failed to fetch')).fetchFn);
    expect(unreachable).toEqual({ ok: false, message: expect.stringContaining('The server could not be reached (Failed to fetch)') });
  });

  it('puts a time left in words', () => {
    expect(tryAgainIn(0.2)).toBe('Try again in 1 second.');
    expect(tryAgainIn(45)).toBe('Try again in 45 seconds.');
    expect(tryAgainIn(60)).toBe('Try again in 1 minute.');
    expect(tryAgainIn(61)).toBe('Try again in 2 minutes.');
  });
});
