import type { ReactNode } from 'react';
import type { Permission } from '../../../shared/domain/people';
import { usePermission } from '../stores/me-store';

/**
 * Shows its children only to a person whose role allows `to`: the one place the console hides a
 * button whose call the engine would refuse (the engine still checks every call).
 */
export function Permitted({ to, children }: { to: Permission; children: ReactNode }) {
  return usePermission(to) ? children : null;
}
