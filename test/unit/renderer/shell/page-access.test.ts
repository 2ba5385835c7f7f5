import { describe, expect, it } from 'vitest';
import { PAGE_IDS } from '../../../../shared/domain/pages';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../../../shared/domain/people';
import { mayOpenPage, openablePages, pageRefusal, rolesInWords, startPage } from '../../../../renderer/src/shell/page-access';

const permissionsOf = (role: Role) => ROLE_PERMISSIONS[role];

describe('which pages a person may open', () => {
  it('offers an administrator every page, in navigation order', () => {
    expect(openablePages(permissionsOf('administrator'))).toEqual([...PAGE_IDS]);
  });

  it.each<[Role, string[]]>([
    ['support', ['connections', 'audit', 'subject-access', 'accounts']],
    ['designer', ['connections', 'tenants', 'audit', 'subject-access', 'accounts']],
    ['viewer', ['connections', 'tenants', 'audit', 'subject-access', 'accounts']],
  ])('leaves out of the navigation what %s may not open', (role, hidden) => {
    const shown = openablePages(permissionsOf(role));
    expect(PAGE_IDS.filter((page) => !shown.includes(page))).toEqual(hidden);
  });

  it('opens no page at all for a person with no permissions (who am I failed)', () => {
    expect(PAGE_IDS.some((page) => mayOpenPage([], page))).toBe(false);
  });

  it('starts on the page last opened when allowed, else on the first the person may open', () => {
    expect(startPage(permissionsOf('administrator'), undefined)).toBe('connections');
    expect(startPage(permissionsOf('administrator'), 'log')).toBe('log');
    // The preferences are the engine's: an administrator's last page may be Connections.
    expect(startPage(permissionsOf('support'), 'connections')).toBe('templates');
    expect(startPage(permissionsOf('support'), 'tenants')).toBe('tenants');
  });
});

describe('the refusal shown for a page reached by its address', () => {
  it('names the role and who can open the page', () => {
    expect(pageRefusal('support', 'Connections', 'connections')).toBe('Your role (Support) cannot open Connections; administrators can.');
    expect(pageRefusal('viewer', 'Tenants', 'tenants')).toBe('Your role (Viewer) cannot open Tenants; administrators and support staff can.');
    expect(pageRefusal('designer', 'Accounts', 'accounts')).toBe('Your role (Designer) cannot open Accounts; administrators can.');
  });

  it('lists roles in words', () => {
    expect(rolesInWords([])).toBe('nobody');
    expect(rolesInWords([...ROLES])).toBe('administrators, designers, support staff and viewers');
  });
});
