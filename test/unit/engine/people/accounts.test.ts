/**
 * Signing in (engine.people.accounts): the first administrator once; a password sign-in whose
 * refusals all say the same words; a lockout that grows on the fake clock and a success that resets
 * it; single sign-on accounts found by issuer and subject, kept up to date by the provider; a
 * person changing their own password. Every record names the account and never a password.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import { createAccounts, NO_MATCH } from '../../../../electron/engine/people/accounts';
import { createPasswordHasher, hashPassword, type PasswordHasher } from '../../../../electron/engine/people/password-hash';
import { createAccountRepo } from '../../../../electron/engine/store/account-repo';
import { openStore } from '../../../../electron/engine/store/open-store';
import { CallRefusedError } from '../../../../shared/dispatch';
import type { TestEngine } from '../../../support/engine';
import { fakeClock } from '../../../support/fake-clock';
import { accountsLog, firstAdministrator, LIGHT_SCRYPT, startPeopleEngine } from '../../../support/people';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as CallRefusedError,
  );
const addSupport = (password = 'sam patel password') =>
  t.engine.handlers.createAccount({ username: 'Sam.Patel', displayName: 'Sam Patel', role: 'support', password }, t.engine.localCaller);

describe('the first administrator', () => {
  it('is asked for while there is no account, made once, and signed in as an administrator', async () => {
    t = startPeopleEngine();
    const { accounts } = t.engine.people;
    expect(accounts.needsFirstAdministrator()).toBe(true);
    const alex = await firstAdministrator(t);
    expect(alex).toEqual({ name: 'Alex Admin', role: 'administrator', source: 'local', accountId: 1, username: 'alex' });
    expect(accounts.needsFirstAdministrator()).toBe(false);

    const again = await refusalOf(accounts.createFirstAdministrator({ username: 'mallory', displayName: 'Mallory', password: 'a long enough password' }));
    expect(again).toBeInstanceOf(CallRefusedError);
    expect(again!.message).toBe('casebridge already has an administrator: sign in, or ask them to add your account.');
    expect((await accounts.signIn('alex', 'the first admin password')).ok).toBe(true);
    expect(accountsLog(t)[0]).toBe('The first administrator, Alex Admin (alex), was created with the setup code and signed in.');
  });

  it('is made once even when two setups arrive together', async () => {
    t = startPeopleEngine();
    const both = await Promise.allSettled([
      t.engine.people.accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex', password: 'a long enough password' }),
      t.engine.people.accounts.createFirstAdministrator({ username: 'bea', displayName: 'Bea', password: 'a long enough password' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await t.engine.handlers.listAccounts({})).length).toBe(1);
  });

  it('is refused field by field when the setup form is not right', async () => {
    t = startPeopleEngine();
    const refusal = await refusalOf(t.engine.people.accounts.createFirstAdministrator({ username: 'a', displayName: ' ', password: 'short' }));
    expect(refusal!.issues!.map((i) => i.path).sort()).toEqual(['displayName', 'password', 'username']);
    expect(refusal!.message).toMatch(/^The first administrator cannot be created: /);
    expect(refusal!.message).not.toContain('short');
    expect(t.engine.people.accounts.needsFirstAdministrator()).toBe(true);
  });
});

describe('a password sign-in', () => {
  it('answers the person as they are, whatever the case of the user name', async () => {
    t = startPeopleEngine();
    await addSupport();
    const outcome = await t.engine.people.accounts.signIn('  SAM.patel ', 'sam patel password');
    expect(outcome).toEqual({ ok: true, caller: { name: 'Sam Patel', role: 'support', source: 'local', accountId: 1, username: 'sam.patel' } });
    expect((await t.engine.handlers.listAccounts({}))[0]!.lastSignInAt).toBe(t.clock.now().toISO());
    expect(accountsLog(t)).toContain('Sam Patel (sam.patel) signed in with a password.');
    // Outside any call, the entry still names who signed in, so the Log's person filter finds it.
    const entry = t.engine.log.recent(1000).find((e) => e.message === 'Sam Patel (sam.patel) signed in with a password.');
    expect(entry?.person).toBe('Sam Patel');
    t.engine.people.sessions.end(t.engine.people.sessions.start(outcome.ok ? outcome.caller : (undefined as never), 'local').id);
    expect(t.engine.log.recent(1000).find((e) => e.message === 'Sam Patel (sam.patel) signed out.')?.person).toBe('Sam Patel');
  });

  it('says the same words for an unknown user, a wrong password, a disabled account and a single sign-on account', async () => {
    t = startPeopleEngine();
    await addSupport();
    const { accounts } = t.engine.people;
    accounts.signInFromProvider({ issuer: 'https://idp.example', subject: 's-1', username: 'jo@council.example', displayName: 'Jo', role: 'viewer' });
    const unknown = await accounts.signIn('nobody', 'sam patel password');
    const wrong = await accounts.signIn('sam.patel', 'not the password at all');
    const provider = await accounts.signIn('jo@council.example', 'anything at all here');
    await t.engine.handlers.updateAccount({ id: 1, disabled: true }, t.engine.localCaller);
    const disabled = await accounts.signIn('sam.patel', 'sam patel password');
    for (const outcome of [unknown, wrong, provider, disabled]) expect(outcome).toEqual({ ok: false, kind: 'refused', message: NO_MATCH });
    expect(NO_MATCH).toBe('That user name and password do not match an enabled account.');

    const log = accountsLog(t).join('\n');
    expect(log).toContain('Failed sign-in as "nobody": no account has that user name.');
    expect(log).toContain('Failed sign-in as Sam Patel (sam.patel): wrong password (1 in a row).');
    expect(log).toContain('Failed sign-in as Sam Patel (sam.patel): the account is disabled (2 in a row).');
    expect(log).toContain('Failed sign-in as Jo (jo@council.example): the account signs in through single sign-on, not with a password.');
    expect(log).not.toMatch(/sam patel password|not the password|anything at all/);
  });

  it('locks the account after five failures in a row, for a time that doubles up to an hour; the right password waits too', async () => {
    t = startPeopleEngine();
    await addSupport();
    const { accounts } = t.engine.people;
    for (let i = 1; i <= 4; i++) expect((await accounts.signIn('sam.patel', `wrong guess number ${i}`)).ok).toBe(false);
    t.clock.set('2026-06-15T09:00:00Z');
    const fifth = await accounts.signIn('sam.patel', 'wrong guess number 5');
    expect(fifth).toEqual({
      ok: false,
      kind: 'locked',
      message: 'This account is locked after 5 failed sign-ins in a row. Try again in 1 minute (at 10:01), or ask an administrator to reset its password.',
      retryAfterSeconds: 60,
    });
    t.clock.advance(15_000);
    expect(await accounts.signIn('sam.patel', 'sam patel password')).toMatchObject({ ok: false, kind: 'locked', retryAfterSeconds: 45 });
    expect((await t.engine.handlers.listAccounts({}))[0]!.lockedUntil).toBe('2026-06-15T10:01:00.000+01:00');

    // Each failure after a lock doubles it: 2, 4, 8, 16, 32, then an hour at most.
    const locks: number[] = [];
    for (let i = 0; i < 7; i++) {
      t.clock.advance(60 * 60_000);
      const outcome = await accounts.signIn('sam.patel', 'still a wrong guess');
      locks.push(outcome.ok ? 0 : (outcome.retryAfterSeconds ?? 0) / 60);
    }
    expect(locks).toEqual([2, 4, 8, 16, 32, 60, 60]);
    expect(accountsLog(t)).toContain('The account Sam Patel (sam.patel) is locked until 10:01 after 5 failed sign-ins in a row.');

    // Once the lock ends, the right password signs in and the count starts again.
    t.clock.advance(60 * 60_000);
    expect((await accounts.signIn('sam.patel', 'sam patel password')).ok).toBe(true);
    for (let i = 1; i <= 4; i++) expect(await accounts.signIn('sam.patel', `wrong again ${i}`)).toMatchObject({ kind: 'refused' });
    expect(await accounts.signIn('sam.patel', 'wrong again 5')).toMatchObject({ kind: 'locked', retryAfterSeconds: 60 });
  });

  it('does not lock an unknown user name, and a damaged stored hash refuses with the usual words and logs which account', async () => {
    t = startPeopleEngine();
    await addSupport();
    for (let i = 0; i < 8; i++) expect(await t.engine.people.accounts.signIn('nobody', 'a guess')).toMatchObject({ kind: 'refused' });
    // Damaged beside the engine, as a hand edit of the file would.
    const raw = new Database(join(t.dataDir, DATABASE_FILE));
    try {
      raw.prepare("update accounts set password_hash = 'scrypt$oops' where id = 1").run();
    } finally {
      raw.close();
    }
    expect(await t.engine.people.accounts.signIn('sam.patel', 'sam patel password')).toEqual({ ok: false, kind: 'refused', message: NO_MATCH });
    const errors = t.engine.log.recent(50).filter((e) => e.level === 'error');
    expect(errors.map((e) => e.message)).toContain(
      'The stored password of the account Sam Patel (sam.patel) cannot be used (it is not an scrypt hash as casebridge writes them); an administrator can reset its password.',
    );
  });
});

describe('a hash made with weaker parameters', () => {
  it('still signs in, and is made again with today’s at that sign-in', async () => {
    t = startPeopleEngine();
    await addSupport();
    const raw = new Database(join(t.dataDir, DATABASE_FILE));
    const stored = () => raw.prepare('select password_hash from accounts where id = 1').pluck().get() as string;
    try {
      raw.prepare('update accounts set password_hash = ? where id = 1').run(await hashPassword('sam patel password', { N: 2 ** 8, r: 8, p: 1 }));
      expect(stored()).toMatch(/^scrypt\$256\$/);
      expect((await t.engine.people.accounts.signIn('sam.patel', 'sam patel password')).ok).toBe(true);
      expect(stored()).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect((await t.engine.people.accounts.signIn('sam.patel', 'sam patel password')).ok).toBe(true);
    } finally {
      raw.close();
    }
  });
});

describe('single sign-on accounts', () => {
  const person = { issuer: 'https://login.example/tenant/v2.0', subject: 'sub-42', username: 'Jo.Bloggs@council.example', displayName: 'Jo Bloggs', role: 'support' as const };

  it('are made at the first sign-in, found by issuer and subject after, with the name and role the provider says', async () => {
    t = startPeopleEngine();
    const { accounts } = t.engine.people;
    const first = accounts.signInFromProvider(person);
    expect(first).toEqual({ ok: true, caller: { name: 'Jo Bloggs', role: 'support', source: 'oidc', accountId: 1, username: 'jo.bloggs@council.example' } });
    const later = accounts.signInFromProvider({ ...person, displayName: 'Jo Bloggs-Smith', role: 'designer' });
    expect(later).toEqual({ ok: true, caller: { name: 'Jo Bloggs-Smith', role: 'designer', source: 'oidc', accountId: 1, username: 'jo.bloggs@council.example' } });
    // Another provider's subject of the same value is another person.
    expect(accounts.signInFromProvider({ ...person, issuer: 'https://other.example' })).toMatchObject({ ok: false });
    const views = await t.engine.handlers.listAccounts({});
    expect(views).toEqual([expect.objectContaining({ id: 1, source: 'oidc', role: 'designer', createdBy: 'single sign-on (https://login.example/tenant/v2.0)' })]);
    expect(accountsLog(t)).toContain("Jo Bloggs-Smith (jo.bloggs@council.example)'s role is now designer (was support), from their groups at the identity provider.");
  });

  it('refuse a disabled account, and a user name a password account holds, in words', async () => {
    t = startPeopleEngine();
    const { accounts } = t.engine.people;
    await t.engine.handlers.createAccount(
      { username: 'jo.bloggs@council.example', displayName: 'Jo (local)', role: 'viewer', password: 'a long enough password' },
      t.engine.localCaller,
    );
    expect(accounts.signInFromProvider(person)).toEqual({
      ok: false,
      message:
        'casebridge already has an account named jo.bloggs@council.example that signs in with a password, so single sign-on cannot create yours. Ask a casebridge administrator.',
    });
    const other = { ...person, subject: 'sub-43', username: 'kim@council.example' };
    const kim = accounts.signInFromProvider(other);
    expect(kim.ok).toBe(true);
    await t.engine.handlers.updateAccount({ id: 2, disabled: true }, t.engine.localCaller);
    expect(accounts.signInFromProvider(other)).toEqual({
      ok: false,
      message: 'Your casebridge account (kim@council.example) is disabled. Ask a casebridge administrator to enable it.',
    });
  });

  it('keep the role and name the provider gives: an administrator changing them here is refused, saying where to change them; disabling works', async () => {
    t = startPeopleEngine();
    expect(t.engine.people.accounts.signInFromProvider(person).ok).toBe(true);
    const role = await refusalOf((async () => t.engine.handlers.updateAccount({ id: 1, role: 'administrator' }, t.engine.localCaller))());
    expect(role).toBeInstanceOf(CallRefusedError);
    expect(role!.message).toBe(
      "Jo Bloggs signs in with single sign-on, so their role comes from their groups at the identity provider at every sign-in: change their groups there (or the groups' roles under Single sign-on), or disable the account here.",
    );
    expect(role!.issues).toEqual([{ path: 'role', message: 'follows their groups at the identity provider' }]);
    const name = await refusalOf((async () => t.engine.handlers.updateAccount({ id: 1, displayName: 'Someone Else' }, t.engine.localCaller))());
    expect(name!.issues).toEqual([{ path: 'displayName', message: 'follows their name at the identity provider' }]);
    // The same values, as a form sends back unchanged, are not a change.
    await t.engine.handlers.updateAccount({ id: 1, role: 'support', displayName: 'Jo Bloggs', disabled: true }, t.engine.localCaller);
    expect(await t.engine.handlers.listAccounts({})).toEqual([expect.objectContaining({ role: 'support', displayName: 'Jo Bloggs', disabled: true })]);
  });

  it('refuse an answer that cannot make an account, saying which part', () => {
    t = startPeopleEngine();
    const outcome = t.engine.people.accounts.signInFromProvider({ ...person, username: 'has spaces in it' });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('username: letters, digits and . _ @ - only') });
  });
});

describe('changing one’s own password', () => {
  it('needs the current password and a strong new one, then only the new one signs in', async () => {
    t = startPeopleEngine();
    const alex = await firstAdministrator(t);
    const { accounts } = t.engine.people;
    const wrong = await refusalOf(accounts.changeOwnPassword(alex.accountId!, 'not the current one', 'a brand new password'));
    expect(wrong).toMatchObject({ message: 'The current password is not right.', issues: [{ path: 'current', message: 'not the current password' }] });
    const weak = await refusalOf(accounts.changeOwnPassword(alex.accountId!, 'the first admin password', 'short'));
    expect(weak).toMatchObject({ issues: [{ path: 'next', message: 'at least 12 characters' }] });
    expect(weak!.message).not.toContain('short');
    const same = await refusalOf(accounts.changeOwnPassword(alex.accountId!, 'the first admin password', 'the first admin password'));
    expect(same).toMatchObject({ issues: [{ path: 'next', message: 'must differ from the current password' }] });

    await accounts.changeOwnPassword(alex.accountId!, 'the first admin password', 'a brand new password');
    expect((await accounts.signIn('alex', 'the first admin password')).ok).toBe(false);
    expect((await accounts.signIn('alex', 'a brand new password')).ok).toBe(true);
    expect(accountsLog(t)).toContain('Alex Admin (alex) changed their own password.');
    expect(accountsLog(t).join('\n')).not.toMatch(/brand new|first admin password/);
  });
});

describe('the time a refused sign-in takes', () => {
  it('is one password verify whether the user exists or not (timing tells no user names)', async () => {
    const store = openStore(':memory:');
    const real = createPasswordHasher(LIGHT_SCRYPT);
    const spent: string[] = [];
    const hasher: PasswordHasher = {
      ...real,
      verify: (...args) => (spent.push('verify'), real.verify(...args)),
      verifyNobody: (password) => (spent.push('verify nobody'), real.verifyNobody(password)),
    };
    const repo = createAccountRepo(store.db);
    const accounts = createAccounts({ repo, write: (fn) => store.write(fn), hasher, clock: fakeClock(), log: { write: () => undefined as never } });
    try {
      await accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex Admin', password: 'the first admin password' });
      accounts.signInFromProvider({ issuer: 'https://idp.example', subject: 's', username: 'jo', displayName: 'Jo', role: 'viewer' });
      const spentBy = async (username: string) => {
        spent.length = 0;
        expect(await accounts.signIn(username, 'a wrong password')).toMatchObject({ ok: false, kind: 'refused' });
        return [...spent];
      };
      expect(await spentBy('alex')).toEqual(['verify']);
      expect(await spentBy('nobody')).toEqual(['verify nobody']);
      expect(await spentBy('not a user name!')).toEqual(['verify nobody']);
      expect(await spentBy('jo')).toEqual(['verify nobody']);
    } finally {
      await real.close();
      store.close();
    }
  });
});
