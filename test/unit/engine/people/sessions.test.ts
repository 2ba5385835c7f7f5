/**
 * Sessions (engine.people.sessions) on the fake clock: idle and absolute timeouts; the account read
 * at every check, so a disabled account's session fails at once and a new role counts at once;
 * ending an account's sessions tells the listeners why; only the id's SHA-256 is stored.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../electron/engine/data-dir';
import type { Caller } from '../../../../shared/domain/people';
import type { TestEngine } from '../../../support/engine';
import { startTestEngine } from '../../../support/engine';
import { accountsLog, firstAdministrator, LIGHT_SCRYPT, startPeopleEngine } from '../../../support/people';

let t: TestEngine;
afterEach(async () => {
  await t?.dispose();
});

const MINUTE = 60_000;

async function withSam(): Promise<{ alex: Caller; sam: Caller }> {
  const alex = await firstAdministrator(t);
  await t.engine.handlers.createAccount({ username: 'sam.patel', displayName: 'Sam Patel', role: 'support', password: 'sam patel password' }, alex);
  const signedIn = await t.engine.people.accounts.signIn('sam.patel', 'sam patel password');
  if (!signedIn.ok) throw new Error(signedIn.message);
  return { alex, sam: signedIn.caller };
}

function sessionRows(): { id_hash: string; account_id: number; method: string; created_at: number; last_seen_at: number }[] {
  const raw = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return raw.prepare('select * from sessions order by created_at').all() as never;
  } finally {
    raw.close();
  }
}

describe('sessions', () => {
  it('answer the signed-in person for a 43-character random id, whose SHA-256 alone is stored', async () => {
    t = startPeopleEngine();
    const { sam } = await withSam();
    t.clock.set('2026-06-15T09:00:00Z');
    const session = t.engine.people.sessions.start(sam, 'local');
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toBe('2026-06-15T22:00:00.000+01:00');
    expect(t.engine.people.sessions.start(sam, 'local').id).not.toBe(session.id);
    expect(t.engine.people.sessions.check(session.id)).toEqual(sam);

    const rows = sessionRows();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id_hash: createHash('sha256').update(session.id).digest('hex'),
      account_id: sam.accountId,
      method: 'local',
      created_at: t.clock.millis(),
      last_seen_at: t.clock.millis(),
    });
    expect(JSON.stringify(rows)).not.toContain(session.id);
    expect(t.engine.people.sessions.describe()).toEqual({ idleMinutes: 30, absoluteHours: 12 });
  });

  it('refuse an id that was never given, or is not an id at all, without a fault', async () => {
    t = startPeopleEngine();
    const { sam } = await withSam();
    const { id } = t.engine.people.sessions.start(sam, 'local');
    const forged = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [forged, '', 'x'.repeat(10_000), "'; drop table sessions; --", undefined as unknown as string]) expect(t.engine.people.sessions.check(wrong)).toBeNull();
    expect(t.engine.people.sessions.check(id)).toEqual(sam);
  });

  it('end after 30 minutes idle, and a console in use keeps its session (touched at most once a minute)', async () => {
    t = startPeopleEngine();
    const { sam } = await withSam();
    const sessions = t.engine.people.sessions;
    const busy = sessions.start(sam, 'local');
    const idle = sessions.start(sam, 'local');
    const started = t.clock.millis();
    t.clock.advance(20 * MINUTE);
    expect(sessions.check(busy.id)).not.toBeNull();
    t.clock.advance(30_000);
    expect(sessions.check(busy.id)).not.toBeNull(); // within the minute: not written again
    expect(sessionRows().map((r) => r.last_seen_at - started)).toEqual([20 * MINUTE, 0]);
    t.clock.advance(10 * MINUTE - 30_000);
    expect(sessions.check(idle.id)).toBeNull();
    expect(sessions.check(busy.id)).toEqual(sam);
    t.clock.advance(30 * MINUTE - 1);
    expect(sessions.check(busy.id)).toEqual(sam);
    t.clock.advance(30 * MINUTE);
    expect(sessions.check(busy.id)).toBeNull();
    expect(sessionRows()).toEqual([]); // ended sessions are deleted
  });

  it('end 12 hours after sign-in however busy, and a new sign-in sweeps sessions nobody came back to', async () => {
    t = startPeopleEngine();
    const { sam, alex } = await withSam();
    const sessions = t.engine.people.sessions;
    const busy = sessions.start(sam, 'local');
    sessions.start(alex, 'local'); // left open and never used again
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      t.clock.advance(20 * MINUTE);
      expect(sessions.check(busy.id), `after ${minutes + 20} minutes`).toEqual(sam);
    }
    expect(sessionRows()).toHaveLength(2);
    sessions.start(alex, 'oidc');
    expect(sessionRows().map((r) => [r.account_id, r.method])).toEqual([
      [sam.accountId, 'local'],
      [alex.accountId, 'oidc'],
    ]);
    t.clock.advance(20 * MINUTE);
    expect(sessions.check(busy.id)).toBeNull();
  });

  it('take their timeouts as options', async () => {
    t = startTestEngine({ people: { scrypt: LIGHT_SCRYPT, sessionTimeouts: { idleMinutes: 5, absoluteHours: 1 } } });
    const { sam } = await withSam();
    const { id } = t.engine.people.sessions.start(sam, 'local');
    expect(t.engine.people.sessions.describe()).toEqual({ idleMinutes: 5, absoluteHours: 1 });
    t.clock.advance(5 * MINUTE);
    expect(t.engine.people.sessions.check(id)).toBeNull();
  });

  it('fail at once once the account is disabled, and answer a new role and name at once', async () => {
    t = startPeopleEngine();
    const { sam, alex } = await withSam();
    const sessions = t.engine.people.sessions;
    const first = sessions.start(sam, 'local');
    await t.engine.handlers.updateAccount({ id: sam.accountId!, displayName: 'Sam Patel-Jones' }, alex);
    expect(sessions.check(first.id)).toEqual({ ...sam, name: 'Sam Patel-Jones' });

    // A role change ends the sessions (the console signs in again, to a console fit for the role);
    // a session started after it answers the new role.
    await t.engine.handlers.updateAccount({ id: sam.accountId!, role: 'viewer' }, alex);
    expect(sessions.check(first.id)).toBeNull();
    const second = sessions.start(sam, 'local');
    expect(sessions.check(second.id)).toMatchObject({ role: 'viewer' });

    // Disabled behind the sessions' back (another engine's hand, a restore): still refused at the next check.
    const raw = new Database(join(t.dataDir, DATABASE_FILE));
    raw.prepare('update accounts set disabled = 1 where id = ?').run(sam.accountId);
    raw.close();
    expect(sessions.check(second.id)).toBeNull();
  });

  it('of an account all end together, telling every listener why; a failing listener is logged and the rest still hear', async () => {
    t = startPeopleEngine();
    const { sam, alex } = await withSam();
    const sessions = t.engine.people.sessions;
    const ids = [sessions.start(sam, 'local').id, sessions.start(sam, 'local').id];
    const alexSession = sessions.start(alex, 'local').id;
    const heard: [number, string][] = [];
    sessions.onEnded(() => {
      throw new Error('the socket was already gone');
    });
    const stop = sessions.onEnded((accountId, why) => heard.push([accountId, why]));

    await t.engine.handlers.updateAccount({ id: sam.accountId!, disabled: true }, alex);
    expect(heard).toEqual([[sam.accountId, 'your account was disabled by Alex Admin']]);
    for (const id of ids) expect(sessions.check(id)).toBeNull();
    expect(sessions.check(alexSession)).toEqual(alex);
    const log = accountsLog(t);
    expect(log).toContain('Sam Patel (sam.patel): their 2 sessions ended (your account was disabled by Alex Admin).');
    expect(t.engine.log.recent(20).some((e) => e.level === 'error' && e.message === 'A listener for ended sessions failed: the socket was already gone')).toBe(true);

    // None left to end: the listeners still hear (a console may be closing), and the log is not told of nothing.
    sessions.endAllFor(sam.accountId!, 'you signed out everywhere');
    expect(heard).toEqual([
      [sam.accountId, 'your account was disabled by Alex Admin'],
      [sam.accountId, 'you signed out everywhere'],
    ]);
    expect(accountsLog(t).filter((m) => m.includes('you signed out everywhere'))).toEqual([]);

    stop();
    sessions.endAllFor(alex.accountId!, 'you signed out everywhere');
    expect(heard).toHaveLength(2);
    expect(sessions.check(alexSession)).toBeNull();
  });

  it('end one at a time at sign-out, leaving the person’s other consoles signed in', async () => {
    t = startPeopleEngine();
    const { sam } = await withSam();
    const sessions = t.engine.people.sessions;
    const here = sessions.start(sam, 'local');
    const there = sessions.start(sam, 'local');
    sessions.end(here.id);
    sessions.end(here.id); // twice: nothing more happens
    expect(sessions.check(here.id)).toBeNull();
    expect(sessions.check(there.id)).toEqual(sam);
    expect(accountsLog(t).filter((m) => m === 'Sam Patel (sam.patel) signed out.')).toHaveLength(1);
  });

  it('are only for accounts: the person at the desk has none', () => {
    t = startPeopleEngine();
    expect(() => t.engine.people.sessions.start(t.engine.localCaller, 'local')).toThrow(/A session is for a signed-in account/);
  });
});
