/**
 * The account and single sign-on calls as consoles make them (through dispatchCall, input checked,
 * permission checked): an administrator adds, changes, disables and resets accounts, every change
 * recorded with their name; refusals say why on the field that caused them; nobody can leave the
 * server without an enabled administrator; the client secret is stored as a secret and only ever
 * answered as set or not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { Caller } from '../../../../shared/domain/people';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { accountsLog, firstAdministrator, startPeopleEngine } from '../../../support/people';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

const call = (caller: Caller, name: CallName, input?: unknown) => dispatchCall(t.engine.handlers, name, input, caller) as Promise<CallResult<any>>;
async function value(caller: Caller, name: CallName, input?: unknown) {
  const result = await call(caller, name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
}

const SAM = { username: 'sam.patel', displayName: 'Sam Patel', role: 'support', password: 'sam patel password' };

describe('accounts, as an administrator manages them', () => {
  it('are added with a password that signs in, listed, and recorded with who added them', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    t.clock.set('2026-06-15T09:00:00Z');
    const sam = await value(alex, 'createAccount', { ...SAM, username: 'Sam.Patel' });
    expect(sam).toEqual({
      id: 2,
      username: 'sam.patel',
      displayName: 'Sam Patel',
      role: 'support',
      source: 'local',
      disabled: false,
      createdAt: '2026-06-15T10:00:00.000+01:00',
      createdBy: 'Alex Admin',
    });
    expect((await value(alex, 'listAccounts')).map((a: { username: string }) => a.username)).toEqual(['alex', 'sam.patel']);
    expect((await t.engine.people.accounts.signIn('sam.patel', SAM.password)).ok).toBe(true);
    expect(accountsLog(t)).toContain('Alex Admin created the account Sam Patel (sam.patel) as support.');
    expect(accountsLog(t).join('\n')).not.toContain(SAM.password);
  });

  it('refuse a user name taken in any case, on the username field', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    await value(alex, 'createAccount', SAM);
    const again = await call(alex, 'createAccount', { ...SAM, username: 'SAM.PATEL', displayName: 'Another Sam' });
    expect(again).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: "The user name sam.patel is taken by Sam Patel's account; choose another.",
        issues: [{ path: 'username', message: 'already taken' }],
      },
    });
    const weak = await call(alex, 'createAccount', { ...SAM, username: 'kim', password: 'short' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'password', message: 'at least 12 characters' }] } });
    expect(JSON.stringify(weak)).not.toContain('short"');
  });

  it('are only for administrators: a support person is refused before anything is read', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    await value(alex, 'createAccount', SAM);
    const signedIn = await t.engine.people.accounts.signIn('sam.patel', SAM.password);
    const sam = signedIn.ok ? signedIn.caller : alex;
    for (const name of ['listAccounts', 'createAccount', 'updateAccount', 'resetAccountPassword', 'getSignInSettings', 'saveSignInSettings'] as const) {
      expect(await call(sam, name, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await value(sam, 'whoAmI')).toMatchObject({ name: 'Sam Patel', role: 'support', source: 'local', username: 'sam.patel', signedIn: true });
  });

  it('are renamed, given another role and disabled, each recorded, and the account’s consoles signed out with the reason', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    const { id } = await value(alex, 'createAccount', SAM);
    const ended: string[] = [];
    t.engine.people.sessions.onEnded((_account, why) => ended.push(why));

    expect(await value(alex, 'updateAccount', { id, displayName: 'Sam Patel-Jones' })).toMatchObject({ displayName: 'Sam Patel-Jones', role: 'support' });
    expect(ended).toEqual([]);
    expect(await value(alex, 'updateAccount', { id, role: 'viewer' })).toMatchObject({ role: 'viewer' });
    expect(await value(alex, 'updateAccount', { id, disabled: true })).toMatchObject({ disabled: true });
    expect(ended).toEqual(['your role was changed to Viewer by Alex Admin; sign in again', 'your account was disabled by Alex Admin']);
    expect(await value(alex, 'updateAccount', { id, disabled: false })).toMatchObject({ disabled: false });
    expect(accountsLog(t)).toEqual(
      expect.arrayContaining([
        'Alex Admin changed the account Sam Patel-Jones (sam.patel): renamed it from Sam Patel.',
        'Alex Admin changed the account Sam Patel-Jones (sam.patel): changed its role from support to viewer.',
        'Alex Admin changed the account Sam Patel-Jones (sam.patel): disabled it.',
        'Alex Admin changed the account Sam Patel-Jones (sam.patel): enabled it.',
      ]),
    );
    expect(await call(alex, 'updateAccount', { id: 99, disabled: true })).toMatchObject({ ok: false, error: { message: 'There is no account 99.', issues: [{ path: 'id' }] } });
    expect(await call(alex, 'updateAccount', { id })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('say what to change') } });
  });

  it('never leave the server without an enabled administrator, nor let one disable or demote themselves', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    const own = (input: object) => call(alex, 'updateAccount', { id: alex.accountId, ...input });
    expect(await own({ disabled: true })).toMatchObject({
      ok: false,
      error: { message: 'You cannot disable your own account: another administrator can.', issues: [{ path: 'disabled' }] },
    });
    expect(await own({ role: 'designer' })).toMatchObject({ ok: false, error: { issues: [{ path: 'role', message: 'not your own account' }] } });

    // At the desk (no account of their own), the last enabled administrator is still kept.
    const desk = t.engine.localCaller;
    const last = await call(desk, 'updateAccount', { id: alex.accountId, disabled: true });
    expect(last).toMatchObject({
      ok: false,
      error: {
        message: 'Alex Admin is the last enabled administrator; disabling them would leave nobody to administer casebridge. Make another account an administrator first.',
        issues: [{ path: 'disabled', message: 'the last enabled administrator' }],
      },
    });
    expect(await call(desk, 'updateAccount', { id: alex.accountId, role: 'viewer' })).toMatchObject({ ok: false, error: { issues: [{ path: 'role' }] } });

    const bea = await value(alex, 'createAccount', { username: 'bea', displayName: 'Bea Boss', role: 'designer', password: 'bea boss password' });
    await value(alex, 'updateAccount', { id: bea.id, role: 'administrator' });
    expect(await value(desk, 'updateAccount', { id: alex.accountId, disabled: true })).toMatchObject({ disabled: true });
    // Bea is now the last one enabled.
    expect(await call(desk, 'updateAccount', { id: bea.id, role: 'support' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'role', message: 'the last enabled administrator' }] },
    });
    // A disabled administrator is no guard: Alex can be demoted.
    expect(await value(desk, 'updateAccount', { id: alex.accountId, role: 'viewer' })).toMatchObject({ role: 'viewer' });
  });

  it('get a new password by a reset, which lifts a lock and signs the account out everywhere', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    const { id } = await value(alex, 'createAccount', SAM);
    const { accounts, sessions } = t.engine.people;
    const signedIn = await accounts.signIn('sam.patel', SAM.password);
    const session = sessions.start(signedIn.ok ? signedIn.caller : alex, 'local');
    for (let i = 0; i < 5; i++) await accounts.signIn('sam.patel', 'a wrong guess here');
    expect((await value(alex, 'listAccounts'))[1].lockedUntil).toBeDefined();

    const after = await value(alex, 'resetAccountPassword', { id, password: 'a fresh password for sam' });
    expect(after.lockedUntil).toBeUndefined();
    expect(sessions.check(session.id)).toBeNull();
    expect((await accounts.signIn('sam.patel', SAM.password)).ok).toBe(false);
    expect((await accounts.signIn('sam.patel', 'a fresh password for sam')).ok).toBe(true);
    expect(accountsLog(t)).toContain('Alex Admin reset the password of Sam Patel (sam.patel), which also lifted its lock.');
    expect(accountsLog(t)).toContain('Sam Patel (sam.patel): their session ended (your password was reset by Alex Admin).');

    accounts.signInFromProvider({ issuer: 'https://idp.example', subject: 'x1', username: 'jo@idp.example', displayName: 'Jo', role: 'viewer' });
    expect(await call(alex, 'resetAccountPassword', { id: 3, password: 'whatever is long' })).toMatchObject({
      ok: false,
      error: { message: 'Jo signs in through single sign-on: their password is kept by the identity provider, not casebridge.', issues: [{ path: 'id' }] },
    });
  });
});

describe('single sign-on settings', () => {
  const ENTRA = {
    enabled: true,
    issuer: 'https://login.microsoftonline.com/0f0e0d0c-tenant/v2.0',
    clientId: 'c1a2b3',
    groupsClaim: 'groups',
    groupRoles: [{ group: 'casebridge-support', role: 'support' }],
    buttonLabel: 'Sign in with Example Council',
  };

  it('start switched off, and are answered with the secret only as set or not', async () => {
    t = startPeopleEngine();
    const desk = t.engine.localCaller;
    expect(await value(desk, 'getSignInSettings')).toEqual({
      enabled: false,
      issuer: '',
      clientId: '',
      clientSecretSet: false,
      groupsClaim: 'groups',
      groupRoles: [],
      buttonLabel: 'Sign in with your council account',
    });
    expect(t.engine.people.signInSettings.oidc()).toBeNull();

    const saved = await value(desk, 'saveSignInSettings', { ...ENTRA, clientSecret: 'very-secret-value' });
    expect(saved).toEqual({ ...ENTRA, clientSecretSet: true });
    expect(JSON.stringify(saved)).not.toContain('very-secret-value');
    expect(t.engine.people.signInSettings.oidc()).toEqual({ ...ENTRA, enabled: undefined, clientSecret: 'very-secret-value' } as never);
    // The secret lives in the secrets file, not the database; the log says a secret was stored, never which.
    expect(JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')).secrets['oidc.client-secret']).toBe('very-secret-value');
    expect(accountsLog(t).at(-1)).toBe(
      `${desk.name} saved the single sign-on settings: on, with https://login.microsoftonline.com/0f0e0d0c-tenant/v2.0 (client c1a2b3), 1 group mapped to roles; a new client secret was stored.`,
    );
    expect(JSON.stringify(t.engine.log.recent(100))).not.toContain('very-secret-value');

    // Saved again without the secret: the stored one is kept. Switched off: none is offered.
    expect(await value(desk, 'saveSignInSettings', { ...ENTRA, buttonLabel: 'Council sign-in' })).toMatchObject({ clientSecretSet: true, buttonLabel: 'Council sign-in' });
    expect(t.engine.people.signInSettings.oidc()).toMatchObject({ clientSecret: 'very-secret-value', buttonLabel: 'Council sign-in' });
    await value(desk, 'saveSignInSettings', { ...ENTRA, enabled: false });
    expect(t.engine.people.signInSettings.oidc()).toBeNull();
  });

  it('are refused when switched on incomplete, field by field', async () => {
    t = startPeopleEngine();
    const desk = t.engine.localCaller;
    const empty = await call(desk, 'saveSignInSettings', { enabled: true, issuer: '', clientId: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((empty as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort()).toEqual(['clientId', 'groupRoles', 'issuer']);
    expect(await call(desk, 'saveSignInSettings', ENTRA)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'clientSecret', message: 'needed to switch single sign-on on' }] },
    });
    expect(await call(desk, 'saveSignInSettings', { ...ENTRA, issuer: 'http://login.example/v2.0', clientSecret: 's' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'issuer', message: 'must be an https address (plain http only for a provider on this machine)' }] },
    });
    expect(t.engine.people.signInSettings.oidc()).toBeNull();
    // A provider on this machine (a test one) may speak plain http.
    expect(await value(desk, 'saveSignInSettings', { ...ENTRA, issuer: 'http://127.0.0.1:4000/', clientSecret: 's' })).toMatchObject({ enabled: true });
  });

  it('keep the stored secret across a restart of the engine', async () => {
    t = startPeopleEngine();
    await value(t.engine.localCaller, 'saveSignInSettings', { ...ENTRA, clientSecret: 'kept-across-restarts' });
    await t.engine.close();
    const again = startTestEngine({ dataDir: t.dataDir });
    try {
      // Read from the secrets file as the engine starts (a moment after createEngine answers).
      await vi.waitFor(() => expect(again.engine.people.signInSettings.oidc()).toMatchObject({ clientSecret: 'kept-across-restarts', issuer: ENTRA.issuer }));
    } finally {
      await again.engine.close();
    }
  });
});
