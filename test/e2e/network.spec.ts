/**
 * An IT officer prepares the email a remote system's administrators need for their IP allowlist,
 * and diagnoses the Tascomi connection step by step: all well while Tascomi runs, and a TCP
 * failure with the allowlist advice once it does not answer, cleared once the address changes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Page } from '@playwright/test';
import { tascomiSettingsFor } from '../support/connector-settings';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost } from '../support/host-contract-client';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
const PUBLIC_ADDRESS = '203.0.113.45';
let tascomi: EmulatorProcess;
/** The "what is my address" service, on this machine. */
let whatIsMyAddress: Server;
let whatIsMyAddressUrl: string;

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  whatIsMyAddress = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ip: PUBLIC_ADDRESS }));
  });
  await new Promise<void>((resolve) => whatIsMyAddress.listen(0, '127.0.0.1', resolve));
  whatIsMyAddressUrl = `http://127.0.0.1:${(whatIsMyAddress.address() as AddressInfo).port}/`;
});
test.afterAll(async () => {
  await tascomi?.stop();
  whatIsMyAddress?.closeAllConnections();
  await new Promise<void>((resolve) => (whatIsMyAddress ? whatIsMyAddress.close(() => resolve()) : resolve()));
});

/** The addresses the host (on this same machine) must list: every non-internal one. */
function expectedAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((infos) => infos ?? [])
    .filter((i) => !i.internal)
    .map((i) => i.address.replace(/%.*$/, ''));
}

/** What the console's clipboard holds (the context is granted clipboard permissions). */
function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
}

async function openNetwork(page: Page) {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Network').click();
  await expect(pageHeading(page, 'Network')).toBeVisible();
}

test("the page lists this workstation's addresses and, once switched on, the public address; Copy all puts an email in the clipboard", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host().origin });
  await openNetwork(page);

  const addresses = expectedAddresses();
  const table = page.getByRole('table', { name: "This workstation's addresses" });
  if (addresses.length === 0) {
    await expect(page.getByRole('status').filter({ hasText: 'No network address' })).toBeVisible();
  } else {
    await expect(table.getByRole('row')).toHaveCount(addresses.length + 1);
    for (const address of addresses) await expect(table.getByRole('button', { name: `Copy ${address}` })).toBeVisible();
  }
  const publicAddress = page.getByRole('region', { name: 'Public address' });
  await expect(publicAddress.getByRole('status').first()).toContainText('Not looked up');

  // Switch on the public address, read from a local "what is my address" service.
  const settings = page.getByRole('form', { name: 'Public address settings' });
  await settings.getByLabel('What is my address service').fill('http://ifconfig.me/');
  await expect(settings.getByLabel('What is my address service')).toHaveAccessibleDescription(/must start with https:\/\//);
  await settings.getByLabel('What is my address service').fill(whatIsMyAddressUrl);
  await settings.getByRole('switch', { name: 'Look up the public address' }).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Remote systems see this workstation as ${PUBLIC_ADDRESS} (IPv4).`)).toBeVisible();
  await expect(page.getByText(`From ${whatIsMyAddressUrl} in`)).toBeVisible();

  // One address, then all of them for an email.
  if (addresses.length > 0) {
    await table.getByRole('button', { name: `Copy ${addresses[0]}` }).click();
    await expect.poll(() => readClipboard(page)).toBe(addresses[0]);
  }
  await page.getByRole('button', { name: 'Copy all for an email' }).click();
  await expect.poll(() => readClipboard(page)).toContain(`Public address (what your system sees): ${PUBLIC_ADDRESS}`);
  const email = await readClipboard(page);
  expect(email).toMatch(/^Hello,\n\nPlease allow these addresses of our casebridge workstation \(.+\) to reach your system:/);
  for (const address of addresses.filter((a) => !/^fe[89ab]/i.test(a))) expect(email).toContain(`- ${address} (`);
  expect(email).toMatch(/Thank you\.$/);

  // The setting is kept.
  await page.reload();
  await expect(page.getByText(`Remote systems see this workstation as ${PUBLIC_ADDRESS} (IPv4).`)).toBeVisible();
  await expect(page.getByRole('form', { name: 'Public address settings' }).getByRole('switch', { name: 'Look up the public address' })).toBeChecked();
});

test('a diagnosis of the configured Tascomi shows each step with its time; with Tascomi stopped, the TCP failure and the allowlist advice', async ({ page }) => {
  // Set up Tascomi as a person does, by its name (so the DNS step has a name to look up).
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByLabel('API base url').fill(tascomi.baseUrl.replace('127.0.0.1', 'localhost'));
  await form.getByLabel('API public key').fill(tascomi.publicKey);
  await form.getByLabel('API private key').fill(tascomi.privateKey);
  await form.getByLabel('Enabled').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();

  await navLink(page, 'Network').click();
  const connection = page.getByRole('region', { name: 'Tascomi / Idox Cloud connection' });
  await connection.getByRole('button', { name: 'Diagnose Tascomi / Idox Cloud' }).click();
  const result = connection.getByRole('status').filter({ hasText: 'Tascomi / Idox Cloud: every step passed' });
  await expect(result).toBeVisible();
  const steps = result.getByRole('table', { name: 'Diagnosis of Tascomi / Idox Cloud' });
  await expect(steps.getByRole('row')).toHaveCount(9); // header + 7 steps + Tascomi's case reference field
  for (const name of [
    'Address and route',
    'Look up the name (DNS)',
    'Connect (TCP)',
    'HTTP answer',
    'Authenticate',
    'Compare clocks',
    'Check the case reference field (duplicate guard)',
  ]) {
    const row = steps.getByRole('row').filter({ hasText: name });
    await expect(row.getByRole('cell').nth(1)).toHaveText('passed');
    await expect(row.getByRole('cell').nth(2)).toHaveText(/^\d+ ms$/);
  }
  await expect(steps.getByRole('row').filter({ hasText: 'Secure connection (TLS)' }).getByRole('cell').nth(1)).toHaveText('not needed');
  await expect(steps.getByRole('row').filter({ hasText: 'Authenticate' })).toContainText('The keys were accepted.');

  // Tascomi stops answering: the connection is refused, and the advice is to have the addresses allowed.
  await tascomi.stop();
  await connection.getByRole('button', { name: 'Diagnose Tascomi / Idox Cloud' }).click();
  const failure = connection.getByRole('alert').filter({ hasText: 'refused the connection' });
  await expect(failure).toBeVisible();
  const tcp = failure.getByRole('table', { name: 'Diagnosis of Tascomi / Idox Cloud' }).getByRole('row').filter({ hasText: 'Connect (TCP)' });
  await expect(tcp.getByRole('cell').nth(1)).toHaveText('failed');
  await expect(tcp.getByRole('cell').nth(2)).toHaveText(/^\d+ ms$/);
  await expect(tcp).toContainText(/What to do: .*Ask the administrators of Tascomi \/ Idox Cloud to allow this workstation's addresses/);
  await expect(failure.getByRole('row').filter({ hasText: 'HTTP answer' }).getByRole('cell').nth(1)).toHaveText('not run');

  // The address is changed elsewhere (another console): after Refresh, the diagnosis of the old
  // address is gone rather than shown beside the new one.
  const contract = await connectToHost(host());
  try {
    // Switched off, since Tascomi is stopped and an enabled connection is verified before it is saved.
    const saved = await contract.call('saveTascomiSettings', { ...tascomiSettingsFor(tascomi), enabled: false });
    expect(saved.saved).toBe(true);
  } finally {
    contract.close();
  }
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(connection).toContainText(tascomi.baseUrl);
  await expect(failure).toHaveCount(0);
});
