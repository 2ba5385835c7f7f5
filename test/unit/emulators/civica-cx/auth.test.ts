import { describe, expect, it } from 'vitest';
import { BAD_CREDENTIALS_MESSAGE, DEMO_USER, NO_API_USER } from '../../../emulators/civica-cx/index';
import { call, client, emulator, signIn, testClock } from './helpers';

describe('sign-in (POST /api/v1/token)', () => {
  it('answers a token and its expiry (London time, whole seconds) for the right password', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00.250Z'));
    const reply = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json).sort()).toEqual(['expiresAt', 'token']);
    expect(reply.json.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(reply.json.expiresAt).toBe('2024-07-03T12:15:00+01:00'); // one hour, BST
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('date')).toBe('Wed, 03 Jul 2024 10:15:00 GMT');
    const second = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    expect(second.json.token).not.toBe(reply.json.token);
  });

  it('answers 401 alike for a wrong password and an unknown user, so usernames cannot be probed', async () => {
    const { emu } = await emulator();
    const wrong = await call(emu, 'POST', '/api/v1/token', { json: { username: DEMO_USER.username, password: 'nope' } });
    const unknown = await call(emu, 'POST', '/api/v1/token', { json: { username: 'nobody', password: 'nope' } });
    const caseDiffers = await call(emu, 'POST', '/api/v1/token', { json: { username: DEMO_USER.username, password: DEMO_USER.password.toUpperCase() } });
    for (const reply of [wrong, unknown, caseDiffers]) {
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ code: 'BAD_CREDENTIALS', message: BAD_CREDENTIALS_MESSAGE });
    }
  });

  it('refuses a user without API permission with 403, even with the right password', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'POST', '/api/v1/token', { json: NO_API_USER });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ code: 'API_PERMISSION_REQUIRED', message: `User ${NO_API_USER.username} does not have API permission` });
    // The wrong password still says only "bad credentials": permission is not revealed first.
    expect((await call(emu, 'POST', '/api/v1/token', { json: { ...NO_API_USER, password: 'x' } })).status).toBe(401);
  });

  it('validates the body: 415 for a non-JSON type, 400 for bad JSON or missing fields, 405 for GET', async () => {
    const { emu } = await emulator();
    const form = await call(emu, 'POST', '/api/v1/token', { body: 'username=a&password=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const bad = await call(emu, 'POST', '/api/v1/token', { body: '{"username":', headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/^The body is not JSON/);
    const missing = await call(emu, 'POST', '/api/v1/token', { json: { username: 'a' } });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual({ password: 'is required' });
    expect((await call(emu, 'POST', '/api/v1/token', { json: ['a', 'b'] })).status).toBe(400);
    const get = await call(emu, 'GET', '/api/v1/token');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('bearer tokens', () => {
  it('answer 401 INVALID_TOKEN without a token, with a malformed header or an unknown token', async () => {
    const { emu } = await emulator();
    for (const headers of [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer' }, { Authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
      const reply = await call(emu, 'GET', '/api/v1/companies', { headers });
      expect(reply.status).toBe(401);
      expect(reply.json.code).toBe('INVALID_TOKEN');
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="Cx", error="invalid_token"/);
    }
    // Authentication comes before routing: an unknown path without a token is 401, not 404.
    expect((await call(emu, 'GET', '/api/v1/NOPE/contacts')).status).toBe(401);
  });

  it('work until the last millisecond before expiresAt, then answer 401 TOKEN_EXPIRED; a new sign-in works', async () => {
    const { emu, clock } = await emulator({ tokenLifetimeSeconds: 600 }, testClock('2024-07-03T10:15:00.000Z'));
    const api = await client(emu);
    clock.set('2024-07-03T10:24:59.999Z');
    expect((await api.get('/companies')).status).toBe(200);
    clock.set('2024-07-03T10:25:00.000Z');
    const expired = await api.get('/companies');
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ code: 'TOKEN_EXPIRED', message: 'The access token expired' });
    expect(expired.headers.get('www-authenticate')).toContain('error_description="The access token expired"');
    const fresh = await signIn(emu);
    expect((await call(emu, 'GET', '/api/v1/companies', { token: fresh })).status).toBe(200);
  });

  it('stop working when the user changes password, is removed, or loses API permission', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.addUser({ ...DEMO_USER, apiAccess: false });
    const denied = await api.get('/companies');
    expect(denied.status).toBe(403);
    expect(denied.json.code).toBe('API_PERMISSION_REQUIRED');
    emu.addUser({ ...DEMO_USER });
    expect((await api.get('/companies')).status).toBe(200);
    emu.addUser({ ...DEMO_USER, password: 'rotated' });
    expect((await api.get('/companies')).json.code).toBe('INVALID_TOKEN');
    const again = await signIn(emu, { ...DEMO_USER, password: 'rotated' });
    emu.removeUser(DEMO_USER.username);
    expect((await call(emu, 'GET', '/api/v1/companies', { token: again })).status).toBe(401);
  });

  it('expireTokens() ends every session at once', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.expireTokens();
    expect((await api.get('/companies')).json.code).toBe('TOKEN_EXPIRED');
  });
});

describe('company roles', () => {
  it('lists only the companies the user can see, and answers 403 for another', async () => {
    const { emu } = await emulator({ users: [{ username: 'nbl.only', password: 'pw', companies: ['NBL'] }] });
    const token = await signIn(emu, { username: 'nbl.only', password: 'pw' });
    const companies = await call(emu, 'GET', '/api/v1/companies', { token });
    expect(companies.json).toEqual([{ companyCode: 'NBL', name: 'Northbridge Leasehold Services' }]);
    expect(companies.headers.get('x-total-count')).toBe('1');
    const other = await call(emu, 'GET', `/api/v1/NBH/contacts?surname=Smith`, { token });
    expect(other.status).toBe(403);
    expect(other.json.code).toBe('COMPANY_NOT_PERMITTED');
    expect((await call(emu, 'GET', '/api/v1/ZZZ/contacts?surname=Smith', { token })).status).toBe(404);
  });
});
