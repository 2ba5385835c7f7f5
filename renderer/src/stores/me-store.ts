import { create } from 'zustand';
import type { Me, Permission } from '../../../shared/domain/people';

/**
 * Who is at this console (`whoAmI`), loaded each time the connection opens. Until it is known the
 * console offers nothing that changes anything: the engine would refuse it anyway.
 */
export const useMeStore = create<{ me: Me | null }>(() => ({ me: null }));

function allows(me: Me | null, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** Whether the person may do what `permission` covers, outside React (event handlers, engine-sync). */
export function can(permission: Permission): boolean {
  return allows(useMeStore.getState().me, permission);
}

/** Whether the person may do what `permission` covers; re-renders when that changes. */
export function usePermission(permission: Permission): boolean {
  return useMeStore((state) => allows(state.me, permission));
}
