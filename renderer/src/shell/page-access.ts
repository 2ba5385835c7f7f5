/**
 * Which pages a person may open, from the same role table the engine enforces. A page left out of
 * the navigation can still be reached by its address: it then says whose role can open it.
 */
import { PAGE_IDS, type PageId } from '../../../shared/domain/pages';
import { ROLE_LABELS, rolesWith, type Permission, type Role } from '../../../shared/domain/people';

/** The permission opening each page needs; the rest of a page's actions are checked where they are. */
export const PAGE_PERMISSIONS: Readonly<Record<PageId, Permission>> = {
  connections: 'connections',
  templates: 'view',
  rules: 'view',
  cases: 'view',
  tenants: 'tenants',
  jobs: 'view',
  // Anyone may read what alerts go where; saving needs 'connections' (the contract's calls).
  alerts: 'view',
  log: 'view',
  audit: 'audit',
  'subject-access': 'retention',
  network: 'view',
  accounts: 'accounts',
};

export function mayOpenPage(permissions: readonly Permission[], page: PageId): boolean {
  return permissions.includes(PAGE_PERMISSIONS[page]);
}

/** The pages to offer, in navigation order. */
export function openablePages(permissions: readonly Permission[]): PageId[] {
  return PAGE_IDS.filter((page) => mayOpenPage(permissions, page));
}

/** The page to start on when the address names none: the one last opened if this person may, else their first. */
export function startPage(permissions: readonly Permission[], lastPage: PageId | undefined): PageId {
  if (lastPage && mayOpenPage(permissions, lastPage)) return lastPage;
  return openablePages(permissions)[0] ?? 'jobs';
}

const ROLE_PLURALS: Readonly<Record<Role, string>> = {
  administrator: 'administrators',
  designer: 'designers',
  support: 'support staff',
  viewer: 'viewers',
};

/** "administrators", "administrators and support staff", "administrators, designers and support staff". */
export function rolesInWords(roles: readonly Role[]): string {
  const words = roles.map((role) => ROLE_PLURALS[role]);
  if (words.length <= 1) return words[0] ?? 'nobody';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "Your role (Support) cannot open Connections; administrators can." */
export function pageRefusal(role: Role, pageLabel: string, page: PageId): string {
  return `Your role (${ROLE_LABELS[role]}) cannot open ${pageLabel}; ${rolesInWords(rolesWith(PAGE_PERMISSIONS[page]))} can.`;
}
