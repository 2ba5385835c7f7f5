/** What an account row becomes outside the store: the caller a signed-in person is, and the console's view. */
import type { AccountView, Caller } from '../../../shared/domain/people';
import { isoInZone } from '../clock';
import type { AccountRow } from '../store/account-repo';

type CallerParts = Pick<AccountRow, 'displayName' | 'role' | 'source' | 'username'>;

export function callerOfAccount(accountId: number, row: CallerParts): Caller {
  return { name: row.displayName, role: row.role, source: row.source, accountId, username: row.username };
}

/** "Sam Patel (sam.patel)": how records name an account. */
export const accountLabel = (row: Pick<AccountRow, 'displayName' | 'username'>) => `${row.displayName} (${row.username})`;

export function accountView(row: AccountRow, zone: string, now: number): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    source: row.source,
    disabled: row.disabled,
    ...(row.lockedUntil !== null && row.lockedUntil > now ? { lockedUntil: isoInZone(row.lockedUntil, zone) } : {}),
    ...(row.lastSignInAt !== null ? { lastSignInAt: isoInZone(row.lastSignInAt, zone) } : {}),
    createdAt: isoInZone(row.createdAt, zone),
    createdBy: row.createdBy,
  };
}
