/**
 * An IT officer connects casebridge to Tascomi: a wrong private key is refused and nothing is
 * saved; the right one saves; an under-privileged key's gaps show in the API access table, each
 * result marked confirmed or inferred, and a confirmation a person starts (asked first) turns the
 * inferred write results into seen ones; the saved key is used only with the saved address, so
 * another address asks for it again. The rate limit set here is saved with the verified settings
 * and kept; one out of range is refused at its field and nothing is saved.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
});
test.afterAll(async () => {
  await tascomi?.stop();
});

function settingsForm(page: Page) {
  return page.getByRole('form', { name: 'Tascomi settings' });
}

async function openTascomiSettings(page: Page) {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  await expect(settingsForm(page).getByLabel('API base url')).toBeVisible();
}

async function fill(page: Page, values: { baseUrl: string; publicKey: string; privateKey: string }) {
  const form = settingsForm(page);
  await form.getByLabel('API base url').fill(values.baseUrl);
  await form.getByLabel('API public key').fill(values.publicKey);
  await form.getByLabel('API private key').fill(values.privateKey);
}

test('a base url with the version part is explained as it is typed', async ({ page }) => {
  await openTascomiSettings(page);
  const url = settingsForm(page).getByLabel('API base url');
  await url.fill(`${tascomi.baseUrl}/v1/`);
  await expect(url).toHaveAccessibleDescription(/Remove "\/v1" from the API base url.*Use http:\/\/127\.0\.0\.1:\d+\/rest/);
  await url.fill(tascomi.baseUrl);
  await expect(url).not.toHaveAttribute('aria-invalid', 'true');
});

test('a wrong private key is refused with the reason, and nothing is saved', async ({ page }) => {
  await openTascomiSettings(page);
  const form = settingsForm(page);
  await fill(page, { baseUrl: tascomi.baseUrl, publicKey: tascomi.publicKey, privateKey: 'not-the-private-key' });
  await form.getByLabel('Enabled').check();
  await form.getByRole('button', { name: 'Save' }).click();

  const refusal = form.getByRole('alert');
  await expect(refusal).toContainText('Not saved');
  await expect(refusal).toContainText(/Authentication failures, invalid public key or HMAC|keys/);
  await expect(refusal.getByRole('table', { name: 'Connection test steps' })).toContainText('Authenticate with the keys');

  await page.reload();
  await expect(settingsForm(page).getByLabel('API base url')).toHaveValue('');
  await expect(settingsForm(page).getByLabel('Enabled')).not.toBeChecked();
  await expect(settingsForm(page).getByText('Not set yet.', { exact: false })).toBeVisible();
});

test('the right keys save after verification, are kept, and the key is never shown again', async ({ page }) => {
  await openTascomiSettings(page);
  const form = settingsForm(page);
  await fill(page, { baseUrl: `${tascomi.baseUrl}/`, publicKey: tascomi.publicKey, privateKey: tascomi.privateKey });
  await form.getByLabel('Enabled').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();
  await expect(form.getByRole('table', { name: 'Connection test steps' })).toContainText("Compare this computer's clock with Tascomi's");

  await page.reload();
  const saved = settingsForm(page);
  await expect(saved.getByLabel('API base url')).toHaveValue(tascomi.baseUrl);
  await expect(saved.getByLabel('Enabled')).toBeChecked();
  await expect(saved.getByLabel('API private key')).toHaveValue('');
  await expect(saved.getByText('A private key is set.', { exact: false })).toBeVisible();
  expect(await page.content()).not.toContain(tascomi.privateKey);

  // Test connection uses the stored key, and shows each step with its time and the clock offset.
  await saved.getByRole('button', { name: 'Test connection' }).click();
  const result = saved.getByRole('status').filter({ hasText: 'Test connection: the connection works' });
  await expect(result).toBeVisible();
  await expect(result.getByRole('row')).toHaveCount(6); // header + url, reach, authenticate, clock, case reference
  // The emulator filters on the case reference, so the duplicate guard is on.
  await expect(result).toContainText(/A filter on complaints\.external_reference is honoured|complaints\.external_reference exists and is filterable/);
  await expect(result.getByLabel('passed with a warning')).toHaveCount(0);
  await expect(result).toContainText(/\d+ ms/);
  await expect(result).toContainText(/Tascomi's clock is [+−]\d+\.\d s from this workstation's/);

  // Code lists are cached; support staff can read them again on demand.
  await saved.getByRole('button', { name: 'Refresh code lists' }).click();
  const lists = saved.getByRole('table', { name: 'Code lists' });
  await expect(lists.getByRole('row').filter({ hasText: 'Core functions' }).getByRole('cell').nth(1)).toHaveText('6');
  await expect(lists.getByRole('row')).toHaveCount(9); // header + 8 lists

  await navLink(page, 'Log').click();
  await expect(page.getByRole('table', { name: 'Recent log entries' })).toContainText('Tascomi settings saved; the integration is enabled');
});

test('Check API access marks what an under-privileged key lacks', async ({ page }) => {
  await tascomi.admin('/keys', {
    publicKey: 'limited-public-key',
    privateKey: 'limited-private-key',
    permissions: {
      complaints: { view: true, write: true },
      contacts: { view: true, write: false },
      dtf_locations: { view: true, write: false },
      core_functions: { view: true, write: false },
      complaint_codes: { view: true, write: false },
      users: { view: false, write: false },
      organizational_units: { view: true, write: false },
      reporting_methods: { view: true, write: false },
      request_categories: { view: true, write: false },
      titles: { view: true, write: false },
      complaint_action_required: { view: true, write: false },
    },
  });
  await openTascomiSettings(page);
  const form = settingsForm(page);
  await fill(page, { baseUrl: tascomi.baseUrl, publicKey: 'limited-public-key', privateKey: 'limited-private-key' });
  await form.getByRole('button', { name: 'Check API access' }).click();

  const access = form.getByRole('alert').filter({ hasText: 'The API key lacks access the integration needs: contacts (Create & Update, inferred), users (View, inferred).' });
  await expect(access).toBeVisible();
  const table = access.getByRole('table', { name: 'API access' });
  await expect(table.getByRole('row')).toHaveCount(12); // header + 11 tables
  const row = (name: string) => table.getByRole('row').filter({ hasText: name });
  await expect(row('contacts').getByRole('cell').nth(2)).toHaveText('missing? inferred');
  await expect(row('users').getByRole('cell').nth(1)).toHaveText('missing? inferred');
  await expect(row('complaints').getByRole('cell').nth(2)).toHaveText('yes? inferred');
  await expect(row('titles').getByRole('cell').nth(1)).toHaveText('yes✓ confirmed');
  await expect(row('titles').getByRole('cell').nth(2)).toHaveText('not needed');
});

test('Check API access says what is inferred; a person-started confirmation, asked first, writes marked records and confirms them', async ({ page }) => {
  const marked = async (table: string) =>
    ((await (await fetch(`${tascomi.adminUrl}/records/${table}`)).json()) as Record<string, unknown>[]).filter((r) =>
      String(r.reference ?? r.remarks ?? '').includes('CASEBRIDGE-ACCESS-CHECK-'),
    );
  await openTascomiSettings(page);
  const form = settingsForm(page);
  await fill(page, { baseUrl: tascomi.baseUrl, publicKey: tascomi.publicKey, privateKey: tascomi.privateKey });
  await form.getByRole('button', { name: 'Check API access' }).click();

  const access = form.getByRole('status').filter({ hasText: 'The API key appears to have all the access the integration needs, but part of that is inferred' });
  await expect(access).toBeVisible();
  const table = access.getByRole('table', { name: 'API access' });
  const row = (name: string) => table.getByRole('row').filter({ hasText: name });
  await expect(row('complaints').getByLabel('complaints Create & Update: yes, inferred')).toBeVisible();
  await expect(row('contacts').getByLabel('contacts Create & Update: yes, inferred')).toBeVisible();
  await expect(row('complaints').getByLabel('complaints View: yes, confirmed')).toBeVisible();
  await expect(access).toContainText('Create & Update on complaints, Create & Update on contacts are inferred from answers no public Tascomi documentation describes');
  await expect(access).toContainText('"? inferred" means the result was read from an answer no public Tascomi documentation describes');

  // Asked first: the dialog says what it leaves in the live system, with Cancel focused; cancelled, nothing is written.
  await access.getByRole('button', { name: 'Confirm write access' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm write access in the live Tascomi system?' });
  await expect(dialog).toContainText(`This writes to the live Tascomi system at ${tascomi.baseUrl}.`);
  await expect(dialog).toContainText('casebridge never deletes: both records stay in Tascomi');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(await marked('contacts')).toEqual([]);
  expect(await marked('complaints')).toEqual([]);

  await access.getByRole('button', { name: 'Confirm write access' }).click();
  await dialog.getByRole('button', { name: 'Create the check records' }).click();
  const confirmed = form.getByRole('status').filter({ hasText: 'Create & Update confirmed: records were written and read back' });
  await expect(confirmed).toBeVisible();
  const [contact] = await marked('contacts');
  const [request] = await marked('complaints');
  expect(await marked('contacts')).toHaveLength(1);
  expect(await marked('complaints')).toHaveLength(1);
  expect(String(request!.remarks)).toMatch(/^casebridge API access check CASEBRIDGE-ACCESS-CHECK-\d{8}T\d{6}Z, started by .+ It needs no action and may be ceased or deleted\./);
  await expect(confirmed.getByTestId('created-records')).toContainText(`complaints ${request!.id}, contacts ${contact!.id}`);
  const after = form.getByRole('status').filter({ hasText: 'The API key has all the access the integration needs (every result seen)' });
  await expect(after.getByLabel('complaints Create & Update: yes, confirmed')).toBeVisible();
  await expect(after.getByLabel('contacts Create & Update: yes, confirmed')).toBeVisible();
  await expect(after).not.toContainText('? inferred');
});

test('the saved private key is only used with the saved address: another address asks for it again, on the field, and is sent nothing', async ({ page }) => {
  // Another host the console could name: it counts what reaches it.
  let received = 0;
  const other = createServer((_req, res) => {
    received++;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/rest`;
  try {
    await openTascomiSettings(page);
    const form = settingsForm(page);
    await fill(page, { baseUrl: tascomi.baseUrl, publicKey: tascomi.publicKey, privateKey: tascomi.privateKey });
    await form.getByLabel('Enabled').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();

    const key = form.getByLabel('API private key');
    await expect(key).toHaveAccessibleDescription(/A private key is set/);
    await form.getByLabel('API base url').fill(otherUrl);
    const rule = `The saved API private key is only sent to the saved address ${tascomi.baseUrl} with the saved public key; type it again to use ${otherUrl}.`;
    await expect(key).toHaveAccessibleDescription(rule);

    // Asked anyway, the engine refuses on the same field, and the other host hears nothing.
    // The engine's words are the field's error now; the help gives way to the general text, so they are said once.
    const refused = new RegExp(`${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*A private key is set`);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(key).toHaveAccessibleDescription(refused);
    await expect(form.getByText(rule, { exact: true })).toHaveCount(1);
    await expect(form.getByRole('alert')).toContainText('Some settings need correcting');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toContainText('Some settings need correcting');
    await expect(key).toHaveAccessibleDescription(refused);
    expect(received).toBe(0);

    // Back at the saved address, the saved key is used again.
    await form.getByLabel('API base url').fill(`${tascomi.baseUrl}/`);
    await expect(key).toHaveAccessibleDescription(/A private key is set/);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Test connection: the connection works' })).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

/** Saves the emulator's connection with `limit`, verified. */
async function saveWithLimit(page: Page, limit: { perSecond: string; atOnce: string }) {
  const form = settingsForm(page);
  await form.getByLabel('API base url').fill(tascomi.baseUrl);
  await form.getByLabel('API public key').fill(tascomi.publicKey);
  await form.getByLabel('API private key').fill(tascomi.privateKey);
  await form.getByLabel('Enabled').check();
  await form.getByLabel('Requests per second').fill(limit.perSecond);
  await form.getByLabel('Requests at once').fill(limit.atOnce);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();
}

test('the rate limit starts at the default, explains itself, and a custom limit is saved and kept', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 }); // for the screenshot
  await openTascomiSettings(page);
  const form = settingsForm(page);
  const group = form.getByRole('group', { name: 'Rate limit' });
  await expect(group).toContainText('Tascomi blocks clients that send it too many requests');
  await expect(group).toContainText('jobs, two-way sync');
  const perSecond = group.getByLabel('Requests per second');
  const atOnce = group.getByLabel('Requests at once');
  await expect(perSecond).toHaveValue('5');
  await expect(atOnce).toHaveValue('3');
  await expect(perSecond).toHaveAccessibleDescription(/decimals allowed.*the default is 5/);
  await expect(atOnce).toHaveAccessibleDescription(/From 1 to 16; the default is 3/);

  await saveWithLimit(page, { perSecond: '0.5', atOnce: '2' });
  await expect(perSecond).toHaveValue('0.5');

  await page.reload();
  const saved = settingsForm(page).getByRole('group', { name: 'Rate limit' });
  await expect(saved.getByLabel('Requests per second')).toHaveValue('0.5');
  await expect(saved.getByLabel('Requests at once')).toHaveValue('2');

  await settingsForm(page).getByRole('button', { name: 'Save' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/ru-connections-rate-limit.png' });
});

test('a limit out of range is refused at its field, and nothing is saved', async ({ page }) => {
  await openTascomiSettings(page);
  await saveWithLimit(page, { perSecond: '2', atOnce: '3' });
  const form = settingsForm(page);
  const perSecond = form.getByLabel('Requests per second');
  const atOnce = form.getByLabel('Requests at once');

  // Another field changed with it shows nothing of the refused Save reached the settings.
  await form.getByLabel('Street Record text').fill('NOT SAVED');
  await perSecond.fill('0');
  await atOnce.fill('17');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('Some settings need correcting');
  await expect(perSecond).toHaveAttribute('aria-invalid', 'true');
  await expect(perSecond).toHaveAccessibleDescription(/must be at least 0\.1 a second/);
  await expect(atOnce).toHaveAccessibleDescription(/must be at most 16/);

  // Editing a field takes its mark away; Save checks again.
  await perSecond.fill('100');
  await expect(perSecond).not.toHaveAttribute('aria-invalid', 'true');
  await atOnce.fill('3');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(perSecond).toHaveAccessibleDescription(/must be at most 50 a second/);
  await expect(atOnce).not.toHaveAttribute('aria-invalid', 'true');

  await page.reload();
  const saved = settingsForm(page);
  await expect(saved.getByLabel('Requests per second')).toHaveValue('2');
  await expect(saved.getByLabel('Requests at once')).toHaveValue('3');
  await expect(saved.getByLabel('Street Record text')).toHaveValue('STREET RECORD');
});
