/**
 * People on the store (design.md section 11): accounts and sign-in (accounts.ts), sessions
 * (sessions.ts), single sign-on settings (sign-in-settings.ts), and what an administrator does to
 * accounts (account-admin.ts), sharing one password hasher whose work in flight `close` waits for.
 */
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { SecretStore } from '../secrets';
import { createAccountRepo } from '../store/account-repo';
import type { Store } from '../store/open-store';
import { createSessionRepo } from '../store/session-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { guardMethods } from '../store/store-faults';
import { createAccountAdmin } from './account-admin';
import { accountLabel } from './account-row';
import { createAccounts } from './accounts';
import { createPasswordHasher, type ScryptParameters } from './password-hash';
import type { People } from './people';
import { createSessions } from './sessions';
import { createSignInSettings } from './sign-in-settings';

export interface PeopleOptions {
  /** Session timeouts (default 30 minutes idle, 12 hours in all). */
  sessionTimeouts?: { idleMinutes: number; absoluteHours: number };
  /** scrypt's parameters for new hashes (default password-hash.ts's); tests lower them to run fast. */
  scrypt?: ScryptParameters;
}

export function createPeopleSystem(
  deps: {
    store: Store;
    settings: SettingsRepo;
    secrets: SecretStore;
    clock: Clock;
    log: Pick<LogBus, 'write'>;
    /** The store's failures (a full disk, a damaged file) in words naming the file, with their alarm raised, as every call has them. */
    storeFaults?: (error: unknown) => unknown;
  } & PeopleOptions,
) {
  const { store, clock, log } = deps;
  const repo = createAccountRepo(store.db);
  const write = <T>(fn: () => T) => store.write(fn);
  const hasher = createPasswordHasher(deps.scrypt);
  const accountName = (accountId: number) => {
    const row = repo.byId(accountId);
    return row ? accountLabel(row) : `account ${accountId}`;
  };
  const personName = (accountId: number) => repo.byId(accountId)?.displayName;
  const sessions = createSessions({ repo: createSessionRepo(store.db), clock, log, accountName, personName, timeouts: deps.sessionTimeouts });
  const signInSettings = createSignInSettings({ settings: deps.settings, secrets: deps.secrets, clock, log });
  // The hosts call these directly, not through the contract's guarded handlers.
  const guard = <T extends object>(target: T): T => (deps.storeFaults ? guardMethods(target, deps.storeFaults) : target);
  const people: People = { accounts: guard(createAccounts({ repo, write, hasher, clock, log })), sessions: guard(sessions), signInSettings: guard(signInSettings) };
  return {
    people,
    admin: createAccountAdmin({ repo, write, hasher, sessions, clock, log }),
    signInSettings,
    /** Waits for hashing in flight and the secret's first read; no sign-in is taken after. */
    async close() {
      await Promise.all([hasher.close(), signInSettings.ready]);
    },
  };
}
export type PeopleSystem = ReturnType<typeof createPeopleSystem>;
