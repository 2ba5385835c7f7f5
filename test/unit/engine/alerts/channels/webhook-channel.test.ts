/**
 * The signed webhook channel against receivers on 127.0.0.1 port 0: its signature verifies as the
 * intake verifies the CRM's (signatureMatches) and as the README's few lines compute it (crm.ts, a
 * separate signer), stamped with the engine's clock; a receiver that refuses it says why.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannel, AlertMessage } from '../../../../../shared/domain/alerts';
import { createChannelSender } from '../../../../../electron/engine/alerts/channel-send';
import { AlertSendError } from '../../../../../electron/engine/alerts/send-failure';
import { signatureMatches } from '../../../../../electron/engine/cases/webhook-signature';
import { crmSignature } from '../../../../support/crm';
import { fakeClock } from '../../../../support/fake-clock';
import { listenOnLoopback, startLocalServer, type LoopbackServer } from '../../../../support/local-server';

const FIXTURES = new URL('../../network/fixtures/', import.meta.url);
const CERT = readFileSync(new URL('localhost-cert.pem', FIXTURES), 'utf8');
const KEY = readFileSync(new URL('localhost-key.pem', FIXTURES), 'utf8');
const SECRET = 'alert-signing-secret-5e1d7c90';

const MESSAGE: AlertMessage = {
  condition: 'disk-low',
  kind: 'alert',
  title: 'casebridge: disk nearly full',
  summary: "The data folder's disk has 2% free.",
  facts: [{ label: 'Free', value: '1.2 GB' }],
  instruction: 'Free space on the disk or move the data folder.',
  source: 'CB-SRV-02',
  firstAt: '2026-03-29T01:30:00.000+01:00',
  lastAt: '2026-03-29T01:30:00.000+01:00',
};

const channel = (url: string): AlertChannel => ({ id: randomUUID(), kind: 'webhook', name: 'Monitoring', enabled: true, url });

const servers: LoopbackServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const close of closers.splice(0)) await close();
});

interface Post {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTPS receiver with the test certificate that checks the signature with `secret` as the intake does. */
async function receiver(secret: string): Promise<{ url: string; posts: Post[] }> {
  const posts: Post[] = [];
  const server = https.createServer({ cert: CERT, key: KEY }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      posts.push({ headers: req.headers, body });
      const timestamp = req.headers['x-casebridge-timestamp'];
      const ok = typeof timestamp === 'string' && signatureMatches(secret, timestamp, body, req.headers['x-casebridge-signature']);
      res.writeHead(ok ? 204 : 401).end(ok ? undefined : 'signature does not match');
    });
  });
  const running = await listenOnLoopback(server);
  servers.push(running);
  return { url: `https://127.0.0.1:${running.port}/hooks/casebridge`, posts };
}

const clock = fakeClock('2026-03-29T00:30:00Z');
const sender = () => createChannelSender({ clock, ca: CERT });
const signal = () => new AbortController().signal;

describe('the signed webhook channel', () => {
  it('posts { type: casebridge.alert, message }, stamped with the engine clock and signed so the receiver verifies it', async () => {
    const hook = await receiver(SECRET);
    const result = await sender().send(channel(hook.url), SECRET, MESSAGE, signal());

    expect(result.detail).toMatch(/^127\.0\.0\.1:\d+ answered 204$/);
    expect(hook.posts).toHaveLength(1);
    const [post] = hook.posts;
    const seconds = String(Date.parse('2026-03-29T00:30:00Z') / 1000);
    expect(post!.headers['x-casebridge-timestamp']).toBe(seconds);
    // The README's way of signing, written apart from the engine's code, gives the same header.
    expect(post!.headers['x-casebridge-signature']).toBe(crmSignature(SECRET, seconds, post!.body));
    expect(JSON.parse(post!.body.toString('utf8'))).toEqual({ type: 'casebridge.alert', message: MESSAGE });
  });

  it('a receiver holding another secret refuses it (401): `refused`, saying to check the signing secret, never showing it', async () => {
    const hook = await receiver('the-receivers-other-secret-0000');
    let thrown: unknown;
    await sender()
      .send(channel(hook.url), SECRET, MESSAGE, signal())
      .catch((e: unknown) => (thrown = e));
    expect(thrown).toBeInstanceOf(AlertSendError);
    const error = thrown as AlertSendError;
    expect(error.errorClass).toBe('refused');
    expect(error.message).toContain('The webhook receiver 127.0.0.1:');
    expect(error.message).toContain('refused the message (HTTP 401) (it said "signature does not match")');
    expect(error.message).toContain('same signing secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('no signing secret stored is `setup`: nothing is posted', async () => {
    const hook = await receiver(SECRET);
    const error = await sender()
      .send(channel(hook.url), undefined, MESSAGE, signal())
      .then(
        () => undefined,
        (e: unknown) => e as AlertSendError,
      );
    expect(error?.errorClass).toBe('setup');
    expect(error?.retryable).toBe(false);
    expect(hook.posts).toEqual([]);
  });

  it('posts over plain http to a receiver on this machine', async () => {
    const local = await startLocalServer((_req, res) => res.writeHead(200).end('ok'));
    closers.push(local.close);
    const result = await sender().send(channel(`http://127.0.0.1:${local.port}/alerts`), SECRET, MESSAGE, signal());
    expect(result.detail).toBe(`127.0.0.1:${local.port} answered 200`);
    expect(local.requests[0]!.headers['x-casebridge-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
