/**
 * The Alerts page as support staff use it: an email channel pointed at the council's relay (here an
 * SMTP server in this test process, plain, no sign-in), a test alert that arrives, the words when
 * the relay is gone, and a rule's number that stays saved.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { connectToHost } from '../support/host-contract-client';
import { seriousViolations } from './support/axe';
import { expect, goToPage, openConsole, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

/** A header's value with folded lines joined and RFC 2047 words (`=?UTF-8?Q?...?=`) decoded. */
function headerValue(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A plain relay on 127.0.0.1 that takes mail from anyone (as a council relay takes it from a known workstation) and keeps each message. */
async function startRelay(): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('an email channel: saved, a test alert arrives at the relay, and with the relay gone the failure names it', async ({ page }, testInfo) => {
  const relay = await startRelay();
  let relayOpen = true;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openConsole(page, host().consoleUrl);
    await goToPage(page, 'Alerts');
    await expect(page.getByRole('table', { name: 'Alert channels' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByRole('form', { name: 'Alert channel' });

    // Saved empty, the engine's objections go under their fields and the keyboard goes to the first.
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect(form.getByRole('alert')).toHaveText('Some settings need correcting: see the marked fields.');
    await expect(form.getByText('name the channel')).toBeVisible();
    await expect(form.getByLabel('Name', { exact: true })).toBeFocused();

    await form.getByLabel('Name', { exact: true }).fill('Support email');
    await expect(form.getByLabel('Kind', { exact: true })).toHaveValue('email');
    await expect(form.getByLabel('Port', { exact: true })).toHaveValue('587');
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(relay.port));
    await form.getByLabel('Security', { exact: true }).selectOption({ label: 'None' });
    await form.getByLabel('From', { exact: true }).fill('casebridge@council.gov.uk');
    // One bad address among several: the objection under To names it, and the keyboard goes there.
    await form.getByLabel('To', { exact: true }).fill('support@council.gov.uk\nsupport at council');
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect(form.getByText('support at council: enter an email address such as alerts@council.gov.uk')).toBeVisible();
    await expect(form.getByLabel('To', { exact: true })).toBeFocused();
    await form.getByLabel('To', { exact: true }).fill('support@council.gov.uk');
    // Enter in a field saves, as Save channel does.
    await form.getByLabel('From', { exact: true }).press('Enter');
    await expect(form.getByRole('status')).toHaveText('Saved: Support email.');
    const channels = page.getByRole('table', { name: 'Alert channels' });
    await expect(channels.getByRole('row', { name: /Support email/ })).toContainText('Email (SMTP relay)');

    await form.getByRole('button', { name: 'Send test alert' }).click();
    await expect(form.getByRole('status')).toContainText('Test alert sent');
    await expect.poll(() => relay.messages.length).toBe(1);
    const message = relay.messages[0]!;
    expect(headerValue(message, 'Subject')).toMatch(/test/i);
    expect(headerValue(message, 'To')).toContain('support@council.gov.uk');

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await pageHeading(page, 'Alerts').scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`alerts-${colorScheme}.png`), fullPage: true });
      // With the channel form open and a result shown: what the page-by-page check does not see.
      expect(await seriousViolations(page), `axe in ${colorScheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // The relay is gone: the engine's reason names where it could not connect.
    await relay.close();
    relayOpen = false;
    await form.getByRole('button', { name: 'Send test alert' }).click();
    const failure = form.getByRole('alert');
    await expect(failure).toContainText('Test alert not sent');
    await expect(failure).toContainText(/refused/i);
    await expect(failure).toContainText('127.0.0.1');
    await expect(failure).toContainText(String(relay.port));
    expect(relay.messages).toHaveLength(1);
  } finally {
    if (relayOpen) await relay.close();
  }
});

test("a rule's number, changed and saved with Enter, is there after a reload; deliveries show on the Jobs page", async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Alerts');
  const rules = page.getByRole('form', { name: 'Alert rules' });
  const breaker = rules.getByRole('group', { name: 'A queue stops sending' });
  const minutes = breaker.getByLabel('Open longer than (minutes)');
  await expect(minutes).toHaveValue('10');
  // Conditions about the engine itself have no connectors to pick.
  await expect(rules.getByRole('group', { name: 'Disk nearly full' }).getByText('Connectors')).toHaveCount(0);
  await expect(breaker.getByRole('checkbox', { name: 'Civica Cx' })).toBeVisible();

  await minutes.fill('25');
  await minutes.press('Enter');
  await expect(rules.getByRole('status')).toHaveText('Saved: the alert rules apply from now.');

  await page.reload();
  await expect(pageHeading(page, 'Alerts')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Alert rules' }).getByRole('group', { name: 'A queue stops sending' }).getByLabel('Open longer than (minutes)')).toHaveValue('25');

  await goToPage(page, 'Jobs');
  const deliveries = page.getByRole('region', { name: 'Alert deliveries' });
  await expect(deliveries.getByRole('heading', { name: 'Alert deliveries' })).toBeVisible();
  await expect(deliveries.getByText('No alert deliveries yet.').or(deliveries.getByRole('table', { name: 'Alert deliveries' }))).toBeVisible();
});

test('an alert the relay cannot take shows on the Jobs page as it happens; a cancelled one is retried and its fate followed', async ({ page }, testInfo) => {
  // The real loop on the real clock: its next poll (within 15 s) sees the intake down, the alert goes out, the send fails.
  test.setTimeout(120_000);
  // A relay that was there and is gone: its port now refuses.
  const relay = await startRelay();
  await relay.close();
  const contract = await connectToHost(host());
  try {
    await contract.call('saveAlertChannel', {
      channel: {
        kind: 'email',
        name: 'Out-of-hours relay',
        enabled: true,
        host: '127.0.0.1',
        port: relay.port,
        security: 'none',
        username: '',
        from: 'casebridge@council.gov.uk',
        to: ['oncall@council.gov.uk'],
      },
    });
    // The intake switched on at the console's own port cannot listen: the condition the alert is about.
    await contract.call('saveIntakeSettings', { enabled: true, host: '127.0.0.1', port: host().port, toleranceSeconds: 300, secret: 'a-shared-secret-of-32-characters' });
  } finally {
    contract.close();
  }

  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Jobs');
  const deliveries = page.getByRole('table', { name: 'Alert deliveries' });
  const row = deliveries.getByRole('row').filter({ hasText: 'Out-of-hours relay' });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(row).toContainText(/intake/i);
  // Tried again after a short backoff, and each try shows as it happens: waiting, with attempts counting up.
  await expect(row).toContainText(/queued\s*[1-7] of 8/, { timeout: 20_000 });
  await expect(row).toContainText(`Nothing took the connection at 127.0.0.1:${relay.port} (it was refused)`);
  await expect(row).toContainText(/Next try \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  // Waiting to be tried again: nothing to retry by hand yet.
  await expect(row.getByRole('button', { name: /^Retry/ })).toHaveCount(0);

  // The channel deleted on the Alerts page: its waiting alert is cancelled, and Retry is offered.
  await goToPage(page, 'Alerts');
  await page.getByRole('button', { name: 'Edit Out-of-hours relay' }).click();
  await page.getByRole('form', { name: 'Alert channel' }).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete the channel?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('table', { name: 'Alert channels' }).getByText('Out-of-hours relay')).toHaveCount(0);

  await goToPage(page, 'Jobs');
  // Cancelled; or, when a retry of it was already on its way as the channel went, dead on its next try for want of a channel.
  await expect(row.getByText(/^(cancelled|dead)$/)).toBeVisible();
  await row.getByRole('button', { name: /^Retry the alert/ }).click();
  await expect(page.getByRole('status', { name: 'Alert delivery action' })).toContainText('is queued again');
  // Followed live: with its channel gone it cannot be sent, and says so.
  await expect(row.getByText('dead', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('The channel was deleted after this alert was queued; nothing was sent.');
  await expect(row.getByRole('button', { name: /^Retry the alert/ })).toBeVisible();
  await page.getByRole('region', { name: 'Alert deliveries' }).screenshot({ path: testInfo.outputPath('alert-deliveries.png') });
});
