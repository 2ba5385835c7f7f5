/**
 * Signing in: the first administrator, a password sign-in with its lockout, the account single
 * sign-on vouches for, and a person changing their own password (people.ts's Accounts). What an
 * administrator does to accounts is account-admin.ts.
 *
 * Decisions:
 * - An unknown user, a wrong password, a disabled account and a single sign-on account tried with
 *   a password get the same words, after the same hashing time (a verify against no one's hash).
 * - A locked account answers `locked` without checking the password, so a lock cannot be used to
 *   keep guessing; the lock (lockout.ts) grows with each failure after it and a success resets it.
 * - A hash made with weaker parameters than today's is made again at the next successful sign-in.
 * - Every sign-in, failure and lock is logged naming the account; never a password. A user name
 *   no account has is logged as typed when it has a user name's form (which names are being tried
 *   is what an administrator looks for), else only that one was tried.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CallRefusedError, describeIssues, issuesOf } from '../../../shared/dispatch';
import { DisplayNameSchema, PasswordSchema, RoleSchema, UsernameSchema } from '../../../shared/domain/people';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { AccountRepo, AccountRow } from '../store/account-repo';
import { accountLabel, callerOfAccount } from './account-row';
import { parsedOrRefused } from './input-refusal';
import { lockAfter, waitInWords } from './lockout';
import { parametersOf, UnreadablePasswordHashError, type PasswordHasher } from './password-hash';
import type { Accounts, ProviderSignInOutcome, SignInOutcome } from './people';

export const NO_MATCH = 'That user name and password do not match an enabled account.';
const SOURCE = 'accounts';

const FirstAdministratorSchema = z.object({ username: UsernameSchema, displayName: DisplayNameSchema, password: PasswordSchema }).strict();
const NewPasswordSchema = z.object({ next: PasswordSchema });
const ProviderPersonSchema = z.object({
  issuer: z.string().min(1).max(500),
  subject: z.string().min(1).max(500),
  username: UsernameSchema,
  displayName: z.string().trim().max(100),
  role: RoleSchema,
});

type SignInRefusal = Extract<SignInOutcome, { ok: false }>;

export interface AccountsDeps {
  repo: AccountRepo;
  /** Runs `fn` in one write transaction (store.write). */
  write: <T>(fn: () => T) => T;
  hasher: PasswordHasher;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const { repo, clock, hasher } = deps;
  // Sign-ins happen outside any call: the entry names the person it is about, for the Log's person filter.
  const log = (level: 'info' | 'warn', message: string, about?: Pick<AccountRow, 'displayName'>) =>
    deps.log.write({ level, source: SOURCE, message, ...(about ? { person: about.displayName } : {}) });
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toFormat('HH:mm');

  const lockedOutcome = (row: AccountRow, now: number): SignInRefusal => {
    const left = row.lockedUntil! - now;
    return {
      ok: false,
      kind: 'locked',
      message: `This account is locked after ${row.failedSignIns} failed sign-ins in a row. Try again in ${waitInWords(left)} (at ${at(row.lockedUntil!)}), or ask an administrator to reset its password.`,
      retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
    };
  };

  /** Counts a failure and locks the account when that is the rule; answers the outcome to give. */
  const failed = (row: AccountRow, why: string): SignInRefusal => {
    const now = clock.millis();
    const { failures, lockedUntil } = deps.write(() => {
      const failures = repo.countFailure(row.id, now);
      const lock = lockAfter(failures);
      const lockedUntil = lock > 0 ? now + lock : null;
      if (lockedUntil !== null) repo.update(row.id, { lockedUntil });
      return { failures, lockedUntil };
    });
    log('warn', `Failed sign-in as ${accountLabel(row)}: ${why} (${failures} in a row).`);
    if (lockedUntil === null) return { ok: false, kind: 'refused', message: NO_MATCH };
    log('warn', `The account ${accountLabel(row)} is locked until ${at(lockedUntil)} after ${failures} failed sign-ins in a row.`);
    return lockedOutcome({ ...row, failedSignIns: failures, lockedUntil }, now);
  };

  /** Checks a local account's password; answers the outcome of a failure, or undefined when it matches. */
  const checkPassword = async (row: AccountRow | undefined, password: string): Promise<SignInRefusal | undefined> => {
    if (row?.lockedUntil != null && row.lockedUntil > clock.millis()) return lockedOutcome(row, clock.millis());
    if (!row?.passwordHash) {
      // A single sign-on account has no password to guess, so nothing to lock: a lock would only show on the Accounts page.
      await hasher.verifyNobody(password);
      if (row) log('warn', `Failed sign-in as ${accountLabel(row)}: the account signs in through single sign-on, not with a password.`);
      return { ok: false, kind: 'refused', message: NO_MATCH };
    }
    let matches: boolean;
    try {
      matches = await hasher.verify(password, row.passwordHash, accountLabel(row));
    } catch (error) {
      // A damaged stored hash refuses like a wrong password and tells the log; anything else (the engine stopping) is the caller's to hear.
      if (!(error instanceof UnreadablePasswordHashError)) throw error;
      deps.log.write({ level: 'error', source: SOURCE, message: error.message });
      return { ok: false, kind: 'refused', message: NO_MATCH };
    }
    if (!matches) return failed(row, 'wrong password');
    if (row.disabled) return failed(row, 'the account is disabled');
    return undefined;
  };

  const rehashIfWeaker = async (row: AccountRow, password: string) => {
    const kept = parametersOf(row.passwordHash!, accountLabel(row));
    const wanted = hasher.parameters;
    if (kept.N >= wanted.N && kept.r >= wanted.r && kept.p >= wanted.p) return;
    repo.update(row.id, { passwordHash: await hasher.hash(password), updatedAt: clock.millis() });
  };

  return {
    needsFirstAdministrator: () => repo.count() === 0,

    async createFirstAdministrator(input) {
      const { username, displayName, password } = parsedOrRefused(FirstAdministratorSchema, input, 'The first administrator cannot be created');
      const refusal = () => new CallRefusedError('casebridge already has an administrator: sign in, or ask them to add your account.', 'invalid_input');
      if (repo.count() > 0) throw refusal();
      const passwordHash = await hasher.hash(password);
      const now = clock.millis();
      // Checked again in the transaction: two people may have sent the setup at once.
      const row = deps.write(() => {
        if (repo.count() > 0) throw refusal();
        return repo.insert({
          username,
          displayName,
          role: 'administrator',
          source: 'local',
          passwordHash,
          subject: null,
          issuer: null,
          createdAt: now,
          createdBy: 'the first start’s setup',
          updatedAt: now,
          lastSignInAt: now,
        });
      });
      log('info', `The first administrator, ${accountLabel(row)}, was created with the setup code and signed in.`, row);
      return callerOfAccount(row.id, row);
    },

    async signIn(username, password) {
      const name = UsernameSchema.safeParse(username);
      const row = name.success ? repo.byUsername(name.data) : undefined;
      if (!row) {
        await hasher.verifyNobody(typeof password === 'string' ? password : '');
        log('warn', name.success ? `Failed sign-in as "${name.data}": no account has that user name.` : 'Failed sign-in with a user name no account could have.');
        return { ok: false, kind: 'refused', message: NO_MATCH };
      }
      const failure = await checkPassword(row, typeof password === 'string' ? password : '');
      if (failure) return failure;
      const now = clock.millis();
      repo.update(row.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: now, updatedAt: now });
      try {
        await rehashIfWeaker(row, password);
      } catch (error) {
        log('warn', `The password of ${accountLabel(row)} could not be hashed again with today's parameters: ${error instanceof Error ? error.message : String(error)}`);
      }
      log('info', `${accountLabel(row)} signed in with a password.`, row);
      return { ok: true, caller: callerOfAccount(row.id, row) };
    },

    signInFromProvider(person): ProviderSignInOutcome {
      const parsed = ProviderPersonSchema.safeParse(person);
      if (!parsed.success) {
        const why = describeIssues(issuesOf(parsed.error));
        log('warn', `A single sign-on was refused: the identity provider's answer is not usable (${why}).`);
        return { ok: false, message: `The identity provider's answer cannot be used for a casebridge account (${why}). Ask your IT team.` };
      }
      const { issuer, subject, username, role } = parsed.data;
      const displayName = parsed.data.displayName || username;
      const now = clock.millis();
      const known = repo.byProviderSubject(issuer, subject);
      if (known?.disabled) {
        log('warn', `Single sign-on refused for ${accountLabel(known)}: the account is disabled.`);
        return { ok: false, message: `Your casebridge account (${known.username}) is disabled. Ask a casebridge administrator to enable it.` };
      }
      const holder = repo.byUsername(username);
      if (!known && holder) {
        log(
          'warn',
          `Single sign-on refused for "${username}" from ${issuer}: another account (${holder.source === 'local' ? 'one with a password' : 'from another identity provider'}) has that user name.`,
        );
        return {
          ok: false,
          message: `casebridge already has an account named ${username} that signs in ${holder.source === 'local' ? 'with a password' : 'through another identity provider'}, so single sign-on cannot create yours. Ask a casebridge administrator.`,
        };
      }
      if (known) {
        // The provider is the authority on the name and the groups; a user name it renamed is taken when free.
        const rename = known.username !== username && !holder ? { username } : {};
        const row = repo.update(known.id, { ...rename, displayName, role, lastSignInAt: now, updatedAt: now })!;
        if (known.role !== role) log('info', `${accountLabel(row)}'s role is now ${role} (was ${known.role}), from their groups at the identity provider.`);
        log('info', `${accountLabel(row)} signed in through single sign-on.`, row);
        return { ok: true, caller: callerOfAccount(row.id, row) };
      }
      const row = repo.insert({
        username,
        displayName,
        role,
        source: 'oidc',
        passwordHash: null,
        subject,
        issuer,
        createdAt: now,
        createdBy: `single sign-on (${issuer})`,
        updatedAt: now,
        lastSignInAt: now,
      });
      log('info', `${accountLabel(row)} signed in through single sign-on for the first time; their account was created as ${role}.`, row);
      return { ok: true, caller: callerOfAccount(row.id, row) };
    },

    async changeOwnPassword(accountId, current, next) {
      const row = repo.byId(accountId);
      if (!row || row.disabled) throw new CallRefusedError('Your account is not enabled; sign in again.', 'invalid_input');
      if (!row.passwordHash) throw new CallRefusedError('Your account signs in through single sign-on: change your password with your council account.', 'invalid_input');
      parsedOrRefused(NewPasswordSchema, { next }, 'The new password is not accepted');
      if (current === next)
        throw new CallRefusedError('The new password is the same as the current one.', 'invalid_input', [{ path: 'next', message: 'must differ from the current password' }]);
      // A wrong current password counts as a failed sign-in: a console left open is not a way to keep guessing.
      const failure = await checkPassword(row, typeof current === 'string' ? current : '');
      if (failure?.kind === 'locked') throw new CallRefusedError(failure.message, 'invalid_input', [{ path: 'current', message: 'the account is locked' }]);
      if (failure) throw new CallRefusedError('The current password is not right.', 'invalid_input', [{ path: 'current', message: 'not the current password' }]);
      const passwordHash = await hasher.hash(next);
      const now = clock.millis();
      repo.update(row.id, { passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: now });
      log('info', `${accountLabel(row)} changed their own password.`, row);
    },
  };
}
