/**
 * How requests leave this computer: the fetch shape the client needs (so tests can inject one),
 * the default fetch (node-fetch with keep-alive agents, so a burst of jobs reuses connections),
 * and proxy selection from HTTPS_PROXY / HTTP_PROXY / NO_PROXY as council networks set them.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import nodeFetch from 'node-fetch';
import { isLoopbackHost } from '../../../../shared/network';

export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'manual' | 'follow' | 'error';
}

/** The part of fetch the connector uses; node-fetch 3 and Node's global fetch both fit. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export type ProxyEnv = Record<string, string | undefined>;

function envValue(env: ProxyEnv, name: string): string | undefined {
  // Lower case first, as curl does; Windows environments are case-insensitive anyway.
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1 are never sent through a proxy. */
export { isLoopbackHost };

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/**
 * NO_PROXY entries: `*` (everything), host names (`intranet`), domain suffixes (`.council.gov.uk`,
 * `council.gov.uk` and `*.council.gov.uk` all match the domain and its sub-domains), optional
 * `:port`, IP addresses and IPv4 CIDR ranges (`10.0.0.0/8`). Separated by commas or spaces.
 */
export function matchesNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2];
    } else if (isIP(entry) !== 6 && !entry.includes('/')) {
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m) {
        entry = m[1]!;
        entryPort = m[2];
      }
    }
    if (entryPort && entryPort !== port) continue;
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(entry);
    if (cidr) {
      if (isIP(host) !== 4) continue;
      const bits = Number(cidr[2]);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if ((ipv4ToInt(host) & mask) === (ipv4ToInt(cidr[1]!) & mask)) return true;
      continue;
    }
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function normaliseProxyUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

/**
 * The proxy to use for `target`, or null for a direct connection. `explicitProxy` is a setting
 * that overrides the environment (null = never use a proxy, undefined = use the environment).
 * https targets use HTTPS_PROXY, http targets HTTP_PROXY, either falls back to ALL_PROXY
 * (curl's rules; HTTP_PROXY is deliberately not used for https targets).
 */
export function selectProxy(target: string | URL, env: ProxyEnv = process.env, explicitProxy?: string | null): string | null {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (isLoopbackHost(url.hostname)) return null;
  if (explicitProxy === null) return null;
  if (matchesNoProxy(url, envValue(env, 'NO_PROXY'))) return null;
  const chosen =
    explicitProxy ??
    (url.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : url.protocol === 'http:' ? envValue(env, 'HTTP_PROXY') : undefined) ??
    envValue(env, 'ALL_PROXY');
  return chosen ? normaliseProxyUrl(chosen) : null;
}

/** A proxy address safe to show or log: credentials removed. */
export function describeProxy(proxy: string | null): string {
  if (!proxy) return 'direct (no proxy)';
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return `proxy ${url.origin}`;
  } catch {
    return 'proxy (unreadable address)';
  }
}

export interface DefaultFetchOptions {
  proxyEnv?: ProxyEnv;
  /** A proxy setting that overrides the environment (null = direct). */
  proxy?: string | null;
}

export interface Transport {
  fetch: FetchLike;
  /** Which route a URL would take, for diagnostics ("direct" or "proxy http://host:port"). */
  route(url: string): string;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/** node-fetch with keep-alive agents, one per route (direct http, direct https, each proxy). */
export function createDefaultTransport(options: DefaultFetchOptions = {}): Transport {
  const env = options.proxyEnv ?? process.env;
  const agents = new Map<string, http.Agent>();
  const agentFor = (url: URL): http.Agent => {
    const proxy = selectProxy(url, env, options.proxy);
    const key = `${url.protocol}|${proxy ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      const keepAlive = { keepAlive: true, maxSockets: 32 };
      if (proxy) agent = url.protocol === 'https:' ? new HttpsProxyAgent(proxy, keepAlive) : new HttpProxyAgent(proxy, keepAlive);
      else agent = url.protocol === 'https:' ? new https.Agent(keepAlive) : new http.Agent(keepAlive);
      agents.set(key, agent);
    }
    return agent;
  };
  const fetch: FetchLike = (url, init) =>
    nodeFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal as never,
      redirect: init.redirect ?? 'manual',
      agent: (parsed: URL) => agentFor(parsed),
    });
  return {
    fetch,
    route: (url) => describeProxy(selectProxy(url, env, options.proxy)),
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
