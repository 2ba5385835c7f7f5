/** Who is at the console, and the accounts and single sign-on an administrator manages. */
import type { Handlers } from '../../../shared/contract';
import { ROLE_PERMISSIONS, type Caller, type Me } from '../../../shared/domain/people';
import { actingPerson } from '../acting-person';
import type { AccountAdmin } from '../people/account-admin';
import type { SignInSettingsStore } from '../people/sign-in-settings';

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

export function peopleCalls(deps: { local: Caller; admin: AccountAdmin; signInSettings: Pick<SignInSettingsStore, 'view' | 'save'> }) {
  // Who did it: the caller the transport vouches for; the person at this workstation on the desktop and the token host.
  const by = (caller: Caller | undefined) => caller ?? actingPerson() ?? deps.local;
  return {
    whoAmI: (_input, caller) => meOf(by(caller)),
    listAccounts: () => deps.admin.list(),
    createAccount: (input, caller) => deps.admin.create(input, by(caller)),
    updateAccount: (input, caller) => deps.admin.update(input, by(caller)),
    resetAccountPassword: (input, caller) => deps.admin.resetPassword(input, by(caller)),
    getSignInSettings: () => deps.signInSettings.view(),
    saveSignInSettings: (input, caller) => deps.signInSettings.save(input, by(caller)),
  } satisfies Partial<Handlers>;
}
