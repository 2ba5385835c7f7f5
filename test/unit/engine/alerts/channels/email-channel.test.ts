/**
 * The email channel against a real SMTP server (smtp-server) on 127.0.0.1 port 0, with STARTTLS or
 * TLS on the self-signed test certificate (../../network/fixtures/), trusted by passing it as `ca`:
 * what arrives, a sign-in, and each way a relay says no, in the words an IT officer reads.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannel, AlertMessage } from '../../../../../shared/domain/alerts';
import { createChannelSender } from '../../../../../electron/engine/alerts/channel-send';
import { AlertSendError } from '../../../../../electron/engine/alerts/send-failure';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';
import { closedPort, listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const FIXTURES = new URL('../../network/fixtures/', import.meta.url);
const CERT = readFileSync(new URL('localhost-cert.pem', FIXTURES), 'utf8');
const KEY = readFileSync(new URL('localhost-key.pem', FIXTURES), 'utf8');
const PASSWORD = 'relay-Password-7f3a9c';

const MESSAGE: AlertMessage = {
  condition: 'job-dead',
  kind: 'alert',
  connector: 'tascomi',
  title: 'casebridge: 3 Tascomi jobs died',
  summary: 'Three jobs used every attempt <and> will not be tried again.',
  facts: [
    { label: 'Error class', value: 'validation' },
    { label: 'Jobs', value: '#101, #102, #103' },
  ],
  instruction: 'Open the Jobs page and filter by Dead and Tascomi.',
  link: 'https://casebridge.council.local:8443/jobs?state=dead&connector=tascomi',
  source: 'CB-WS-01',
  firstAt: '2026-03-29T01:30:00.000+01:00',
  lastAt: '2026-03-29T01:32:00.000+01:00',
};

type EmailChannel = Extract<AlertChannel, { kind: 'email' }>;
const emailChannel = (port: number, extra: Partial<EmailChannel> = {}): EmailChannel => ({
  id: randomUUID(),
  kind: 'email',
  name: 'IT on-call',
  enabled: true,
  host: '127.0.0.1',
  port,
  security: 'starttls',
  username: '',
  from: 'casebridge@council.example',
  to: ['it-oncall@council.example', 'servicedesk@council.example'],
  ...extra,
});

interface Received {
  from: string;
  to: string[];
  /** The raw message with quoted-printable undone. */
  text: string;
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

/** An SMTP server with the test certificate: STARTTLS on a plain port unless `secure`. */
async function relay(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[]; closed: Promise<void> }> {
  const received: Received[] = [];
  let noteClosed!: () => void;
  const closed = new Promise<void>((resolve) => (noteClosed = resolve));
  const smtp = new SMTPServer({
    key: KEY,
    cert: CERT,
    logger: false,
    authOptional: true,
    onClose: () => noteClosed(),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          text: raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        });
        callback(null, 'OK: queued as A1B2C3');
      });
    },
    ...options,
  });
  const server = await listenOnLoopback(smtp.server);
  servers.push(server);
  return { port: server.port, received, closed };
}

const sender = (extra: { ca?: string; timeoutMs?: number } = { ca: CERT }) => createChannelSender({ clock: fakeClock(), ...extra });
const signal = () => new AbortController().signal;

/** The AlertSendError a send failed with (the test fails if it was delivered). */
async function failure(send: Promise<unknown>): Promise<AlertSendError> {
  const error = await settlesWithin(
    send.then(
      () => undefined,
      (e: unknown) => e,
    ),
    'the send',
    10_000,
  );
  expect(error).toBeInstanceOf(AlertSendError);
  return error as AlertSendError;
}

describe('the email channel', () => {
  it('delivers over STARTTLS: the subject is the title, to and from as set, a text and an escaped HTML body', async () => {
    const { port, received } = await relay();
    const result = await sender().send(emailChannel(port), undefined, MESSAGE, signal());

    expect(result.detail).toBe(`127.0.0.1:${port} answered 250 OK: queued as A1B2C3`);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.from).toBe('casebridge@council.example');
    expect(mail!.to).toEqual(['it-oncall@council.example', 'servicedesk@council.example']);
    expect(mail!.text).toContain('Subject: casebridge: 3 Tascomi jobs died');
    expect(mail!.text).toContain('Content-Type: text/plain');
    expect(mail!.text).toContain('Three jobs used every attempt <and> will not be tried again.');
    expect(mail!.text).toContain('Error class: validation');
    expect(mail!.text).toContain('Jobs: #101, #102, #103');
    expect(mail!.text).toContain('Open: https://casebridge.council.local:8443/jobs?state=dead&connector=tascomi');
    expect(mail!.text).toContain('From casebridge on CB-WS-01');
    expect(mail!.text).toContain('First event: 2026-03-29T01:30:00.000+01:00');
    expect(mail!.text).toContain('Content-Type: text/html');
    expect(mail!.text).toContain('<p>Three jobs used every attempt &lt;and&gt; will not be tried again.</p>');
    expect(mail!.text).toContain('<th align="left" style="padding-right:16px">Error class</th><td>validation</td>');
    expect(mail!.text).toContain('href="https://casebridge.council.local:8443/jobs?state=dead&amp;connector=tascomi"');
  });

  it('signs in with the right password', async () => {
    const logins: string[] = [];
    const { port, received } = await relay({
      authOptional: false,
      onAuth(auth, _session, callback) {
        logins.push(auth.username ?? '');
        if (auth.username === 'casebridge' && auth.password === PASSWORD) callback(null, { user: 'casebridge' });
        else callback(new Error('5.7.8 Authentication credentials invalid'));
      },
    });
    await sender().send(emailChannel(port, { username: 'casebridge' }), PASSWORD, MESSAGE, signal());
    expect(logins).toEqual(['casebridge']);
    expect(received).toHaveLength(1);
  });

  it('a wrong password is `auth`, naming the relay, never the password', async () => {
    const { port, received } = await relay({
      authOptional: false,
      onAuth: (auth, _session, callback) => (auth.password === PASSWORD ? callback(null, { user: 'casebridge' }) : callback(new Error('5.7.8 Authentication credentials invalid'))),
    });
    const wrong = 'not-the-Password-42';
    const error = await failure(sender().send(emailChannel(port, { username: 'casebridge' }), wrong, MESSAGE, signal()));
    expect(error.errorClass).toBe('auth');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`The relay 127.0.0.1:${port} refused the user name or password`);
    expect(error.message).toContain('535');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(PASSWORD);
    expect(received).toEqual([]);
  });

  it('a user name without a stored password is `setup` and is not retried; nothing is sent', async () => {
    const { port, received } = await relay();
    const error = await failure(sender().send(emailChannel(port, { username: 'casebridge' }), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('setup');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('no password is stored');
    expect(received).toEqual([]);
  });

  it('a relay that refuses the sender (550 on MAIL FROM) is `sender-refused`, naming the sender', async () => {
    const { port } = await relay({
      onMailFrom: (_address, _session, callback) => callback(Object.assign(new Error('5.7.60 Client does not have permissions to send as this sender'), { responseCode: 550 })),
    });
    const error = await failure(sender().send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('sender-refused');
    expect(error.message).toContain('refused the sender address casebridge@council.example');
    expect(error.message).toContain('550 5.7.60 Client does not have permissions to send as this sender');
  });

  it('a relay that refuses every recipient is `recipient-refused`, naming them', async () => {
    const { port, received } = await relay({
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('5.1.1 Recipient address rejected: User unknown'), { responseCode: 550 })),
    });
    const error = await failure(sender().send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('recipient-refused');
    expect(error.message).toContain('refused every address to send to (it-oncall@council.example, servicedesk@council.example)');
    expect(received).toEqual([]);
  });

  it('a temporary refusal (451) is `server`, to be tried again', async () => {
    const { port } = await relay({
      onMailFrom: (_address, _session, callback) => callback(Object.assign(new Error('4.3.2 Try again later'), { responseCode: 451 })),
    });
    const error = await failure(sender().send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('is not taking mail just now');
  });

  it('a certificate this computer does not trust (no ca) is `tls`, pointing at NODE_EXTRA_CA_CERTS', async () => {
    const { port, received } = await relay();
    const error = await failure(sender({}).send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain(`This computer does not trust the certificate of 127.0.0.1:${port}`);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(received).toEqual([]);
  });

  it('a relay that does not offer STARTTLS is `tls`: the message is not sent in the clear', async () => {
    const { port, received } = await relay({ disabledCommands: ['STARTTLS'] });
    const error = await failure(sender().send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain('did not agree to a secure connection (STARTTLS)');
    expect(received).toEqual([]);
  });

  it('delivers with TLS from the start (secure) to a TLS relay', async () => {
    const { port, received } = await relay({ secure: true });
    const result = await sender().send(emailChannel(port, { security: 'tls' }), undefined, MESSAGE, signal());
    expect(result.detail).toContain('250 OK: queued as A1B2C3');
    expect(received[0]!.text).toContain('Subject: casebridge: 3 Tascomi jobs died');
  });

  it('TLS chosen for a relay that speaks plain SMTP on the port is `tls`, saying which security fits which port', async () => {
    const { port, received } = await relay();
    const error = await failure(sender().send(emailChannel(port, { security: 'tls' }), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('tls');
    expect(error.message).toContain('Port 465 uses TLS from the start; ports 587 and 25 use STARTTLS');
    expect(received).toEqual([]);
  });

  it('a closed port is `connection`, naming the host and port', async () => {
    const port = await closedPort();
    const error = await failure(sender().send(emailChannel(port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('connection');
    expect(error.message).toContain(`Nothing took the connection at 127.0.0.1:${port}`);
  });

  it('a relay name that does not resolve is `dns`, naming it', async () => {
    const error = await failure(sender().send(emailChannel(587, { host: 'no-such-relay.invalid' }), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('dns');
    expect(error.message).toContain('The relay no-such-relay.invalid could not be found (DNS)');
  });

  it('a relay that takes the connection and never greets is `timeout`', async () => {
    const silent = await listenOnLoopback(net.createServer());
    servers.push(silent);
    const error = await failure(sender({ ca: CERT, timeoutMs: 300 }).send(emailChannel(silent.port), undefined, MESSAGE, signal()));
    expect(error.errorClass).toBe('timeout');
    // Which of nodemailer's waits ran out first (the greeting's or the idle socket's) depends on the machine's load.
    expect(error.message).toContain(`The relay 127.0.0.1:${silent.port} did not answer within 0.3 s`);
  });

  it('stops promptly when aborted mid-send, and closes the connection', async () => {
    let dataArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (dataArrived = resolve));
    const { port, received, closed } = await relay({
      // Reads the message and never answers it, as a stuck relay does.
      onData(stream) {
        stream.on('data', () => undefined);
        stream.on('end', () => dataArrived());
      },
    });
    const controller = new AbortController();
    const sending = sender().send(emailChannel(port), undefined, MESSAGE, controller.signal);
    await settlesWithin(arrived, 'the message reaching the relay', 5_000);
    controller.abort();
    const error = await failure(sending);
    expect(error.aborted).toBe(true);
    expect(error.message).toContain('was stopped before it finished');
    await settlesWithin(closed, 'the relay seeing the connection close');
    expect(received).toEqual([]);
  });
});
