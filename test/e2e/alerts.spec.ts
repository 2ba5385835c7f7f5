/**
 * The Alerts page as support staff use it: an email channel pointed at the council's relay (here an
 * SMTP server in this test process, plain, no sign-in), a test alert that arrives, the words when
 * the relay is gone, and a rule's number that stays saved.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
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
