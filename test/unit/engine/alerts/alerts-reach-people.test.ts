/**
 * The proof, on a real engine with a fake clock: a real SMTP relay (smtp-server, STARTTLS
 * and a sign-in) and a local HTTPS endpoint standing in for a Teams incoming webhook, both on
 * 127.0.0.1, set up through the contract as the Alerts page does.
 * - 300 jobs that die in a burst give one grouped message per channel, with counts by error class.
 * - A breaker that opens (Tascomi drops every connection) and closes gives an alert and a recovery.
 * - A relay that refuses the sender gives a clear reason on the delivery, and a retry that sends it.
 * - No message carries a name or an address from the cases, or a secret of the channels.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDeliveryView, AlertSettingsInput, AlertSettingsView } from '../../../../shared/domain/alerts';
import type { CaseInput } from '../../../../shared/domain/case';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';
import type { OutgoingRow, Template } from '../../../../shared/domain/template';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../../support/engine';
import { listenOnLoopback, type LoopbackServer } from '../../../support/local-server';

const FIXTURES = join(import.meta.dirname, '../network/fixtures');
const CERT = readFileSync(join(FIXTURES, 'localhost-cert.pem'), 'utf8');
const KEY = readFileSync(join(FIXTURES, 'localhost-key.pem'), 'utf8');

const SMTP_USER = 'casebridge-alerts';
const SMTP_PASSWORD = 'relay-password-7Hq2-not-for-messages';
const TEAMS_PATH = '/webhookb2/3f9e1c2a-team-secret/IncomingWebhook/8d7c6b5a';

/** What must never appear in a message. */
const PERSON = { forename: 'Zebedee', surname: 'Quixwright', street: '17 Quillfeather Lane', postcode: 'ZZ9 9QQ', email: 'zebedee.quixwright@example.org' };
const FORBIDDEN = [...Object.values(PERSON), SMTP_PASSWORD, TEAMS_PATH, '3f9e1c2a-team-secret', DEMO_KEYS.privateKey];

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

let t: TestEngine | undefined;
let emulator: TascomiEmulator | undefined;
const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  t = emulator = undefined;
});

/** A relay that wants STARTTLS and a sign-in, keeping what it accepted; `refuseSender` makes it answer 550 to MAIL FROM. */
async function startRelay() {
  const mails: Mail[] = [];
  const relay = { refuseSender: false };
  const server = new SMTPServer({
    key: KEY,
    cert: CERT,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onMailFrom(address, _session, callback) {
      if (relay.refuseSender) {
        const error = new Error(`Sender address rejected: ${address.address} may not relay`) as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    logger: false,
  });
  const listening = await listenOnLoopback(server.server);
  servers.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => listening.stop()) });
  return { port: listening.port, mails, relay };
}

/** An HTTPS endpoint standing in for a Teams incoming webhook: keeps each card posted to TEAMS_PATH. */
async function startTeams() {
  const posts: { path: string; body: string }[] = [];
  const server = createHttpsServer({ key: KEY, cert: CERT }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.url === TEAMS_PATH ? 200 : 404, { 'content-type': 'text/plain' }).end(req.url === TEAMS_PATH ? '1' : 'not found');
    });
  });
  const listening: LoopbackServer = await listenOnLoopback(server);
  servers.push(listening);
  return { url: `https://127.0.0.1:${listening.port}${TEAMS_PATH}`, posts };
}

const row = (id: string, key: string, source: OutgoingRow['source']): OutgoingRow => ({ id, target: { kind: 'schema', key }, source });
const text = (value: string) => ({ kind: 'text', value }) as const;
const field = (name: string) => ({ kind: 'field', field: name }) as const;

function flyTipping(n: number): CaseInput {
  return {
    id: `FT-${String(n).padStart(4, '0')}`,
    type: 'Fly-tipping report',
    status: 'Submitted',
    fields: { description: `Bags dumped behind ${PERSON.street}, ${PERSON.postcode}, reported by ${PERSON.forename} ${PERSON.surname} (${PERSON.email})` },
    dates: { reported: '2026-06-15T09:00:00+01:00' },
  };
}

/** An engine sending fly-tipping cases to the Tascomi emulator, its jobs given one attempt each, and two alert channels. */
async function engineWithChannels(alerts: Partial<AlertSettingsInput> = {}) {
  t = startTestEngine({ alertCertificates: CERT });
  t.clock.set('2026-06-15T10:00:20.000Z');
  const clock = t.clock;
  emulator = await startTascomiEmulator({ now: () => clock.now().toMillis(), seed: 1 });
  const { value } = contractCallsOf(() => t!);
  const saved = await value('saveTascomiSettings', {
    enabled: true,
    baseUrl: emulator.baseUrl,
    ...DEMO_KEYS,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 3600,
    rateLimit: DEFAULT_RATE_LIMIT,
  });
  expect(saved.saved).toBe(true);
  await value('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 4, maxAttempts: 1, backoffBaseSeconds: 2, backoffCapSeconds: 300 } });
  await value('createReference', { name: 'SR number' });
  const template = (await value('saveTemplate', {
    draft: {
      name: 'Fly-tipping create',
      connector: 'tascomi',
      type: 'create',
      reference: 'SR number',
      rows: [row('cf', 'core_function', text('SS')), row('rc', 'request_code', text('FLYTIP')), row('io', 'investigating_officer', text('pshah')), row('ds', 'description', field('description'))],
    },
  })) as Template;
  await value('createRule', { name: 'Fly-tipping', caseType: 'Fly-tipping report', on: 'created', templateId: template.id });

  const relay = await startRelay();
  const teams = await startTeams();
  const email = await value('saveAlertChannel', {
    channel: { kind: 'email', name: 'Duty inbox', enabled: true, host: '127.0.0.1', port: relay.port, security: 'starttls', username: SMTP_USER, from: 'casebridge@council.example', to: ['it-duty@council.example'] },
    secret: SMTP_PASSWORD,
  });
  const teamsChannel = await value('saveAlertChannel', { channel: { kind: 'teams', name: 'Housing systems channel', enabled: true }, secret: teams.url });
  const current = (await value('getAlertSettings')) as AlertSettingsView;
  await value('saveAlertSettings', { ...current.settings, ...alerts });
  return { value, relay, teams, channels: { email, teams: teamsChannel } };
}

/** Every message the two channels received, as text, for the personal data check. */
const everything = (relay: { mails: Mail[] }, teams: { posts: { body: string }[] }) => [...relay.mails.map((m) => m.raw), ...teams.posts.map((p) => p.body)].join('\n');

describe('alerts reach support staff by email and Teams', () => {
  it('a burst of 300 dead jobs gives one grouped message per channel within the grouping window, with counts and no personal data or secrets', async () => {
    const { relay, teams, value } = await engineWithChannels({ groupingSeconds: 600 });
    emulator!.setFaults({ errorRate: 1 });
    const started = t!.clock.millis();
    for (let n = 1; n <= 300; n += 1) expect(t!.engine.intake.receive(flyTipping(n))).toMatchObject({ ok: true });
    await t!.engine.jobs.runUntilIdle();
    const dead = (await value('countJobs', { filter: { states: ['dead'] } })) as number;
    expect(dead).toBe(300);
    // All died inside the window: nothing is sent before it ends.
    expect(t!.clock.millis() - started).toBeLessThan(600_000);
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails).toHaveLength(0);

    t!.clock.set(new Date(started + 600_000).toISOString());
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);
    const mail = relay.mails[0]!;
    expect(mail.from).toBe('casebridge@council.example');
    expect(mail.to).toEqual(['it-duty@council.example']);
    expect(mail.raw).toMatch(/Subject: casebridge: 300 jobs died \(Tascomi 300\)/);
    expect(mail.raw).toMatch(/Error class remote/);
    const card = JSON.parse(teams.posts[0]!.body) as { attachments: { content: { body: unknown[] } }[] };
    expect(JSON.stringify(card)).toContain('300 jobs died');

    // A few minutes later nothing more goes out: the burst was one message.
    t!.clock.advance(5 * 60_000);
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);

    const deliveries = (await value('listAlertDeliveries', {})) as AlertDeliveryView[];
    expect(deliveries.map((d) => [d.channelName, d.state]).sort()).toEqual([
      ['Duty inbox', 'sent'],
      ['Housing systems channel', 'sent'],
    ]);
    const all = everything(relay, teams);
    for (const forbidden of FORBIDDEN) expect(all).not.toContain(forbidden);
  });

  it('a breaker that opens and closes gives an alert and a recovery on each channel', async () => {
    const { relay, teams } = await engineWithChannels({ quietMinutes: 30 });
    // Every connection dropped: connection failures open the breaker; jobs wait without spending attempts.
    emulator!.setFaults({ dropRate: 1 });
    for (let n = 1; n <= 8; n += 1) t!.engine.intake.receive(flyTipping(n));
    await t!.engine.jobs.runUntilIdle();
    await t!.engine.alerts.runOnce();
    expect((await contractCallsOf(() => t!).value('getQueueStatus')) as { breaker: { state: string } }[]).toEqual(
      expect.arrayContaining([expect.objectContaining({ connector: 'tascomi', breaker: expect.objectContaining({ state: expect.stringMatching(/open|probing/) }) })]),
    );
    // Not yet "open longer than 10 minutes".
    t!.clock.advance(5 * 60_000);
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails).toHaveLength(0);
    t!.clock.advance(6 * 60_000);
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails.map((m) => /Subject: (.*)/.exec(m.raw)?.[1])).toEqual(['casebridge: the Tascomi queue has stopped sending: Tascomi cannot be reached']);
    expect(teams.posts).toHaveLength(1);

    // Tascomi answers again: the probe after the cool-down succeeds and the breaker closes.
    emulator!.setFaults({ dropRate: 0 });
    t!.clock.advance(15 * 60_000);
    await t!.engine.jobs.runUntilIdle();
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(relay.mails.map((m) => /Subject: (.*)/.exec(m.raw)?.[1])).toEqual([
      'casebridge: the Tascomi queue has stopped sending: Tascomi cannot be reached',
      'casebridge recovered: the Tascomi queue is sending again',
    ]);
    expect(teams.posts.map((p) => (p.body.includes('recovered') ? 'recovery' : 'alert'))).toEqual(['alert', 'recovery']);
    const all = everything(relay, teams);
    for (const forbidden of FORBIDDEN) expect(all).not.toContain(forbidden);
  });

  it('a relay that refuses the sender gives a clear reason on the delivery, then a retry sends it', async () => {
    const { relay, teams, value } = await engineWithChannels({ groupingSeconds: 10 });
    relay.relay.refuseSender = true;
    emulator!.setFaults({ errorRate: 1 });
    t!.engine.intake.receive(flyTipping(1));
    await t!.engine.jobs.runUntilIdle();
    t!.clock.advance(10_000);
    await t!.engine.alerts.runOnce();
    await t!.engine.alerts.deliverDue();
    expect(teams.posts).toHaveLength(1);
    expect(relay.mails).toHaveLength(0);
    let email = ((await value('listAlertDeliveries', {})) as AlertDeliveryView[]).find((d) => d.channelName === 'Duty inbox')!;
    expect(email).toMatchObject({ state: 'queued', attempts: 1, lastErrorClass: 'sender-refused' });
    expect(email.lastError).toContain('casebridge@council.example');
    expect(email.nextRunAt).toBeDefined();
    // The log says so too.
    t!.engine.log.flush();
    expect(t!.engine.log.recent(50).some((e) => e.source === 'alerts' && e.level === 'warn' && e.message.includes('Duty inbox'))).toBe(true);

    // The relay's administrator lets casebridge send: the next attempt, after its backoff, gets through.
    relay.relay.refuseSender = false;
    t!.clock.advance(10 * 60_000);
    await t!.engine.alerts.deliverDue();
    email = ((await value('listAlertDeliveries', {})) as AlertDeliveryView[]).find((d) => d.channelName === 'Duty inbox')!;
    expect(email).toMatchObject({ state: 'sent', attempts: 2 });
    expect(relay.mails).toHaveLength(1);
  });

  it('a dead delivery is retried by hand with a fresh budget', async () => {
    const { relay, value } = await engineWithChannels({ groupingSeconds: 10 });
    relay.relay.refuseSender = true;
    emulator!.setFaults({ errorRate: 1 });
    t!.engine.intake.receive(flyTipping(1));
    await t!.engine.jobs.runUntilIdle();
    t!.clock.advance(10_000);
    await t!.engine.alerts.runOnce();
    for (let i = 0; i < 12; i += 1) {
      await t!.engine.alerts.deliverDue();
      t!.clock.advance(10 * 60_000);
    }
    const dead = ((await value('listAlertDeliveries', { states: ['dead'] })) as AlertDeliveryView[])[0]!;
    expect(dead).toMatchObject({ channelName: 'Duty inbox', state: 'dead', attempts: 8, maxAttempts: 8 });
    relay.relay.refuseSender = false;
    const retried = (await value('retryAlertDelivery', { id: dead.id })) as AlertDeliveryView;
    expect(retried).toMatchObject({ state: 'queued', attempts: 8, maxAttempts: 16, lastActionBy: expect.any(String) });
    await t!.engine.alerts.deliverDue();
    expect(relay.mails).toHaveLength(1);
  });
});
