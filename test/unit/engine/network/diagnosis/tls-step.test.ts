/**
 * The TLS step alone, on connections to local servers on 127.0.0.1: a TLS server with the
 * self-signed test certificate (../fixtures/), trusted or not, for its name or not, a soon expiry
 * (with the clock moved on), and a server that never answers the handshake (timed out, stopped).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { secureChannel } from '../../../../../electron/engine/network/diagnosis/tls-step';
import { settlesWithin } from '../../../../support/hang-guard';
import { listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const CERT = readFileSync(new URL('localhost-cert.pem', FIXTURES), 'utf8');
const KEY = readFileSync(new URL('localhost-key.pem', FIXTURES), 'utf8');
const VALID_TO = Date.parse(new X509Certificate(CERT).validTo);

const servers: LoopbackServer[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0).reverse()) socket.destroy();
  for (const server of servers.splice(0)) await server.stop();
});

/** A connection to a local server: a TLS one with the test certificate, or one that never speaks. */
async function connectionTo(kind: 'tls' | 'silent'): Promise<{ socket: net.Socket; server: LoopbackServer }> {
  const server = await listenOnLoopback(kind === 'tls' ? tls.createServer({ cert: CERT, key: KEY }, (s) => s.end()) : net.createServer());
  servers.push(server);
  const socket = net.connect({ host: '127.0.0.1', port: server.port });
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, server };
}

const target = (host: string, secure = true) => ({ host, port: 8443, secure });
const options = (extra: { ca?: string; now?: () => number; timeoutMs?: number; signal?: AbortSignal } = {}) => ({
  label: 'Tascomi',
  limits: { timeoutMs: extra.timeoutMs ?? 2_000, signal: extra.signal },
  now: extra.now ?? (() => Date.now()),
  ...(extra.ca ? { ca: extra.ca } : {}),
});

describe('the TLS step', () => {
  it('is skipped for plain http: the HTTP step speaks on the connection itself', async () => {
    const { socket } = await connectionTo('silent');
    const result = await secureChannel(target('127.0.0.1', false), socket, options());
    expect(result.channel).toBe(socket);
    expect(result.secured).toBeUndefined();
    expect(result.step).toMatchObject({ name: 'tls', status: 'skipped', detail: 'Not used: the address is plain http (a test system on this machine).' });
  });

  it('passes a trusted certificate for the name, with its facts and the days left', async () => {
    const { socket } = await connectionTo('tls');
    const now = Date.now();
    const result = await secureChannel(target('localhost'), socket, options({ ca: CERT, now: () => now }));
    sockets.push(result.secured!);
    const days = Math.floor((VALID_TO - now) / 86_400_000);
    expect(result.channel).toBe(result.secured);
    expect(result.step).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(
        new RegExp(
          `^TLSv1\\.[23] with a trusted certificate\\. Certificate for CN=localhost, O=casebridge test, issued by CN=localhost, O=casebridge test\\. It expires in ${days} days\\.$`,
        ),
      ),
    });
    expect(result.step.certificate).toEqual({
      subject: 'CN=localhost, O=casebridge test',
      issuer: 'CN=localhost, O=casebridge test',
      validTo: new Date(VALID_TO).toISOString(),
      expiresInDays: days,
      selfSigned: true,
    });
  });

  it('mentions an expiry within 14 days (the step still passes)', async () => {
    const { socket } = await connectionTo('tls');
    const result = await secureChannel(target('localhost'), socket, options({ ca: CERT, now: () => VALID_TO - 5.5 * 86_400_000 }));
    sockets.push(result.secured!);
    expect(result.step.detail).toMatch(/ It expires in 5 days: tell the administrators of Tascomi\.$/);
  });

  it('fails an untrusted certificate, showing its facts', async () => {
    const { socket } = await connectionTo('tls');
    await expect(secureChannel(target('localhost'), socket, options())).rejects.toMatchObject({
      step: 'tls',
      detail:
        'This workstation does not trust the certificate (DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed). Certificate for CN=localhost, O=casebridge test, issued by CN=localhost, O=casebridge test.',
      advice: expect.stringMatching(/inspecting secure traffic/),
      certificate: expect.objectContaining({ selfSigned: true }),
    });
  });

  it('fails a certificate for another name', async () => {
    const { socket } = await connectionTo('tls');
    await expect(secureChannel(target('tascomi.example.org'), socket, options({ ca: CERT }))).rejects.toMatchObject({
      detail: expect.stringMatching(/^The certificate is not for tascomi\.example\.org: /),
      advice: expect.stringMatching(/a proxy or firewall may be answering in its place/),
    });
  });

  it('a server that never answers the handshake times out, and the step stops at once when the diagnosis does', async () => {
    const first = await connectionTo('silent');
    await expect(secureChannel(target('localhost'), first.socket, options({ timeoutMs: 50 }))).rejects.toMatchObject({
      detail: 'The secure connection with localhost:8443 was not set up within 0.05 s.',
      advice: 'A firewall or proxy may be blocking secure connections to this address: ask IT.',
    });

    // The connection under the handshake is the caller's to close (the diagnosis closes it last).
    const { socket } = await connectionTo('silent');
    const controller = new AbortController();
    const waiting = secureChannel(target('localhost'), socket, options({ timeoutMs: 60_000, signal: controller.signal }));
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped handshake')).rejects.toMatchObject({ step: 'tls' });
  });
});
