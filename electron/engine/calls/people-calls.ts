/** Who is at the console, and the accounts and single sign-on an administrator manages. */
import type { Handlers } from '../../../shared/contract';
import { CallRefusedError } from '../../../shared/dispatch';
import { ROLE_PERMISSIONS, type Caller, type Me } from '../../../shared/domain/people';

export function meOf(caller: Caller): Me {
  return {
    name: caller.name,
    role: caller.role,
    source: caller.source,
    ...(caller.username ? { username: caller.username } : {}),
    permissions: [...ROLE_PERMISSIONS[caller.role]],
    signedIn: caller.source === 'local' || caller.source === 'oidc',
  };
}

// PLACEHOLDER (issue 18, this session): the accounts service replaces these before the session ends.
const notYet = (): never => {
  throw new CallRefusedError('Accounts are being built.', 'failed');
};

export function peopleCalls(deps: { local: Caller }) {
  return {
    whoAmI: (_input, caller) => meOf(caller ?? deps.local),
    listAccounts: notYet,
    createAccount: notYet,
    updateAccount: notYet,
    resetAccountPassword: notYet,
    getSignInSettings: notYet,
    saveSignInSettings: notYet,
  } satisfies Partial<Handlers>;
}
