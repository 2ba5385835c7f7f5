/**
 * What an administrator does to accounts (the contract's listAccounts, createAccount,
 * updateAccount, resetAccountPassword), on behalf of the person the call names.
 *
 * Decisions:
 * - Accounts are never deleted, only disabled: records keep meaning who they name.
 * - Disabling an account, changing its role or resetting its password ends its sessions at once,
 *   saying who did it, so its open consoles are signed out rather than carrying on as they were.
 * - Nobody disables or demotes their own account, and the last enabled administrator stays one:
 *   either would leave a server nobody can administer. Refused on the field, in words.
 * - A reset also lifts a lock; it applies to local accounts only (single sign-on passwords are
 *   the identity provider's).
 * - A single sign-on account's role and name are the identity provider's: every sign-in sets them
 *   again from the person's groups and name there, so a change here would last until then. Refused,
 *   saying where to change them; disabling such an account works as for any other.
 */
import { CallRefusedError } from '../../../shared/dispatch';
import {
  CreateAccountInputSchema,
  ResetAccountPasswordInputSchema,
  ROLE_LABELS,
  UpdateAccountInputSchema,
  type AccountView,
  type Caller,
  type CreateAccountInput,
  type UpdateAccountInput,
} from '../../../shared/domain/people';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { AccountRepo, AccountRow } from '../store/account-repo';
import { accountLabel, accountView } from './account-row';
import { parsedOrRefused } from './input-refusal';
import type { PasswordHasher } from './password-hash';
import type { Sessions } from './people';

export interface AccountAdmin {
  list(): AccountView[];
  create(input: CreateAccountInput, by: Caller): Promise<AccountView>;
  update(input: UpdateAccountInput, by: Caller): AccountView;
  resetPassword(input: { id: number; password: string }, by: Caller): Promise<AccountView>;
}

const refusal = (message: string, path: string, issue: string) => new CallRefusedError(message, 'invalid_input', [{ path, message: issue }]);

export function createAccountAdmin(deps: {
  repo: AccountRepo;
  write: <T>(fn: () => T) => T;
  hasher: PasswordHasher;
  sessions: Pick<Sessions, 'endAllFor'>;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
}): AccountAdmin {
  const { repo, clock } = deps;
  const log = (message: string) => deps.log.write({ level: 'info', source: 'accounts', message });
  const view = (row: AccountRow) => accountView(row, clock.zone, clock.millis());
  const existing = (id: number): AccountRow => {
    const row = repo.byId(id);
    if (!row) throw refusal(`There is no account ${id}.`, 'id', 'no such account');
    return row;
  };
  const takenRefusal = (username: string, holder: AccountRow) =>
    refusal(`The user name ${username} is taken by ${holder.displayName}'s account; choose another.`, 'username', 'already taken');

  /** Refuses a change that would leave nobody to administer the server. */
  const guardAdministration = (row: AccountRow, change: { role?: string; disabled?: boolean }, by: Caller) => {
    const disabling = change.disabled === true && !row.disabled;
    const demoting = change.role !== undefined && change.role !== 'administrator' && row.role === 'administrator';
    if (!disabling && !demoting) return;
    const field = disabling ? 'disabled' : 'role';
    if (by.accountId === row.id) {
      throw refusal(
        disabling ? 'You cannot disable your own account: another administrator can.' : 'You cannot take the administrator role from your own account: another administrator can.',
        field,
        'not your own account',
      );
    }
    if (row.role === 'administrator' && !row.disabled && repo.otherEnabledAdministrators(row.id) === 0) {
      throw refusal(
        `${row.displayName} is the last enabled administrator; ${disabling ? 'disabling them' : 'changing their role'} would leave nobody to administer casebridge. Make another account an administrator first.`,
        field,
        'the last enabled administrator',
      );
    }
  };

  /** Refuses a change the identity provider would undo at the person's next sign-in. */
  const guardProviderFields = (row: AccountRow, change: { role?: string; displayName?: string }) => {
    if (row.source === 'local') return;
    if (change.role !== undefined && change.role !== row.role) {
      throw refusal(
        `${row.displayName} signs in with single sign-on, so their role comes from their groups at the identity provider at every sign-in: change their groups there (or the groups' roles under Single sign-on), or disable the account here.`,
        'role',
        'follows their groups at the identity provider',
      );
    }
    if (change.displayName !== undefined && change.displayName !== row.displayName) {
      throw refusal(
        `${row.displayName} signs in with single sign-on, so their name comes from the identity provider at every sign-in: change it there.`,
        'displayName',
        'follows their name at the identity provider',
      );
    }
  };

  return {
    list: () => repo.list().map(view),

    async create(input, by) {
      const { username, displayName, role, password } = parsedOrRefused(CreateAccountInputSchema, input, 'The account cannot be created');
      const holder = repo.byUsername(username);
      if (holder) throw takenRefusal(username, holder);
      const passwordHash = await deps.hasher.hash(password);
      const now = clock.millis();
      // Checked again with the write: another administrator may have taken the name during the hash.
      const row = deps.write(() => {
        const taken = repo.byUsername(username);
        if (taken) throw takenRefusal(username, taken);
        return repo.insert({ username, displayName, role, source: 'local', passwordHash, subject: null, issuer: null, createdAt: now, createdBy: by.name, updatedAt: now });
      });
      log(`${by.name} created the account ${accountLabel(row)} as ${ROLE_LABELS[row.role].toLowerCase()}.`);
      return view(row);
    },

    update(input, by) {
      const change = parsedOrRefused(UpdateAccountInputSchema, input, 'The account cannot be changed');
      const before = existing(change.id);
      const { row, what } = deps.write(() => {
        guardProviderFields(before, change);
        guardAdministration(before, change, by);
        const next = {
          ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        };
        const row = repo.update(before.id, { ...next, updatedAt: clock.millis() })!;
        const what = [
          row.displayName !== before.displayName ? `renamed it from ${before.displayName}` : '',
          row.role !== before.role ? `changed its role from ${ROLE_LABELS[before.role].toLowerCase()} to ${ROLE_LABELS[row.role].toLowerCase()}` : '',
          row.disabled !== before.disabled ? (row.disabled ? 'disabled it' : 'enabled it') : '',
        ].filter(Boolean);
        return { row, what };
      });
      if (what.length > 0) log(`${by.name} changed the account ${accountLabel(row)}: ${what.join(', ')}.`);
      if (row.disabled && !before.disabled) deps.sessions.endAllFor(row.id, `your account was disabled by ${by.name}`);
      else if (row.role !== before.role && !row.disabled) deps.sessions.endAllFor(row.id, `your role was changed to ${ROLE_LABELS[row.role]} by ${by.name}; sign in again`);
      return view(row);
    },

    async resetPassword(input, by) {
      const { id, password } = parsedOrRefused(ResetAccountPasswordInputSchema, input, 'The password cannot be reset');
      const row = existing(id);
      if (row.source !== 'local') {
        throw refusal(`${row.displayName} signs in through single sign-on: their password is kept by the identity provider, not casebridge.`, 'id', 'a single sign-on account');
      }
      const passwordHash = await deps.hasher.hash(password);
      const after = repo.update(row.id, { passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: clock.millis() })!;
      log(`${by.name} reset the password of ${accountLabel(after)}${row.lockedUntil !== null && row.lockedUntil > clock.millis() ? ', which also lifted its lock' : ''}.`);
      deps.sessions.endAllFor(row.id, `your password was reset by ${by.name}`);
      return view(after);
    },
  };
}
