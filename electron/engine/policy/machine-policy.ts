/**
 * The machine policy inside the engine: it says at start what is in force (or, for a refused file,
 * raises the `policy-refused` alarm and logs why), lays the policy over the stored settings, guards
 * the calls that save locked fields, and answers getPolicy.
 */
import type { Handlers } from '../../../shared/contract';
import { policyFieldsOf, type PolicyView } from '../../../shared/domain/policy';
import type { Health } from '../health';
import type { SettingsRepo } from '../store/settings-repo';
import { describeRefusal, type MachinePolicy } from './policy-file';
import { refuseLockedChanges, withPolicy } from './policy-locks';

export interface MachinePolicyInEngine {
  settings(repo: SettingsRepo): SettingsRepo;
  guard(handlers: Handlers): Handlers;
  view(): PolicyView;
  /** The fields of one section the policy locks, by their name in it (`lockedIn('intake')`: ['port']). */
  lockedIn(section: string): string[];
  /** Says at start what is in force, once the log exists. */
  announce(log: (level: 'info' | 'warn', message: string) => void): void;
}

export function machinePolicyInEngine(policy: MachinePolicy, health: Pick<Health, 'raise'>): MachinePolicyInEngine {
  const view: PolicyView =
    policy.state === 'applied'
      ? { state: 'applied', file: policy.file, locked: policyFieldsOf(policy.policy.locked ?? {}), presets: policyFieldsOf(policy.policy.presets ?? {}) }
      : policy.state === 'refused'
        ? { state: 'refused', file: policy.file, problems: policy.problems }
        : { state: 'none', file: policy.file };
  if (policy.state === 'refused') health.raise('policy-refused', 'warning', describeRefusal(policy));
  return {
    settings: (repo) => (policy.state === 'applied' ? withPolicy(repo, policy.policy) : repo),
    guard: (handlers) => (policy.state === 'applied' ? refuseLockedChanges(handlers, policy.policy, policy.file) : handlers),
    view: () => view,
    lockedIn: (section) => (view.state === 'applied' ? view.locked.filter((field) => field.startsWith(`${section}.`)).map((field) => field.slice(section.length + 1)) : []),
    announce(log) {
      if (policy.state === 'refused') log('warn', describeRefusal(policy));
      if (policy.state !== 'applied') return;
      const list = (fields: string[]) => (fields.length ? fields.join(', ') : 'nothing');
      if (view.state === 'applied') log('info', `Machine policy applied from ${policy.file}: locks ${list(view.locked)}; presets ${list(view.presets)}.`);
    },
  };
}
