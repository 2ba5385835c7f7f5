/**
 * What the engine offers its hosts about people: accounts, sessions and single sign-on settings
 * (design.md section 11). The headless host signs people in through these; the contract's account
 * calls manage them. Implemented in this folder and assembled by people-system.ts.
 */
import type { Unsubscribe } from '../../../shared/contract';
import type { Caller, GroupRole, Role } from '../../../shared/domain/people';

export type SignInOutcome = { ok: true; caller: Caller } | { ok: false; kind: 'refused' | 'locked'; message: string; retryAfterSeconds?: number };
export type ProviderSignInOutcome = { ok: true; caller: Caller } | { ok: false; message: string };

export interface Accounts {
  /** True until the first account exists: the server then offers the first administrator's setup. */
  needsFirstAdministrator(): boolean;
  /** Creates the first administrator; refused (CallRefusedError) once any account exists. */
  createFirstAdministrator(input: { username: string; displayName: string; password: string }): Promise<Caller>;
  /**
   * Checks a password. Unknown user, wrong password and a disabled account get the same words;
   * repeated failures lock the account for a time that grows.
   */
  signIn(username: string, password: string): Promise<SignInOutcome>;
  /** Creates or updates the account single sign-on vouches for; refuses a disabled one. */
  signInFromProvider(person: { issuer: string; subject: string; username: string; displayName: string; role: Role }): ProviderSignInOutcome;
  /** Changes a local account's own password; refused (CallRefusedError with issues) when `current` is wrong or `next` too weak. */
  changeOwnPassword(accountId: number, current: string, next: string): Promise<void>;
}

export interface Sessions {
  /** A new session for a signed-in person: the id goes in the cookie, only its hash is kept. */
  start(caller: Caller, method: 'local' | 'oidc'): { id: string; expiresAt: string };
  /** The session's person as they are now (current name and role), or null when it has ended, timed out, or the account is disabled. */
  check(id: string): Caller | null;
  end(id: string): void;
  /** Ends every session of an account, and tells the listeners why. */
  endAllFor(accountId: number, why: string): void;
  onEnded(listener: (accountId: number, why: string) => void): Unsubscribe;
  describe(): { idleMinutes: number; absoluteHours: number };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  groupRoles: GroupRole[];
  buttonLabel: string;
}

export interface SignInSettings {
  /** The single sign-on configuration, or null while it is switched off. */
  oidc(): OidcConfig | null;
}

export interface People {
  accounts: Accounts;
  sessions: Sessions;
  signInSettings: SignInSettings;
}
