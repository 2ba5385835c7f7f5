/**
 * The step-by-step diagnosis against real local servers on 127.0.0.1: a web server, a refused port,
 * a TLS server with a self-signed test certificate (fixtures/), an http proxy with CONNECT, and the
 * Civica Cx emulator's IP allowlist. What cannot be made locally (a name that does not resolve, a
 * connection that never completes) comes from injected DNS and sockets, with short timeouts.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cxCheck } from '../../../../electron/engine/network/cx-check';
import { diagnose, type DiagnoseDeps } from '../../../../electron/engine/network/diagnose';
import type { ConnectorCheck } from '../../../../electron/engine/network/diagnosis/connector-check';
import type { Diagnosis } from '../../../../shared/domain/network';
import { DEMO_USER, startCivicaCxEmulator, type AllowlistAnswer } from '../../../emulators/civica-cx/index';
import { fakeClock } from '../../../support/fake-clock';
import { settlesWithin } from '../../../support/hang-guard';
import { closedPort, listenOnLoopback } from '../../../support/local-server';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const CERT = readFileSync(new URL('localhost-cert.pem', FIXTURES), 'utf8');
const KEY = readFileSync(new URL('localhost-key.pem', FIXTURES), 'utf8');
const ADDRESSES = ['203.0.113.7', '10.20.30.40'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Today (the certificate's expiry is counted from it), on a whole second as Date headers are.
const clock = fakeClock(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), 'Europe/London');
const deps = (extra: Partial<DiagnoseDeps> = {}): DiagnoseDeps => ({ clock, proxyEnv: {}, stepTimeoutMs: 2_000, allowlistAddresses: () => ADDRESSES, ...extra });
const check = (baseUrl: string, extra: Partial<ConnectorCheck> = {}): ConnectorCheck => ({ connector: 'test', label: 'the remote system', baseUrl, ...extra });
const summary = (d: Diagnosis) => d.steps.map((s) => `${s.name}:${s.status}`);
const step = (d: Diagnosis, name: string) => d.steps.find((s) => s.name === name)!;

async function listen(server: net.Server): Promise<number> {
  const local = await listenOnLoopback(server);
  cleanups.push(local.stop);
  return local.port;
}

/** Answers with the fake clock's time in the Date header, so the clock step compares like with like. */
const answering =
  (status: number, body = '{}', dateOffsetMs = 0) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.sendDate = false;
    res.writeHead(status, { 'content-type': 'application/json', date: new Date(clock.millis() + dateOffsetMs).toUTCString(), server: 'test-server' });
    res.end(body);
  };

describe('diagnose: the network steps', () => {
  it('passes every step against a plain http test system, with a time for each', async () => {
    const port = await listen(createHttpServer(answering(200)));
    const result = await diagnose(check(`http://127.0.0.1:${port}/api`), deps());
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:ok', 'authenticate:skipped', 'clock:ok']);
    expect(result.ok).toBe(true);
    expect(result.route).toBe('direct (no proxy)');
    expect(step(result, 'tcp').detail).toBe(`Connected to 127.0.0.1:${port} at 127.0.0.1.`);
    expect(step(result, 'http').detail).toMatch(/^The web server answered HTTP 200 OK in \d+ ms \(server: test-server\)\.$/);
    expect(result.steps.every((s) => Number.isInteger(s.ms) && s.ms >= 0)).toBe(true);
    expect(result.allowlistAddresses).toEqual(ADDRESSES);
  });

  it('looks the name up (localhost), and tries each address until one accepts', async () => {
    const port = await listen(createHttpServer(answering(404)));
    const result = await diagnose(
      check(`http://localhost:${port}/`),
      deps({
        lookup: async () => [
          { address: '::1', family: 6 },
          { address: '127.0.0.1', family: 4 },
        ],
      }),
    );
    expect(step(result, 'dns')).toMatchObject({ status: 'ok', detail: 'localhost is ::1, 127.0.0.1.' });
    expect(step(result, 'tcp').status).toBe('ok');
    expect(step(result, 'tcp').detail).toMatch(/at 127\.0\.0\.1/);
    // A 404 is still a web server answering: the connector's own check says whether the path is right.
    expect(step(result, 'http').status).toBe('ok');
  });

  it("a refused port fails at TCP, with the allowlist advice naming this workstation's addresses", async () => {
    const port = await closedPort();
    const result = await diagnose(check(`http://127.0.0.1:${port}/`), deps());
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:failed', 'tls:not-run', 'http:not-run', 'authenticate:not-run', 'clock:not-run']);
    expect(result.ok).toBe(false);
    const tcp = step(result, 'tcp');
    expect(tcp.detail).toBe(`127.0.0.1:${port} refused the connection (ECONNREFUSED): nothing accepts connections there, or a firewall rejects this workstation.`);
    expect(tcp.advice).toMatch(/Ask the administrators of the remote system to allow this workstation's addresses: 203\.0\.113\.7, 10\.20\.30\.40/);
    expect(result.reason).toBe(tcp.detail);
  });

  it('a connection that never completes times out at TCP: a firewall dropping it, ask for the addresses to be allowed', async () => {
    const result = await diagnose(
      check('https://cx.council.example/'),
      deps({ stepTimeoutMs: 100, lookup: async () => [{ address: '192.0.2.10', family: 4 }], connectSocket: () => new net.Socket() }),
    );
    const tcp = step(result, 'tcp');
    expect(tcp.status).toBe('failed');
    expect(tcp.detail).toBe('No answer from cx.council.example:443 within 0.1 s: the connection attempt timed out.');
    expect(tcp.advice).toMatch(
      /^A firewall is most likely dropping this workstation's connections to cx\.council\.example:443\. Ask the administrators .*203\.0\.113\.7, 10\.20\.30\.40/,
    );
  });

  it('a name that does not resolve fails at DNS, with what to check', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    const result = await diagnose(check('https://tascomi.nowhere.example/rest'), deps({ lookup: async () => Promise.reject(notFound) }));
    expect(summary(result).slice(0, 3)).toEqual(['address:ok', 'dns:failed', 'tcp:not-run']);
    expect(step(result, 'dns').detail).toBe('The name tascomi.nowhere.example was not found (ENOTFOUND).');
    expect(step(result, 'dns').advice).toMatch(/typing errors.*HTTPS_PROXY/);
  });

  it('an address that is not a web address fails at once', async () => {
    const result = await diagnose(check('ftp://files.example/'), deps());
    expect(summary(result)[0]).toBe('address:failed');
    expect(step(result, 'address').advice).toMatch(/Connections page/);
  });

  it('a redirect fails at HTTP, saying where it points (quoted safely) and that it is not followed', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(301, { location: 'https://northbridge.idoxcloud.com/api\t/new' });
        res.end();
      }),
    );
    const result = await diagnose(check(`http://127.0.0.1:${port}/api`), deps());
    expect(summary(result).slice(4)).toEqual(['http:failed', 'authenticate:not-run', 'clock:not-run']);
    expect(step(result, 'http').detail).toBe(
      'The web server answered HTTP 301 Moved Permanently: a redirect to "https://northbridge.idoxcloud.com/api /new". casebridge does not follow redirects.',
    );
    expect(step(result, 'http').advice).toMatch(/^If that is the new address of the remote system .*set the base URL on the Connections page to the address it points to/);
  });

  it('a 503 fails at HTTP; a Date header five minutes off fails at the clock with the workstation-time advice', async () => {
    const busy = await listen(createHttpServer(answering(503, 'down for maintenance')));
    const down = await diagnose(check(`http://127.0.0.1:${busy}/`), deps());
    expect(step(down, 'http')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/answered HTTP 503 Service Unavailable.*"down for maintenance"/) });

    const skewed = await listen(createHttpServer(answering(200, '{}', 5 * 60_000)));
    const late = await diagnose(check(`http://127.0.0.1:${skewed}/`), deps());
    expect(step(late, 'clock')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/the remote system's clock is 300 s ahead of this workstation's/) });
    expect(step(late, 'clock').advice).toMatch(/Set this workstation's clock/);
  });
});

describe('diagnose: TLS', () => {
  const startTls = () => listen(createHttpsServer({ cert: CERT, key: KEY }, answering(200)));
  const expiry = () => Math.floor((Date.parse(new X509Certificate(CERT).validTo) - clock.millis()) / 86_400_000);

  it('an untrusted (self-signed) certificate fails, showing its subject, issuer and expiry, and explains traffic inspection', async () => {
    const port = await startTls();
    const result = await diagnose(check(`https://127.0.0.1:${port}/`), deps());
    const tls = step(result, 'tls');
    expect(summary(result).slice(0, 5)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:failed', 'http:not-run']);
    expect(tls.detail).toMatch(
      /^This workstation does not trust the certificate \(DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed\)\. Certificate for CN=localhost, O=casebridge test, issued by CN=localhost, O=casebridge test\.$/,
    );
    expect(tls.certificate).toEqual({
      subject: 'CN=localhost, O=casebridge test',
      issuer: 'CN=localhost, O=casebridge test',
      validTo: new Date(new X509Certificate(CERT).validTo).toISOString(),
      expiresInDays: expiry(),
      selfSigned: true,
    });
    expect(tls.advice).toMatch(/a proxy or firewall is inspecting secure traffic/);
  });

  it('a trusted certificate passes with its facts, and the HTTP answer comes over it', async () => {
    const port = await startTls();
    const result = await diagnose(check(`https://localhost:${port}/`), deps({ ca: CERT, lookup: async () => [{ address: '127.0.0.1', family: 4 }] }));
    expect(summary(result)).toEqual(['address:ok', 'dns:ok', 'tcp:ok', 'tls:ok', 'http:ok', 'authenticate:skipped', 'clock:ok']);
    expect(step(result, 'tls').detail).toMatch(new RegExp(`^TLSv1\\.[23] with a trusted certificate\\. .* It expires in ${expiry()} days\\.$`));
    expect(step(result, 'tls').certificate?.expiresInDays).toBe(expiry());
  });

  it('a certificate for another name fails: check the address, or a proxy answering in its place', async () => {
    const port = await startTls();
    const result = await diagnose(check(`https://tascomi.example.org:${port}/`), deps({ ca: CERT, lookup: async () => [{ address: '127.0.0.1', family: 4 }] }));
    expect(step(result, 'tls')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^The certificate is not for tascomi\.example\.org/) });
    expect(step(result, 'tls').advice).toMatch(/proxy or firewall may be answering in its place/);
  });

  it('plain http on an https address fails at TLS, naming the port', async () => {
    const port = await listen(createHttpServer(answering(200)));
    const result = await diagnose(check(`https://127.0.0.1:${port}/`), deps());
    expect(step(result, 'tls')).toMatchObject({ status: 'failed', detail: expect.stringMatching(new RegExp(`secure connection with 127\\.0\\.0\\.1:${port} failed`)) });
  });
});

describe('diagnose: through a proxy', () => {
  /** A minimal http proxy: CONNECT host:port is tunnelled to 127.0.0.1:port, or refused with `refuse`. */
  async function startProxy(refuse?: string): Promise<{ port: number; asked: string[] }> {
    const asked: string[] = [];
    const server = net.createServer((client) => {
      client.once('data', (head: Buffer) => {
        const line = head.toString('latin1').split('\r\n')[0]!;
        asked.push(line);
        if (refuse) return void client.end(`HTTP/1.1 ${refuse}\r\n\r\n`);
        const port = Number(/:(\d+) HTTP/.exec(line)![1]);
        const upstream = net.connect({ host: '127.0.0.1', port }, () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
    });
    return { port: await listen(server), asked };
  }

  it('tunnels to the remote system with CONNECT and checks its certificate through the tunnel', async () => {
    const target = await listen(createHttpsServer({ cert: CERT, key: KEY }, answering(200)));
    const proxy = await startProxy();
    const result = await diagnose(check(`https://remote.example:${target}/`), deps({ ca: CERT, proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } }));
    expect(result.route).toBe(`proxy http://127.0.0.1:${proxy.port}`);
    expect(summary(result).slice(0, 5)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:ok', 'http:ok']);
    expect(proxy.asked).toEqual([`CONNECT remote.example:${target} HTTP/1.1`]);
    expect(step(result, 'tcp').detail).toMatch(new RegExp(`The proxy opened a tunnel to remote\\.example:${target}\\.`));
  });

  it('a proxy that wants a password fails at TCP with what to do', async () => {
    const proxy = await startProxy('407 Proxy Authentication Required');
    const result = await diagnose(check('https://remote.example/'), deps({ proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } }));
    expect(step(result, 'tcp')).toMatchObject({ status: 'failed', detail: 'The proxy asks for a user name and password to reach remote.example:443 (HTTP 407).' });
    expect(step(result, 'tcp').advice).toMatch(/http:\/\/user:password@proxy:port/);
  });
});

describe('diagnose: Civica Cx (the allowlist)', () => {
  it("a 403 IP_NOT_ALLOWED from Cx explains the allowlist and lists this workstation's addresses", async () => {
    const cx = await startCivicaCxEmulator({ now: () => clock.millis() });
    cleanups.push(() => cx.close());
    const cxCheck = check(cx.baseUrl, { connector: 'civica-cx', label: 'Civica Cx', httpUrl: `${cx.baseUrl}/api/v1/companies` });

    const allowed = await diagnose(cxCheck, deps());
    // Without a token, an allowed caller hears 401: the web server answered, authentication comes next.
    expect(step(allowed, 'http')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/HTTP 401/) });

    cx.setAllowlist(['::1']);
    const refused = await diagnose(cxCheck, deps());
    const http = step(refused, 'http');
    expect(http.status).toBe('failed');
    // Cx's JSON error read as its code and message, not shown as JSON.
    expect(http.detail).toMatch(/^Civica Cx refused this workstation's address \(HTTP 403\)\. It said: "IP_NOT_ALLOWED: Access from 127\.0\.0\.1 is not allowed[^{}]*"$/);
    expect(http.advice).toMatch(
      /^Civica Cx only accepts calls from addresses on its IP allowlist.*Ask the administrators of Civica Cx to allow this workstation's addresses: 203\.0\.113\.7, 10\.20\.30\.40/,
    );
  });
});

/**
 * How a caller the allowlist blocks really meets it (nothing public shows Cx's own answer): each form
 * names the allowlist as the likely cause, with this workstation's addresses, and keeps the other
 * cause honest where there is one.
 */
describe('diagnose: Civica Cx blocked without a JSON 403 (a timeout, a reset, a refusal, an HTML page)', () => {
  const ASK = /Ask the administrators of Civica Cx to allow this workstation's addresses: 203\.0\.113\.7, 10\.20\.30\.40/;
  const cx = (baseUrl: string) => cxCheck({ baseUrl, ...DEMO_USER }, { clock, timeoutMs: 2_000 });

  async function blockedEmulator(answer: AllowlistAnswer) {
    const emu = await startCivicaCxEmulator({ now: () => clock.millis(), allowlist: ['10.0.0.0/8'], allowlistAnswer: answer, empty: true });
    cleanups.push(() => emu.close());
    return emu;
  }

  it("a firewall's HTML page (403 text/html) in answer to the API: the allowlist, not a web server answering", async () => {
    const emu = await blockedEmulator('html');
    const result = await diagnose(cx(emu.baseUrl), deps());
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:failed', 'authenticate:not-run', 'clock:not-run']);
    const http = step(result, 'http');
    expect(http.detail).toMatch(/^Civica Cx answered HTTP 403 Forbidden with a web page \(text\/html\), not the API.s JSON\. It said: ".*Access Denied/);
    expect(http.advice).toMatch(/^A web page instead of the API.s JSON most likely means a firewall.s block page: the IP allowlist in front of Civica Cx, or the API URL is not/);
    expect(http.advice).toMatch(ASK);
  });

  it('the request held unanswered: the allowlist most likely, or Cx down', async () => {
    const emu = await blockedEmulator('timeout');
    const result = await diagnose(cx(emu.baseUrl), deps({ stepTimeoutMs: 200 }));
    const http = step(result, 'http');
    expect(http.status).toBe('failed');
    expect(http.detail).toBe(`127.0.0.1:${new URL(emu.baseUrl).port} accepted the connection but sent no HTTP answer within 0.2 s.`);
    expect(http.advice).toMatch(
      /^No answer in time most likely means the IP allowlist in front of Civica Cx is silently dropping this workstation.s connections, or Cx is down or overloaded\./,
    );
    expect(http.advice).toMatch(ASK);
  });

  it('the connection cut before any answer (a reset): the allowlist most likely', async () => {
    const emu = await blockedEmulator('refused');
    const result = await diagnose(cx(emu.baseUrl), deps());
    const http = step(result, 'http');
    expect(http.status).toBe('failed');
    expect(http.detail).toMatch(/^No HTTP answer: The connection to 127\.0\.0\.1:\d+ was cut \(ECONNRESET\)\.$/);
    expect(http.advice).toMatch(/^A connection cut before any answer most likely means the IP allowlist in front of Civica Cx/);
    expect(http.advice).toMatch(ASK);
  });

  it('a refused connection (ECONNREFUSED): most likely the allowlist, or Cx not running there', async () => {
    const port = await closedPort();
    const result = await diagnose(cx(`http://127.0.0.1:${port}`), deps());
    const tcp = step(result, 'tcp');
    expect(tcp.status).toBe('failed');
    expect(tcp.advice).toMatch(
      /^A refused connection most likely means the IP allowlist in front of Civica Cx rejects this workstation, or Cx is not running at this address and port\./,
    );
    expect(tcp.advice).toMatch(ASK);
  });

  it('a connect that never completes, and a TLS handshake that never completes: the allowlist most likely', async () => {
    const connectTimeout = await diagnose(
      cx('https://cx.council.example'),
      deps({ stepTimeoutMs: 100, lookup: async () => [{ address: '192.0.2.10', family: 4 }], connectSocket: () => new net.Socket() }),
    );
    expect(step(connectTimeout, 'tcp').advice).toMatch(/^No answer in time most likely means the IP allowlist in front of Civica Cx/);
    expect(step(connectTimeout, 'tcp').advice).toMatch(ASK);

    // Accepts the connection, never answers the TLS hello.
    const port = await listen(net.createServer(() => {}));
    const tlsTimeout = await diagnose(cx(`https://127.0.0.1:${port}`), deps({ stepTimeoutMs: 200 }));
    const tls = step(tlsTimeout, 'tls');
    expect(tls.status).toBe('failed');
    expect(tls.advice).toMatch(/^No answer in time most likely means the IP allowlist in front of Civica Cx/);
    expect(tls.advice).toMatch(ASK);
  });

  it('another connector keeps its own words for the same failures (no allowlist named as the likely cause)', async () => {
    const port = await closedPort();
    const result = await diagnose(check(`http://127.0.0.1:${port}/`), deps());
    expect(step(result, 'tcp').advice).toMatch(/^Check the port in the address and that the remote system is running/);
  });
});

describe('diagnose: the rule for stopping', () => {
  it('an unexpected error in a step fails that step, once, and the steps after it are not run', async () => {
    const port = await listen(createHttpServer(answering(200)));
    const result = await diagnose(
      check(`http://127.0.0.1:${port}/`, {
        interpretHttp: () => {
          throw new Error('the reading broke');
        },
      }),
      deps(),
    );
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:failed', 'authenticate:not-run', 'clock:not-run']);
    expect(step(result, 'http').detail).toBe('The diagnosis stopped: the reading broke');
    expect(result.reason).toBe('The diagnosis stopped: the reading broke');
  });
});

describe('diagnose: stopped', () => {
  it('stopped mid-step (the HTTP answer awaited), that step fails as stopped at once, its connection closed, nothing more asked', async () => {
    const server = net.createServer();
    const asked = new Promise<net.Socket>((resolve) => server.once('connection', (s: net.Socket) => s.once('data', () => resolve(s))));
    const port = await listen(server);
    const controller = new AbortController();
    let addressesAsked = 0;
    const running = diagnose(
      check(`http://127.0.0.1:${port}/`),
      deps({ stepTimeoutMs: 60_000, signal: controller.signal, allowlistAddresses: () => (addressesAsked++, ADDRESSES) }),
    );
    const serverSide = await settlesWithin(asked, 'the request sent');
    const closed = new Promise((resolve) => serverSide.once('close', resolve));
    controller.abort();
    const result = await settlesWithin(running, 'the stopped diagnosis');
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:failed', 'authenticate:not-run', 'clock:not-run']);
    expect(step(result, 'http').detail).toBe('Stopped: the diagnosis was cancelled before this step finished (casebridge is closing).');
    expect(result).toMatchObject({ ok: false, reason: step(result, 'http').detail, allowlistAddresses: [] });
    expect(addressesAsked).toBe(0);
    await settlesWithin(closed, 'the connection closed');
  });

  it('stopped before it starts, the first step fails as stopped and nothing is dialled', async () => {
    const controller = new AbortController();
    controller.abort();
    let dialled = 0;
    const result = await diagnose(
      check('https://cx.council.example/'),
      deps({ signal: controller.signal, lookup: async () => (dialled++, [{ address: '127.0.0.1', family: 4 }]) }),
    );
    expect(summary(result).slice(0, 3)).toEqual(['address:ok', 'dns:failed', 'tcp:not-run']);
    expect(step(result, 'dns').detail).toMatch(/^Stopped:/);
    expect(dialled).toBe(0);
  });
});
