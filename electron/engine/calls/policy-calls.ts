/** The call about the machine policy: what is locked or preset, or why the file was refused (policy/machine-policy.ts). */
import type { Handlers } from '../../../shared/contract';
import type { MachinePolicyInEngine } from '../policy/machine-policy';

export function policyCalls(deps: { policy: Pick<MachinePolicyInEngine, 'view'> }) {
  return {
    getPolicy: () => deps.policy.view(),
  } satisfies Partial<Handlers>;
}
