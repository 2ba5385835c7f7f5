/**
 * The certificate reader against real servers on 127.0.0.1 (an HTTPS server with a self-signed
 * certificate, a plain HTTP server, a port nobody listens on, a server that never answers), and
 * the pin Chromium applies in server mode.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pinnedCertificateVerifier, readServerCertificate, ServerCertificateError, VERIFY } from '../../../electron/main/server-certificate';

let pems: { cert: string; private: string };
let otherPems: { cert: string; private: string };
beforeAll(async () => {
  const options = { keyType: 'ec' as const, algorithm: 'sha256', days: 30 };
  pems = await generate([{ name: 'commonName', value: 'casebridge.council.local' }], options);
  otherPems = await generate([{ name: 'commonName', value: 'casebridge.council.local' }], options);
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  }
});

/** Listens on 127.0.0.1:0, keeps track of the connections it accepts, and is closed after the test. */
async function listen<S extends Server>(server: S): Promise<{ server: S; port: number; open: Set<Socket> }> {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { server, port: (server.address() as AddressInfo).port, open };
}

const httpsServer = (served = pems) => listen(createHttpsServer({ key: served.private, cert: served.cert }, (_req, res) => res.end('casebridge')));

describe('readServerCertificate', () => {
  it('answers the SHA-256 fingerprint Node prints, the subject and the validity, and closes its connection', async () => {
    const { port, open } = await httpsServer();
    const certificate = await readServerCertificate(`https://127.0.0.1:${port}/`);
    const expected = new X509Certificate(pems.cert);
    expect(certificate).toEqual({
      fingerprint: expected.fingerprint256,
      subject: 'CN=casebridge.council.local',
      issuer: 'CN=casebridge.council.local',
      validFrom: expected.validFrom,
      validTo: expected.validTo,
    });
    await expect.poll(() => open.size).toBe(0);
  });

  it('sends the host name as SNI (and none for an address), and ends the handshake cleanly', async () => {
    const names: (string | undefined)[] = [];
    const failures: Error[] = [];
    const { server, port } = await httpsServer();
    server.on('secureConnection', (socket: { servername?: string | false }) => names.push(socket.servername || undefined));
    server.on('tlsClientError', (error: Error) => failures.push(error));
    await readServerCertificate(`https://localhost:${port}/`);
    await readServerCertificate(`https://127.0.0.1:${port}/`);
    await expect.poll(() => names).toEqual(['localhost', undefined]);
    expect(failures).toEqual([]); // the server's log sees no reset for a certificate check
  });

  it('says the server does not speak HTTPS when it answers in plain HTTP', async () => {
    const { port, open } = await listen(createHttpServer((_req, res) => res.end('plain')));
    const reading = readServerCertificate(`https://127.0.0.1:${port}/`);
    await expect(reading).rejects.toBeInstanceOf(ServerCertificateError);
    await expect(reading).rejects.toThrow(`127.0.0.1:${port} did not answer in HTTPS`);
    await expect.poll(() => open.size).toBe(0);
  });

  it('says nothing is listening on a closed port', async () => {
    const { server, port } = await listen(createTcpServer());
    await new Promise((resolve) => server.close(resolve));
    await expect(readServerCertificate(`https://127.0.0.1:${port}/`)).rejects.toThrow(
      `Nothing is listening at 127.0.0.1:${port}. Check the address and port, and that the casebridge server is running.`,
    );
  });

  it('gives up on a server that accepts and never answers, and closes the connection', async () => {
    const { port, open } = await listen(createTcpServer((socket) => socket.resume())); // reads, so it sees the hang-up
    await expect(readServerCertificate(`https://127.0.0.1:${port}/`, { timeoutMs: 300 })).rejects.toThrow(`127.0.0.1:${port} did not complete a secure connection within 300 ms`);
    await expect.poll(() => open.size).toBe(0);
  });

  it('has nothing to read for plain http', async () => {
    await expect(readServerCertificate('http://127.0.0.1:1/')).rejects.toThrow('Only an https server has a certificate to read (http://127.0.0.1:1).');
  });
});

describe('pinnedCertificateVerifier', () => {
  const verdict = (verify: ReturnType<typeof pinnedCertificateVerifier>, hostname: string, pem: string) => {
    let answer: number | undefined;
    verify({ hostname, certificate: { data: pem } }, (v) => (answer = v));
    return answer;
  };

  it('accepts exactly the pinned certificate for the server, refuses another, and leaves other hosts to Chromium', () => {
    const verify = pinnedCertificateVerifier({ url: 'https://casebridge.council.local:8443/', fingerprint: new X509Certificate(pems.cert).fingerprint256 });
    expect(verdict(verify, 'casebridge.council.local', pems.cert)).toBe(VERIFY.accept);
    expect(verdict(verify, 'CASEBRIDGE.council.local', pems.cert)).toBe(VERIFY.accept);
    expect(verdict(verify, 'casebridge.council.local', otherPems.cert)).toBe(VERIFY.reject);
    expect(verdict(verify, 'casebridge.council.local', 'not a certificate')).toBe(VERIFY.reject);
    expect(verdict(verify, 'elsewhere.example', otherPems.cert)).toBe(VERIFY.chromiumDecides);
  });

  it('matches an IPv6 server written with brackets', () => {
    const verify = pinnedCertificateVerifier({ url: 'https://[::1]:8443/', fingerprint: new X509Certificate(pems.cert).fingerprint256 });
    expect(verdict(verify, '::1', pems.cert)).toBe(VERIFY.accept);
  });
});
