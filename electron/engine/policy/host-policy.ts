/**
 * What a host (the desktop app, the headless host) takes from the machine policy at start, before
 * its engine: the policy itself (for the engine), its proxy put in the process's environment, the
 * update address, the server whose console to open, and whether `--demo` is refused.
 */
import type { PolicySettings } from '../../../shared/domain/policy';
import { loadMachinePolicy, type MachinePolicy, type PolicyPlace, type ReadPolicyText } from './policy-file';
import { applyPolicyProxy } from './policy-proxy';

export interface HostPolicy {
  machine: MachinePolicy;
  /** For the updater (electron/main/updates.ts): the policy's update address, locked or preset. */
  updateUrl?: string;
  /** The casebridge server to open: `locked` always, otherwise only where no choice was saved. */
  server?: { url: string; locked: boolean };
  /** Why `--demo` may not start here, in words for the person who asked; undefined when it may. */
  demoRefusal?: string;
}

/** Reads the policy (never half of one) and puts its proxy into `place.env`, which is the process's environment in a host. */
export function readHostPolicy(place: PolicyPlace = { platform: process.platform, env: process.env }, read?: ReadPolicyText): HostPolicy {
  const machine = loadMachinePolicy(place, read);
  if (machine.state !== 'applied') return { machine };
  const { locked = {}, presets = {} } = machine.policy;
  applyPolicyProxy(machine.policy, place.env);
  const either = <K extends 'updateUrl' | 'serverUrl' | 'demoAllowed'>(key: K): PolicySettings[K] => locked[key] ?? presets[key];
  const updateUrl = either('updateUrl');
  const serverUrl = either('serverUrl');
  return {
    machine,
    ...(updateUrl ? { updateUrl } : {}),
    ...(serverUrl ? { server: { url: serverUrl, locked: locked.serverUrl !== undefined } } : {}),
    ...(either('demoAllowed') === false ? { demoRefusal: `Demo mode is turned off by your organisation's policy (${machine.file}). Start casebridge without --demo.` } : {}),
  };
}
