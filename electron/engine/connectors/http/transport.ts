/**
 * How requests leave this computer, for both connectors and the network checks: the fetch shape
 * they need (so tests can inject one), the default fetch, and proxy selection from HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY as council networks set them. The default fetch sends straight on
 * node:http(s) with keep-alive agents (a burst of jobs reuses connections), answering and failing
 * as node-fetch 3 did, whose error classes it throws; node-fetch itself now carries only requests
 * that follow redirects or use another scheme, which no caller makes today.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import zlib from 'node:zlib';
import nodeFetch, { AbortError, FetchError } from 'node-fetch';
import { isLoopbackHost } from '../../../../shared/loopback';

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
    explicitProxy ?? (url.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : url.protocol === 'http:' ? envValue(env, 'HTTP_PROXY') : undefined) ?? envValue(env, 'ALL_PROXY');
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

const decoder = new TextDecoder();
const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** Response headers read as node-fetch's Headers reads them: every value of a name, joined with ", ". */
function headersFrom(raw: readonly string[]): FetchResponseLike['headers'] {
  return {
    get(name) {
      const wanted = name.toLowerCase();
      let value: string | null = null;
      for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === wanted) value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
      return value !== null && wanted === 'content-encoding' ? value.toLowerCase() : value;
    },
  };
}

/** The body as node-fetch's text() would give it: decompressed by Content-Encoding (as node-fetch does), then UTF-8. */
function decoded(body: Buffer, encoding: string | null, method: string, status: number): Promise<Buffer> {
  if (encoding === null || method === 'HEAD' || status === 204 || status === 304 || body.length === 0) return Promise.resolve(body);
  const run = (fn: (buf: Buffer, options: zlib.ZlibOptions, done: (error: Error | null, out: Buffer) => void) => void, options: zlib.ZlibOptions = ZLIB_OPTIONS) =>
    new Promise<Buffer>((resolve, reject) => fn(body, options, (error, out) => (error ? reject(error) : resolve(out))));
  if (encoding === 'gzip' || encoding === 'x-gzip') return run(zlib.gunzip);
  // Old servers send raw deflate without its zlib header; its first byte tells which.
  if (encoding === 'deflate' || encoding === 'x-deflate') return run((body[0]! & 0x0f) === 0x08 ? zlib.inflate : zlib.inflateRaw);
  if (encoding === 'br') return run(zlib.brotliDecompress as never, {});
  return Promise.resolve(body);
}

/**
 * One exchange straight on node:http(s), for the only way the client uses fetch (no redirects
 * followed): what node-fetch 3 sends, answers and throws for it (the same default headers, its
 * FetchError and AbortError with the same messages and codes, the body decompressed and decoded
 * alike), without its WHATWG Request/Response/Headers objects and stream plumbing, which cost more
 * CPU per request than the rest of a job's attempt.
 */
function sendDirect(url: URL, init: FetchInit, agent: http.Agent): Promise<FetchResponseLike> {
  return new Promise((resolve, reject) => {
    const { signal, method } = init;
    if (signal?.aborted) {
      reject(new AbortError('The operation was aborted.'));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
    headers.accept ??= '*/*';
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    else if (/^(post|put)$/i.test(method)) headers['content-length'] = '0';
    headers['user-agent'] ??= 'node-fetch';
    headers['accept-encoding'] ??= 'gzip, deflate, br';

    let response: http.IncomingMessage | undefined;
    const onAbort = () => {
      const error = new AbortError('The operation was aborted.');
      reject(error);
      if (response) response.destroy(error);
      request.destroy();
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent, path: url.pathname + url.search });
    signal?.addEventListener('abort', onAbort);
    request.on('error', (error) => {
      reject(new FetchError(`request to ${url.href} failed, reason: ${error.message}`, 'system', error as never));
      done();
    });
    request.on('response', (incoming) => {
      response = incoming;
      const status = incoming.statusCode ?? 0;
      const responseHeaders = headersFrom(incoming.rawHeaders);
      const chunks: Buffer[] = [];
      const chunked = responseHeaders.get('transfer-encoding') === 'chunked' && !responseHeaders.get('content-length');
      const prematureClose = () => Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
      const body = new Promise<string>((resolveBody, rejectBody) => {
        const failed = (error: Error) => {
          done();
          if (error instanceof AbortError) return rejectBody(error);
          // node-fetch watches a chunked answer for its last chunk, and names its loss so.
          const cause = chunked && !incoming.complete ? prematureClose() : error;
          rejectBody(new FetchError(`Invalid response body while trying to fetch ${url.href}: ${cause.message}`, 'system', cause as never));
        };
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', failed);
        incoming.on('close', () => {
          if (!incoming.complete) failed(prematureClose());
        });
        incoming.on('end', () => {
          done();
          decoded(Buffer.concat(chunks), responseHeaders.get('content-encoding'), method, status).then((buffer) => resolveBody(decoder.decode(buffer)), failed);
        });
      });
      body.catch(() => undefined); // read by text(); a body nobody reads must not fail the process
      resolve({ status, headers: responseHeaders, text: () => body });
    });
    request.end(init.body);
  });
}

/** Keep-alive agents, one per route (direct http, direct https, each proxy), under sendDirect. */
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
  const fetch: FetchLike = (url, init) => {
    // Anything else (an unreadable URL, another scheme, redirects followed) goes through node-fetch, errors and all.
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed && (init.redirect ?? 'manual') === 'manual' && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return sendDirect(parsed, init, agentFor(parsed));
    return nodeFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal as never,
      redirect: init.redirect ?? 'manual',
      agent: (target: URL) => agentFor(target),
    });
  };
  return {
    fetch,
    route: (url) => describeProxy(selectProxy(url, env, options.proxy)),
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
