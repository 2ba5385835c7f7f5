/**
 * The policy's proxy, applied the way casebridge takes a proxy: as HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY in its own environment, before the engine starts, so the connectors, the Network page
 * and single sign-on all follow it (connectors/http/transport.ts reads them).
 *
 * A locked proxy replaces whatever the environment says (both spellings, as the transport reads
 * lower case first); a preset proxy is used only when the environment names no proxy.
 */
import type { PolicyFile } from '../../../shared/domain/policy';

const NAMES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'] as const;

/** Sets the policy's proxy in `env` (the process's environment); answers whether it did. */
export function applyPolicyProxy(policy: PolicyFile, env: Record<string, string | undefined>): boolean {
  const locked = policy.locked?.proxy;
  const preset = policy.presets?.proxy;
  const proxy = locked ?? preset;
  if (!proxy) return false;
  const envNamesProxy = NAMES.slice(0, 3).some((name) => env[name]?.trim() || env[name.toLowerCase()]?.trim());
  if (!locked && envNamesProxy) return false;
  for (const name of NAMES) {
    delete env[name.toLowerCase()];
    delete env[name];
  }
  env.HTTPS_PROXY = proxy.url;
  env.HTTP_PROXY = proxy.url;
  if (proxy.noProxy?.trim()) env.NO_PROXY = proxy.noProxy.trim();
  return true;
}
