/**
 * The Teams channel against an HTTPS server on 127.0.0.1 port 0 standing in for Teams, with the
 * self-signed test certificate (../../network/fixtures/) passed as `ca`: the card that arrives, the
 * answers Teams gives, and that the URL (the channel's secret) never appears in the words.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import net from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannel, AlertMessage } from '../../../../../shared/domain/alerts';
import { AlertSendError } from '../../../../../electron/engine/alerts/send-failure';
import { createChannelSender } from '../../../../../electron/engine/alerts/channel-send';
import { fakeClock } from '../../../../support/fake-clock';
import { CERT, KEY, sender, signal, failure } from './send-support';
import { listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const MESSAGE: AlertMessage = {
  condition: 'breaker-open',
  kind: 'alert',
  connector: 'tascomi',
  title: 'casebridge: Tascomi queue stopped sending',
  summary: "Tascomi's breaker has been open for 12 minutes: the remote cannot be reached.",
  facts: [
    { label: 'Open since', value: '01:18' },
    { label: 'Jobs waiting', value: '42' },
  ],
  instruction: 'Open the Jobs page and filter by Tascomi; check the Network page.',
  link: 'https://casebridge.council.local:8443/jobs?connector=tascomi',
  source: 'CB-WS-01',
  firstAt: '2026-03-29T01:18:00.000+01:00',
  lastAt: '2026-03-29T01:30:00.000+01:00',
};

const TEAMS: AlertChannel = { id: randomUUID(), kind: 'teams', name: 'Service desk Teams', enabled: true };
const SECRET_PATH = '/webhookb2/2f1e9c-secret-path@4a7b/IncomingWebhook/abc123def456/7a8b9c';
const SECRET_QUERY = 'sig=TopSecretSig123';
const teamsUrl = (port: number) => `https://127.0.0.1:${port}${SECRET_PATH}?${SECRET_QUERY}`;

interface Teams {
  port: number;
  url: string;
  posts: { path: string; contentType: string; body: any }[];
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

/** An HTTPS server with the test certificate answering every post with `answer`. */
async function teams(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<Teams> {
  const posts: Teams['posts'] = [];
  const server = https.createServer({ cert: CERT, key: KEY }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      answer(req, res);
    });
  });
  const running = await listenOnLoopback(server);
  servers.push(running);
  return { port: running.port, url: teamsUrl(running.port), posts };
}

/** The words never hold the URL, its path or its query: only its host. */
function expectNoUrl(error: AlertSendError, url: string) {
  expect(error.message).not.toContain(url);
  expect(error.message).not.toContain('webhookb2');
  expect(error.message).not.toContain('secret-path');
  expect(error.message).not.toContain('TopSecretSig123');
}

describe('the Teams channel', () => {
  it('posts the Adaptive Card (title, summary, facts, instruction, link) and is delivered on the connector\'s "1"', async () => {
    const server = await teams((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('1'));
    const result = await sender().send(TEAMS, server.url, MESSAGE, signal());

    expect(result.detail).toBe('Teams answered 200');
    expect(server.posts).toHaveLength(1);
    const [post] = server.posts;
    expect(post!.path).toBe(`${SECRET_PATH}?${SECRET_QUERY}`);
    expect(post!.contentType).toContain('application/json');
    expect(post!.body.type).toBe('message');
    const [attachment] = post!.body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'casebridge: Tascomi queue stopped sending', weight: 'Bolder' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: "Tascomi's breaker has been open for 12 minutes: the remote cannot be reached." });
    expect(card.body[2]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Open since', value: '01:18' },
        { title: 'Jobs waiting', value: '42' },
      ],
    });
    expect(card.body[3]).toMatchObject({ type: 'TextBlock', text: 'Open the Jobs page and filter by Tascomi; check the Network page.' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in casebridge', url: 'https://casebridge.council.local:8443/jobs?connector=tascomi' }]);
  });

  it("is delivered on a Workflows flow's 202, and a message without a link has no action", async () => {
    const server = await teams((_req, res) => res.writeHead(202).end());
    const { link: _link, ...withoutLink } = MESSAGE;
    const result = await sender().send(TEAMS, server.url, withoutLink, signal());
    expect(result.detail).toBe('Teams answered 202');
    expect(server.posts[0]!.body.attachments[0].content.actions).toEqual([]);
  });

  it("goes through the council's proxy (HTTPS_PROXY) to a Teams on the internet, tunnelled with CONNECT", async () => {
    const far = await teams((_req, res) => res.writeHead(200).end('1'));
    // A proxy that tunnels every CONNECT to the stand-in, whatever name was asked for (the name never resolves here).
    const asked: string[] = [];
    const proxy = net.createServer();
    proxy.on('connection', (client) => {
      client.once('data', (head: Buffer) => {
        asked.push(head.toString('latin1').split('\r\n')[0]!);
        const upstream = net.connect(far.port, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client).pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
      });
    });
    const running = await listenOnLoopback(proxy);
    servers.push(running);
    const viaProxy = createChannelSender({ clock: fakeClock(), ca: CERT, proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${running.port}` } });
    const url = `https://remote.example:${far.port}${SECRET_PATH}`;
    expect(await viaProxy.send(TEAMS, url, MESSAGE, signal())).toEqual({ detail: 'Teams answered 200' });
    expect(asked).toEqual([`CONNECT remote.example:${far.port} HTTP/1.1`]);
    expect(far.posts).toHaveLength(1);
  });

  it('404 is `refused` ("the Teams URL was removed or is wrong"), naming the host but never the URL, even when the answer echoes it', async () => {
    const server = await teams((req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end(`No webhook at ${req.url} (https://127.0.0.1${req.url})`));
    const error = await failure(sender().send(TEAMS, server.url, MESSAGE, signal()));
    expect(error.errorClass).toBe('refused');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Teams (127.0.0.1) refused the message (HTTP 404): the Teams URL was removed or is wrong');
    expectNoUrl(error, server.url);
  });

  it('500 is `server`, to be tried again', async () => {
    const server = await teams((_req, res) => res.writeHead(500).end('Internal error'));
    const error = await failure(sender().send(TEAMS, server.url, MESSAGE, signal()));
    expect(error.errorClass).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Teams (127.0.0.1) had a problem (HTTP 500)');
    expectNoUrl(error, server.url);
  });

  it("the old connector's 200 with Teams' own error in it is that error, not a delivery", async () => {
    const server = await teams((_req, res) => res.writeHead(200).end('Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0'));
    const error = await failure(sender().send(TEAMS, server.url, MESSAGE, signal()));
    expect(error.errorClass).toBe('server');
    expect(error.message).toContain('asked casebridge to slow down (HTTP 429)');
  });

  it('a redirect is not followed: `refused`, and nothing is posted where it pointed', async () => {
    const elsewhere = await teams((_req, res) => res.writeHead(200).end('1'));
    const server = await teams((_req, res) => res.writeHead(307, { location: elsewhere.url }).end());
    const error = await failure(sender().send(TEAMS, server.url, MESSAGE, signal()));
    expect(error.errorClass).toBe('refused');
    expect(error.message).toContain('answered with a redirect (HTTP 307)');
    expect(elsewhere.posts).toEqual([]);
    expectNoUrl(error, server.url);
  });

  it('a certificate this computer does not trust (no ca) is `tls`', async () => {
    const server = await teams((_req, res) => res.writeHead(200).end('1'));
    const error = await failure(sender({}).send(TEAMS, server.url, MESSAGE, signal()));
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain(`This computer does not trust the certificate of 127.0.0.1:${server.port}`);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(server.posts).toEqual([]);
    expectNoUrl(error, server.url);
  });

  it('no URL stored, or one that is not https, is `setup` and is not retried', async () => {
    const missing = await failure(sender().send(TEAMS, undefined, MESSAGE, signal()));
    expect(missing.errorClass).toBe('setup');
    expect(missing.retryable).toBe(false);
    expect(missing.message).toContain('has no Teams incoming webhook URL stored');
    const plain = 'http://teams.example/webhookb2/secret-path';
    const insecure = await failure(sender().send(TEAMS, plain, MESSAGE, signal()));
    expect(insecure.errorClass).toBe('setup');
    expect(insecure.message).toContain('is not an https address');
    expectNoUrl(insecure, plain);
  });

  it('a Teams that never answers is `timeout`; an abort stops the post at once', async () => {
    const server = await teams(() => undefined);
    const slow = await failure(sender({ ca: CERT, timeoutMs: 300 }).send(TEAMS, server.url, MESSAGE, signal()));
    expect(slow.errorClass).toBe('timeout');
    expect(slow.aborted).toBe(false);
    expect(slow.message).toContain('Teams (127.0.0.1) did not answer within 0.3 s');

    const controller = new AbortController();
    const sending = sender().send(TEAMS, server.url, MESSAGE, controller.signal);
    while (server.posts.length < 2) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const stopped = await failure(sending);
    expect(stopped.aborted).toBe(true);
    expectNoUrl(stopped, server.url);
  });
});
