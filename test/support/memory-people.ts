/**
 * A small in-memory `People` (electron/engine/people/people.ts) for the host's tests, built to the
 * agreed interface while the engine's real one is built beside it: accounts with plain passwords
 * (test only), a lockout after LOCK_AFTER failures, and sessions that answer the account as it is
 * now. `disable` and `setRole` act as an administrator's account calls would.
 */
import { randomBytes } from 'node:crypto';
import { CallRefusedError } from '../../shared/dispatch';
import type { Caller, Role } from '../../shared/domain/people';
import type { OidcConfig, People } from '../../electron/engine/people/people';

const REFUSED = 'That user name and password do not match an enabled account.';
export const LOCK_AFTER = 5;
export const LOCK_SECONDS = 300;

interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  source: 'local' | 'oidc';
  password?: string;
  issuer?: string;
  subject?: string;
  disabled: boolean;
  failures: number;
  lockedUntil?: number;
}

export interface MemoryPeople extends People {
  disable(accountId: number): void;
  setRole(accountId: number, role: Role): void;
  addAccount(input: { username: string; displayName: string; role: Role; password: string }): number;
  setOidc(config: OidcConfig | null): void;
}

export function memoryPeople(now: () => number = Date.now): MemoryPeople {
  const accounts = new Map<number, Account>();
  const sessions = new Map<string, number>();
  const listeners = new Set<(accountId: number, why: string) => void>();
  let oidc: OidcConfig | null = null;
  let nextId = 1;
  const callerOf = (a: Account): Caller => ({ name: a.displayName, role: a.role, source: a.source, accountId: a.id, username: a.username });
  const add = (a: Omit<Account, 'id' | 'disabled' | 'failures'>) => {
    const account = { ...a, id: nextId++, disabled: false, failures: 0 };
    accounts.set(account.id, account);
    return account;
  };
  const endAllFor = (accountId: number, why: string) => {
    for (const [id, owner] of sessions) if (owner === accountId) sessions.delete(id);
    for (const listener of listeners) listener(accountId, why);
  };
  return {
    accounts: {
      needsFirstAdministrator: () => accounts.size === 0,
      async createFirstAdministrator(input) {
        if (accounts.size > 0) throw new CallRefusedError('This server already has an administrator.', 'forbidden');
        if (input.password.length < 12) throw new CallRefusedError('The password is too short.', 'invalid_input', [{ path: 'password', message: 'at least 12 characters' }]);
        return callerOf(add({ username: input.username, displayName: input.displayName, role: 'administrator', source: 'local', password: input.password }));
      },
      async signIn(username, password) {
        const account = [...accounts.values()].find((a) => a.username === username && a.source === 'local');
        if (account?.lockedUntil !== undefined && account.lockedUntil > now()) {
          return {
            ok: false,
            kind: 'locked',
            message: 'Too many wrong passwords: this account is locked for a while.',
            retryAfterSeconds: Math.ceil((account.lockedUntil - now()) / 1000),
          };
        }
        if (!account || account.disabled || account.password !== password) {
          if (account) {
            account.failures++;
            if (account.failures >= LOCK_AFTER) account.lockedUntil = now() + LOCK_SECONDS * 1000;
          }
          return { ok: false, kind: 'refused', message: REFUSED };
        }
        account.failures = 0;
        return { ok: true, caller: callerOf(account) };
      },
      signInFromProvider(person) {
        const found = [...accounts.values()].find((a) => a.issuer === person.issuer && a.subject === person.subject);
        if (found?.disabled) return { ok: false, message: 'Your casebridge account is disabled: ask an administrator.' };
        const account =
          found ?? add({ username: person.username, displayName: person.displayName, role: person.role, source: 'oidc', issuer: person.issuer, subject: person.subject });
        account.displayName = person.displayName;
        account.role = person.role;
        return { ok: true, caller: callerOf(account) };
      },
      async changeOwnPassword(accountId, current, next) {
        const account = accounts.get(accountId);
        if (!account || account.password !== current)
          throw new CallRefusedError('Your current password is not right.', 'invalid_input', [{ path: 'current', message: 'not your current password' }]);
        if (next.length < 12) throw new CallRefusedError('The new password is too short.', 'invalid_input', [{ path: 'next', message: 'at least 12 characters' }]);
        account.password = next;
      },
    },
    sessions: {
      start(caller) {
        const id = randomBytes(32).toString('base64url');
        sessions.set(id, caller.accountId!);
        return { id, expiresAt: new Date(now() + 12 * 3_600_000).toISOString() };
      },
      check(id) {
        const accountId = sessions.get(id);
        const account = accountId === undefined ? undefined : accounts.get(accountId);
        return account && !account.disabled ? callerOf(account) : null;
      },
      end: (id) => void sessions.delete(id),
      endAllFor,
      onEnded(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      describe: () => ({ idleMinutes: 30, absoluteHours: 12 }),
    },
    signInSettings: { oidc: () => oidc },
    disable(accountId) {
      accounts.get(accountId)!.disabled = true;
      endAllFor(accountId, 'Your account was disabled by an administrator.');
    },
    setRole(accountId, role) {
      accounts.get(accountId)!.role = role;
    },
    addAccount(input) {
      return add({ ...input, source: 'local' }).id;
    },
    setOidc(config) {
      oidc = config;
    },
  };
}
