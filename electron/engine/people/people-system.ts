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

export function createPeopleSystem(deps: { store: Store; settings: SettingsRepo; secrets: SecretStore; clock: Clock; log: Pick<LogBus, 'write'> } & PeopleOptions) {
  const { store, clock, log } = deps;
  const repo = createAccountRepo(store.db);
  const write = <T>(fn: () => T) => store.write(fn);
  const hasher = createPasswordHasher(deps.scrypt);
  const accountName = (accountId: number) => {
    const row = repo.byId(accountId);
    return row ? accountLabel(row) : `account ${accountId}`;
  };
  const sessions = createSessions({ repo: createSessionRepo(store.db), clock, log, accountName, timeouts: deps.sessionTimeouts });
  const signInSettings = createSignInSettings({ settings: deps.settings, secrets: deps.secrets, clock, log });
  const people: People = { accounts: createAccounts({ repo, write, hasher, clock, log }), sessions, signInSettings };
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
