/**
 * A step-by-step diagnosis of one connection, on ONE connection as the connectors would make it:
 * the address, DNS, TCP connect (through the proxy the transport would choose, with a CONNECT
 * tunnel for https), TLS (certificate subject, issuer, expiry days, trust), an HTTP answer, then
 * the connector's own authentication check and a clock comparison. Each step has its time; the
 * first failure stops the rest and says in plain words what it means and what to do.
 *
 * Connector-neutral: a connector plugs in with a ConnectorCheck (the URL the HTTP step asks for,
 * its own reading of that answer, its authentication check). A 403 whose answer names the IP
 * allowlist (Civica Cx's IP_NOT_ALLOWED) is explained for every connector, with this
 * workstation's addresses, so a Cx diagnosis needs only its check.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { DIAGNOSIS_STEP_NAMES, type CertificateFacts, type Diagnosis, type DiagnosisStep, type DiagnosisStepName } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import { describeProxy, selectProxy, type ProxyEnv } from '../connectors/http/transport';
import { quoteUntrusted } from './public-address';

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
/** Beyond this difference from a server's Date header, the workstation's clock is called wrong. */
export const DEFAULT_MAX_CLOCK_OFFSET_MS = 60_000;
/** A certificate expiring sooner than this is mentioned (the step still passes). */
const EXPIRY_WARNING_DAYS = 14;
const MAX_BODY_CHARS = 4_096;

export const STEP_LABELS: Record<DiagnosisStepName, string> = {
  address: 'Address and route',
  dns: 'Look up the name (DNS)',
  tcp: 'Connect (TCP)',
  tls: 'Secure connection (TLS)',
  http: 'HTTP answer',
  authenticate: 'Authenticate',
  clock: "Compare clocks",
};

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** The first 4 KB of the body, as text (untrusted). */
  body: string;
  ms: number;
}

export interface StepVerdict {
  ok: boolean;
  detail: string;
  advice?: string;
}

/** What advice needs to know: who to ask, and the addresses to ask for. */
export interface AdviceContext {
  label: string;
  host: string;
  port: number;
  /** The allowlist advice, with this workstation's addresses. */
  allowlistAdvice(lead: string): Promise<string>;
}

export interface ConnectorCheck {
  connector: string;
  /** As people name the system: "Tascomi / Idox Cloud", "Civica Cx". */
  label: string;
  baseUrl: string;
  /** What the HTTP step asks for, without credentials (default: the base URL). */
  httpUrl?: string;
  /** The connector's own reading of the HTTP answer; undefined leaves it to the general one. */
  interpretHttp?(answer: HttpAnswer, context: AdviceContext): Promise<StepVerdict | undefined> | StepVerdict | undefined;
  /**
   * The connector's own authentication check: an `authenticate` step, and a `clock` step when it
   * measures the server's clock more exactly than a Date header.
   */
  authenticate?(): Promise<DiagnosisStep[]>;
}

export interface DiagnoseDeps {
  clock: Clock;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
  proxyEnv?: ProxyEnv;
  /** Each network step gives up after this long (default 10 s). */
  stepTimeoutMs?: number;
  maxClockOffsetMs?: number;
  /** The addresses to ask a remote system to allow (public first); read only when advice needs them. */
  allowlistAddresses(): Promise<string[]> | string[];
  /** Injectable for tests. */
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
  connectSocket?: (host: string, port: number) => net.Socket;
  /** Certificates to trust instead of the system's (tests). */
  ca?: string | Buffer | (string | Buffer)[];
}

class StepFailure extends Error {
  constructor(
    readonly step: DiagnosisStepName,
    readonly ms: number,
    readonly detail: string,
    readonly advice?: string,
    readonly certificate?: CertificateFacts,
  ) {
    super(detail);
  }
}

const ignore = () => {};

/**
 * The TLS socket first, then the connection under it, each once: destroying a plain socket while
 * the TLS socket wrapping it is still open crashed Node 20 (a segmentation fault) in our tests.
 */
function closeAll(sockets: net.Socket[]): void {
  for (const socket of sockets.splice(0).reverse()) socket.destroy();
}
const elapsed = (started: number) => Math.round(performance.now() - started);
const seconds = (ms: number) => `${ms / 1000} s`;

/** Resolves with the promise, or rejects with `onTimeout()` after `ms` (real time: the network is not on the clock). */
function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

function formatName(name: unknown): string {
  if (!name || typeof name !== 'object') return '(none)';
  const parts = Object.entries(name as Record<string, unknown>).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`);
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

function certificateFacts(cert: tls.PeerCertificate, nowMs: number): CertificateFacts | undefined {
  if (!cert || !cert.valid_to) return undefined;
  const validTo = Date.parse(cert.valid_to);
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  return {
    subject,
    issuer,
    validTo: Number.isFinite(validTo) ? new Date(validTo).toISOString() : cert.valid_to,
    expiresInDays: Number.isFinite(validTo) ? Math.floor((validTo - nowMs) / 86_400_000) : 0,
    selfSigned: subject === issuer,
  };
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/** The words of the answer that say the caller's address is not allowed (Civica Cx: IP_NOT_ALLOWED). */
export function isAllowlistRefusal(answer: Pick<HttpAnswer, 'status' | 'body'>): boolean {
  if (answer.status !== 403) return false;
  try {
    const parsed = JSON.parse(answer.body) as { code?: unknown };
    if (parsed && typeof parsed === 'object' && parsed.code === 'IP_NOT_ALLOWED') return true;
  } catch {
    // not JSON: look at the words
  }
  return /IP_NOT_ALLOWED|not (on the )?allow ?list|not whitelisted|ip address .*not allowed/i.test(answer.body);
}

/**
 * What an answer's body says, for a person: an API's JSON error as its code and message (Cx:
 * `{code, message}`), anything else as the text; quoted safely and shortened.
 */
export function answerWords(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const message = [parsed.message, parsed.error, parsed.detail].find((m): m is string => typeof m === 'string' && m.trim() !== '');
    if (parsed && typeof parsed === 'object' && message) return quoteUntrusted(typeof parsed.code === 'string' ? `${parsed.code}: ${message}` : message, 160);
  } catch {
    // not JSON: the text itself
  }
  return quoteUntrusted(body, 160);
}

/** The general reading of an HTTP answer: a web server answered, unless it says otherwise. */
export async function generalHttpVerdict(answer: HttpAnswer, context: AdviceContext): Promise<StepVerdict> {
  const said = answer.body.trim() ? ` It said: "${answerWords(answer.body)}"` : '';
  if (isAllowlistRefusal(answer)) {
    return {
      ok: false,
      detail: `${context.label} refused this workstation's address (HTTP 403).${said}`,
      advice: await context.allowlistAdvice(`${context.label} only accepts calls from addresses on its IP allowlist, and this workstation's is not on it.`),
    };
  }
  if (answer.status === 407) {
    return {
      ok: false,
      detail: 'The proxy asks for a user name and password (HTTP 407).',
      advice: 'Put the proxy user name and password in the proxy variable (http://user:password@proxy:port), or ask IT to let this workstation through the proxy without them.',
    };
  }
  if (answer.status >= 500) {
    return {
      ok: false,
      detail: `The server, or a proxy on the way, answered HTTP ${answer.status} ${answer.statusText}: it was reached but is not serving.${said}`,
      advice: `Try again in a few minutes. If it persists, tell the administrators of ${context.label}, with the time of this diagnosis.`,
    };
  }
  const server = typeof answer.headers.server === 'string' ? ` (server: ${quoteUntrusted(answer.headers.server, 40)})` : '';
  return { ok: true, detail: `The web server answered HTTP ${answer.status} ${answer.statusText} in ${answer.ms} ms${server}.` };
}

function describeSocketError(error: unknown, where: string, timeoutMs: number): { detail: string; kind: 'timeout' | 'refused' | 'unreachable' | 'reset' | 'other' } {
  const code = errorCode(error);
  switch (code) {
    case 'ETIMEDOUT':
      return { kind: 'timeout', detail: `No answer from ${where} within ${seconds(timeoutMs)}: the connection attempt timed out.` };
    case 'ECONNREFUSED':
      return { kind: 'refused', detail: `${where} refused the connection (ECONNREFUSED): nothing accepts connections there, or a firewall rejects this workstation.` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'unreachable', detail: `There is no route from this workstation to ${where} (${code}).` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', detail: `The connection to ${where} was cut (${code}).` };
    default:
      return { kind: 'other', detail: `Could not connect to ${where}: ${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}.` };
  }
}

function connectOnce(connect: (host: string, port: number) => net.Socket, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(host, port);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TimeoutError('timed out'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Later errors reach whoever uses the socket next; none may go unheard and end the process.
      socket.on('error', ignore);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

/** Asks an http proxy to open a tunnel to host:port; resolves with its status line's code. */
function openTunnel(socket: net.Socket, proxy: URL, host: string, port: number, timeoutMs: number): Promise<{ status: number; line: string }> {
  return new Promise((resolve, reject) => {
    const authority = net.isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
    const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.username) {
      const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
    }
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => done(new TimeoutError('timed out')), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > 16_384) done(new Error('the proxy answered with an endless header'));
        return;
      }
      const line = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(line)?.[1] ?? 0);
      // Anything after the header belongs to the tunnel (nothing, before we speak first).
      if (end + 4 < buffered.length) socket.unshift(buffered.subarray(end + 4));
      done(undefined, { status, line });
    };
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('the proxy closed the connection without answering'));
    const done = (error?: Error, value?: { status: number; line: string }) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(value!);
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  });
}

function secureConnect(socket: net.Socket, host: string, ca: DiagnoseDeps['ca'], timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      servername: net.isIP(host) ? undefined : host,
      // We judge the certificate ourselves, so that its facts can be shown even when it fails.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(ca ? { ca } : {}),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new TimeoutError('timed out'));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.on('error', ignore);
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    });
  });
}

function httpGet(socket: net.Socket, target: URL, viaProxy: boolean, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request({
      method: 'GET',
      // Through a proxy without a tunnel (plain http), the request names the whole URL.
      path: viaProxy ? target.href : `${target.pathname}${target.search}`,
      headers: { host: target.host, 'user-agent': 'casebridge-diagnostics', accept: 'application/json, */*', connection: 'close' },
      createConnection: () => socket,
    });
    const timer = setTimeout(() => {
      request.destroy(new TimeoutError('timed out'));
    }, timeoutMs);
    request.once('response', (response) => {
      let body = '';
      const finish = () => {
        clearTimeout(timer);
        response.destroy();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body, ms: elapsed(started) });
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.length >= MAX_BODY_CHARS) {
          body = body.slice(0, MAX_BODY_CHARS);
          finish();
        }
      });
      response.once('end', finish);
      response.once('error', finish);
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

function allowlistAdviceFor(label: string, deps: DiagnoseDeps): (lead: string) => Promise<string> {
  return async (lead) => {
    let addresses: string[] = [];
    try {
      addresses = await deps.allowlistAddresses();
    } catch {
      // the advice still stands without the list
    }
    const list = addresses.length > 0 ? `: ${addresses.join(', ')}` : '';
    return `${lead} Ask the administrators of ${label} to allow this workstation's addresses${list} (the addresses table above has "Copy all for an email"). If they say the addresses are allowed, ask your IT team whether the council firewall lets this workstation out to that address and port.`;
  };
}

/** Runs every step against `check` and answers them all; never throws for a network failure. */
export async function diagnose(check: ConnectorCheck, deps: DiagnoseDeps): Promise<Diagnosis> {
  const startedAt = deps.clock.now().toISO()!;
  const timeoutMs = deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const env = deps.proxyEnv ?? process.env;
  const steps: DiagnosisStep[] = [];
  const add = (name: DiagnosisStepName, status: 'ok' | 'skipped', ms: number, detail: string, extra: Partial<DiagnosisStep> = {}) =>
    steps.push({ name, label: STEP_LABELS[name], status, ok: true, ms, detail, ...extra });
  const allowlistAdvice = allowlistAdviceFor(check.label, deps);
  let route = 'not decided (the address could not be read)';
  let allowlistAddresses: string[] = [];
  const sockets: net.Socket[] = [];

  const finish = (failure?: StepFailure): Diagnosis => {
    if (failure) {
      steps.push({
        name: failure.step,
        label: STEP_LABELS[failure.step],
        status: 'failed',
        ok: false,
        ms: failure.ms,
        detail: failure.detail,
        ...(failure.advice ? { advice: failure.advice } : {}),
        ...(failure.certificate ? { certificate: failure.certificate } : {}),
      });
    }
    for (const name of DIAGNOSIS_STEP_NAMES) {
      if (!steps.some((s) => s.name === name)) steps.push({ name, label: STEP_LABELS[name], status: 'not-run', ok: false, ms: 0, detail: 'Not run: an earlier step failed.' });
    }
    steps.sort((a, b) => DIAGNOSIS_STEP_NAMES.indexOf(a.name) - DIAGNOSIS_STEP_NAMES.indexOf(b.name));
    return {
      connector: check.connector,
      label: check.label,
      target: check.baseUrl,
      route,
      ok: !failure,
      steps,
      ...(failure ? { reason: failure.detail } : {}),
      allowlistAddresses,
      startedAt,
    };
  };

  try {
    // 1. The address and the route the connector's transport would take.
    let url: URL;
    try {
      url = new URL(check.baseUrl);
    } catch {
      throw new StepFailure('address', 0, `"${quoteUntrusted(check.baseUrl, 100)}" is not a web address.`, `Correct the address of ${check.label} on the Connections page.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new StepFailure('address', 0, `"${url.protocol}" addresses cannot be diagnosed: only https (and http for a test system).`, `Correct the address of ${check.label} on the Connections page.`);
    }
    const httpUrl = new URL(check.httpUrl ?? check.baseUrl);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const proxy = selectProxy(url, env);
    route = describeProxy(proxy);
    let proxyUrl: URL | undefined;
    if (proxy) {
      try {
        proxyUrl = new URL(proxy);
      } catch {
        throw new StepFailure('address', 0, `The proxy address in the environment cannot be read.`, 'Correct HTTPS_PROXY / HTTP_PROXY (for example http://proxy.council.local:8080).');
      }
    }
    const secure = url.protocol === 'https:';
    add('address', 'ok', 0, `${url.origin}, ${route}.`);
    const context: AdviceContext = { label: check.label, host, port, allowlistAdvice };

    // 2. DNS: the name we connect to (the proxy's, when there is one: it looks up the target itself).
    const dialHost = proxyUrl ? proxyUrl.hostname.replace(/^\[|\]$/g, '') : host;
    const dialPort = proxyUrl ? Number(proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80)) : port;
    const dialWhat = proxyUrl ? `the proxy ${dialHost}:${dialPort}` : `${dialHost}:${dialPort}`;
    let addresses: string[];
    if (net.isIP(dialHost)) {
      addresses = [dialHost];
      add('dns', 'skipped', 0, `${dialHost} is an IP address: there is no name to look up.`);
    } else {
      const lookup = deps.lookup ?? ((name: string) => dnsLookup(name, { all: true, verbatim: true }));
      const started = performance.now();
      try {
        const found = await withTimeout(lookup(dialHost), timeoutMs, () => new TimeoutError('timed out'));
        addresses = found.map((a) => a.address);
        if (addresses.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' });
      } catch (error) {
        const code = errorCode(error);
        const ms = elapsed(started);
        if (code === 'ENOTFOUND' || code === 'ENODATA') {
          throw new StepFailure(
            'dns',
            ms,
            `The name ${dialHost} was not found (${code}).`,
            proxyUrl
              ? 'Check the proxy address in HTTPS_PROXY / HTTP_PROXY for typing errors, or ask IT for the right one.'
              : `Check the address of ${check.label} for typing errors. If it is right, this workstation cannot resolve it: on a network that reaches the internet only through a proxy, set HTTPS_PROXY for casebridge; otherwise ask IT to check DNS.`,
          );
        }
        throw new StepFailure(
          'dns',
          ms,
          code === 'ETIMEDOUT' ? `The name ${dialHost} could not be looked up: DNS did not answer within ${seconds(timeoutMs)}.` : `The name ${dialHost} could not be looked up (${code ?? String(error)}).`,
          "Check this workstation's network connection (and VPN, if the system is reached through one), then ask IT to check its DNS servers.",
        );
      }
      add('dns', 'ok', elapsed(started), `${dialHost} is ${addresses.join(', ')}.`);
    }

    // 3. TCP: each address in turn until one accepts (as a browser would); then the proxy tunnel.
    const connect = deps.connectSocket ?? ((h: string, p: number) => net.connect({ host: h, port: p }));
    let socket: net.Socket | undefined;
    const tcpStarted = performance.now();
    const refusedOn: string[] = [];
    let lastError: unknown;
    for (const address of addresses) {
      try {
        socket = await connectOnce(connect, address, dialPort, timeoutMs);
        sockets.push(socket);
        break;
      } catch (error) {
        lastError = error;
        refusedOn.push(`${address} (${errorCode(error) ?? 'failed'})`);
      }
    }
    if (!socket) {
      const ms = elapsed(tcpStarted);
      const where = `${dialWhat}${addresses.length > 1 ? ` (tried ${addresses.join(', ')})` : ''}`;
      const described = describeSocketError(lastError, where, timeoutMs);
      if (proxyUrl) {
        throw new StepFailure('tcp', ms, described.detail, 'Check the proxy address in HTTPS_PROXY / HTTP_PROXY, and ask IT whether the proxy is running and lets this workstation connect.');
      }
      const lead =
        described.kind === 'timeout'
          ? `A firewall is most likely dropping this workstation's connections to ${host}:${port}.`
          : described.kind === 'refused'
            ? `Check the port in the address and that ${check.label} is running; if it is, a firewall in front of it may be rejecting this workstation.`
            : described.kind === 'unreachable'
              ? `Check this workstation's network connection (and VPN, if ${check.label} is reached through one).`
              : `A firewall may be cutting this workstation's connections to ${host}:${port}.`;
      throw new StepFailure('tcp', ms, described.detail, await allowlistAdvice(lead));
    }
    let tcpDetail = `Connected to ${dialWhat} at ${socket.remoteAddress ?? addresses[0]}${refusedOn.length > 0 ? ` (before that: ${refusedOn.join(', ')})` : ''}.`;
    if (proxyUrl && secure) {
      let tunnel: { status: number; line: string };
      try {
        tunnel = await openTunnel(socket, proxyUrl, host, port, timeoutMs);
      } catch (error) {
        throw new StepFailure('tcp', elapsed(tcpStarted), describeSocketError(error, `the proxy ${dialHost}:${dialPort}`, timeoutMs).detail, 'Ask IT whether the proxy is running and lets this workstation through.');
      }
      if (tunnel.status === 407) {
        throw new StepFailure('tcp', elapsed(tcpStarted), `The proxy asks for a user name and password to reach ${host}:${port} (HTTP 407).`, 'Put the proxy user name and password in the proxy variable (http://user:password@proxy:port), or ask IT to let this workstation through without them.');
      }
      if (tunnel.status !== 200) {
        throw new StepFailure('tcp', elapsed(tcpStarted), `The proxy would not connect to ${host}:${port}: "${quoteUntrusted(tunnel.line, 80)}".`, `Ask IT to allow ${host} port ${port} through the proxy, or to add it to NO_PROXY if it must be reached directly.`);
      }
      tcpDetail += ` The proxy opened a tunnel to ${host}:${port}.`;
    }
    add('tcp', 'ok', elapsed(tcpStarted), tcpDetail);

    // 4. TLS: the certificate's facts, then whether this workstation trusts it for this name.
    let channel: net.Socket = socket;
    if (!secure) {
      add('tls', 'skipped', 0, 'Not used: the address is plain http (a test system on this machine).');
    } else {
      const started = performance.now();
      let secured: tls.TLSSocket;
      try {
        secured = await secureConnect(socket, host, deps.ca, timeoutMs);
        sockets.push(secured);
      } catch (error) {
        const code = errorCode(error);
        throw new StepFailure(
          'tls',
          elapsed(started),
          code === 'ETIMEDOUT'
            ? `The secure connection with ${host}:${port} was not set up within ${seconds(timeoutMs)}.`
            : `The secure connection with ${host}:${port} failed: ${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}.`,
          code === 'ECONNRESET' || code === 'ETIMEDOUT'
            ? 'A firewall or proxy may be blocking secure connections to this address: ask IT.'
            : `Check that the address is the https address of ${check.label}, on the right port.`,
        );
      }
      const ms = elapsed(started);
      const facts = certificateFacts(secured.getPeerCertificate(false), deps.clock.millis());
      const authError = secured.authorizationError ? String(secured.authorizationError) : undefined;
      const identityError = facts ? tls.checkServerIdentity(host, secured.getPeerCertificate(false)) : undefined;
      const about = facts ? ` Certificate for ${facts.subject}, issued by ${facts.issuer}.` : '';
      if (!facts) throw new StepFailure('tls', ms, `${host}:${port} sent no certificate.`, `Tell the administrators of ${check.label}.`);
      if (authError && UNTRUSTED_CODES.has(authError)) {
        throw new StepFailure(
          'tls',
          ms,
          `This workstation does not trust the certificate (${authError}${facts.selfSigned ? ': it is self-signed' : ''}).${about}`,
          `A certificate this workstation does not trust usually means a proxy or firewall is inspecting secure traffic and re-signing it (the issuer above is then your council's or the firewall's, not a public authority). Ask IT to exempt ${host} from inspection, or to give casebridge the inspection certificate (NODE_EXTRA_CA_CERTS). If the issuer is ${check.label} itself, ask its administrators for a certificate from a public authority.`,
          facts,
        );
      }
      if (authError === 'CERT_HAS_EXPIRED' || authError === 'CERT_NOT_YET_VALID') {
        throw new StepFailure(
          'tls',
          ms,
          authError === 'CERT_HAS_EXPIRED' ? `The certificate expired ${-facts.expiresInDays} days ago (${facts.validTo}).${about}` : `The certificate is not valid yet.${about}`,
          `Check this workstation's date and time first; if they are right, tell the administrators of ${check.label} that their certificate needs renewing.`,
          facts,
        );
      }
      if (identityError || authError === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        throw new StepFailure(
          'tls',
          ms,
          `The certificate is not for ${host}${identityError ? `: ${identityError.message}` : '.'}${about}`,
          `Check the address of ${check.label}. If it is right, a proxy or firewall may be answering in its place: ask IT.`,
          facts,
        );
      }
      if (authError) throw new StepFailure('tls', ms, `The certificate was refused (${authError}).${about}`, `Tell IT and the administrators of ${check.label}, with this diagnosis.`, facts);
      const expiry = facts.expiresInDays < EXPIRY_WARNING_DAYS ? ` It expires in ${facts.expiresInDays} days: tell the administrators of ${check.label}.` : ` It expires in ${facts.expiresInDays} days.`;
      add('tls', 'ok', ms, `${secured.getProtocol() ?? 'TLS'} with a trusted certificate.${about}${expiry}`, { certificate: facts });
      channel = secured;
    }

    // 5. HTTP: one request on this connection; any answer of a web server passes, unless it says
    // this workstation is not allowed, or is an error page.
    const httpStarted = performance.now();
    let answer: HttpAnswer;
    try {
      answer = await httpGet(channel, httpUrl, Boolean(proxyUrl) && !secure, timeoutMs);
    } catch (error) {
      const described = describeSocketError(error, `${host}:${port}`, timeoutMs);
      throw new StepFailure(
        'http',
        elapsed(httpStarted),
        described.kind === 'timeout' ? `${host}:${port} accepted the connection but sent no HTTP answer within ${seconds(timeoutMs)}.` : `No HTTP answer: ${described.detail}`,
        described.kind === 'reset' || described.kind === 'timeout' ? await allowlistAdvice('Some firewalls accept the connection and then drop or cut it for addresses they do not allow.') : `Check that the address is the web address of ${check.label}.`,
      );
    }
    const receivedAt = deps.clock.millis();
    const verdict = (await check.interpretHttp?.(answer, context)) ?? (await generalHttpVerdict(answer, context));
    if (!verdict.ok) throw new StepFailure('http', answer.ms, verdict.detail, verdict.advice);
    add('http', 'ok', answer.ms, verdict.detail);
    closeAll(sockets);

    // 6. The connector's own authentication check (its own requests, with its own transport).
    let clockStep: DiagnosisStep | undefined;
    if (!check.authenticate) {
      add('authenticate', 'skipped', 0, `Not checked: casebridge has no authentication check for ${check.label} yet.`);
    } else {
      let connectorSteps: DiagnosisStep[];
      const started = performance.now();
      try {
        connectorSteps = await check.authenticate();
      } catch (error) {
        throw new StepFailure('authenticate', elapsed(started), `The authentication check failed: ${error instanceof Error ? error.message : String(error)}`, `Test the connection on the Connections page for details.`);
      }
      for (const step of connectorSteps) {
        if (step.status === 'failed') {
          throw new StepFailure(step.name, step.ms, step.detail, step.advice, step.certificate);
        }
        if (step.name === 'clock') clockStep = step;
        else steps.push(step);
      }
      if (!connectorSteps.some((s) => s.name === 'authenticate')) add('authenticate', 'skipped', 0, 'Not checked.');
    }

    // 7. The clock: the connector's own measure, or the Date header of the HTTP answer.
    if (clockStep) steps.push(clockStep);
    else {
      const date = typeof answer.headers.date === 'string' ? Date.parse(answer.headers.date) : NaN;
      if (!Number.isFinite(date)) add('clock', 'skipped', 0, 'The answer had no Date header, so the clocks could not be compared.');
      else {
        // The header has whole seconds and was written about half the round trip before we read it.
        const offset = date - (receivedAt - answer.ms / 2);
        const max = deps.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS;
        const words = `${check.label}'s clock is ${Math.abs(Math.round(offset / 1000))} s ${offset >= 0 ? 'ahead of' : 'behind'} this workstation's`;
        if (Math.abs(offset) > max) {
          throw new StepFailure('clock', 0, `${words} (more than ${max / 1000} s).`, "Set this workstation's clock from an internet time server (Windows: Settings > Time & language > Date & time > Sync now), then diagnose again.");
        }
        add('clock', 'ok', 0, `${words} (to within a second).`);
      }
    }
    allowlistAddresses = await Promise.resolve(deps.allowlistAddresses()).catch(() => []);
    return finish();
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('address', 0, `The diagnosis stopped: ${error instanceof Error ? error.message : String(error)}`);
    allowlistAddresses = await Promise.resolve(deps.allowlistAddresses()).catch(() => []);
    return finish(failure);
  } finally {
    closeAll(sockets);
  }
}
