/**
 * The proxy in use: which proxy variables are set (credentials removed) and the route each
 * configured connection takes, decided by the very function the connectors' transport uses
 * (selectProxy), so the page can never disagree with what the connectors do. casebridge has no
 * proxy setting of its own: it follows HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY.
 */
import type { ProxyInfo, ProxyVariable } from '../../../shared/domain/network';
import { describeProxy, selectProxy, type ProxyEnv } from '../connectors/http/transport';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'] as const;

export interface ProxyTarget {
  connector: ProxyInfo['routes'][number]['connector'];
  label: string;
  target: string;
}

/** A proxy address with any user name and password replaced, safe to show. */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    if (!url.username && !url.password) return value;
    url.username = '';
    url.password = '';
    return `${url.origin} (with a user name and password, not shown)`;
  } catch {
    return value.includes('@') ? '(an address with credentials, not shown)' : value;
  }
}

/** The variables as the transport reads them (lower case first, as curl does). */
export function proxyVariables(env: ProxyEnv): ProxyVariable[] {
  const found: ProxyVariable[] = [];
  for (const name of PROXY_VARIABLES) {
    const lower = env[name.toLowerCase()];
    const value = (lower && lower.trim() ? lower : env[name])?.trim();
    if (!value) continue;
    found.push({ name: lower && lower.trim() ? name.toLowerCase() : name, value: name === 'NO_PROXY' ? value : withoutCredentials(value) });
  }
  return found;
}

export function describeProxySetup(env: ProxyEnv, targets: ProxyTarget[]): ProxyInfo {
  const variables = proxyVariables(env);
  const routes = targets.map((t) => {
    let route: string;
    try {
      route = describeProxy(selectProxy(t.target, env));
    } catch {
      route = 'unknown (the address cannot be read)';
    }
    return { ...t, route };
  });
  return { source: variables.some((v) => v.name.toUpperCase() !== 'NO_PROXY') ? 'environment' : 'none', variables, routes };
}
