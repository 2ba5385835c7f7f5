/**
 * An IT officer connects casebridge to Civica Cx: fills the form, connects, picks the company,
 * saves and runs Test API; then the Cx firewall stops allowing this workstation and Test API says
 * so and points to the Network page.
 */
import type { Page } from '@playwright/test';
import { startCivicaCxEmulatorProcess, type CivicaCxEmulatorProcess } from '../support/emulator-process';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let cx: CivicaCxEmulatorProcess;
test.beforeAll(async () => {
  cx = await startCivicaCxEmulatorProcess();
});
test.afterAll(async () => {
  await cx?.stop();
});

function cxForm(page: Page) {
  return page.getByRole('form', { name: 'Civica Cx settings' });
}

async function openCxSettings(page: Page) {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  await expect(cxForm(page).getByLabel('API URL')).toBeVisible();
}

test('fill the form, connect, pick a company, save and Test API; then the allowlist refusal points to the Network page', async ({ page }) => {
  await openCxSettings(page);
  const form = cxForm(page);
  // The seed's defaults.
  await expect(form.getByLabel('Repair cancellation')).toBeChecked();
  await expect(form.getByLabel('Days of notice to cancel an appointment')).toHaveValue('0');
  await expect(form.getByLabel('API refresh (minutes)')).toHaveValue('15');
  await expect(form.getByText('15 minutes recommended', { exact: false })).toBeVisible();

  // An API address pasted with /api/v1 is explained as it is typed.
  const url = form.getByLabel('API URL');
  await url.fill(`${cx.baseUrl}/api/v1`);
  await expect(url).toHaveAccessibleDescription(/Remove "\/api\/v1" from the API URL/);
  await url.fill(cx.baseUrl);
  await form.getByLabel('Username').fill(cx.username);
  await form.getByLabel('Password', { exact: true }).fill(cx.password);

  // Connecting reads the companies into "Selected company".
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Connected: 3 companies found.' })).toBeVisible();
  await form.getByRole('combobox', { name: 'Selected company' }).click();
  await page.getByRole('option', { name: `Northbridge Homes (${cx.company})` }).click();
  await expect(form.getByRole('combobox', { name: 'Selected company' })).toHaveValue(`Northbridge Homes (${cx.company})`);

  await form.getByLabel('Repairs start date').fill('2025-04-01');
  await form.getByLabel('Days of notice to cancel an appointment').fill('2');
  await form.getByLabel('Enable API integration').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();

  // Saved; the password is never shown again.
  await page.reload();
  const saved = cxForm(page);
  await expect(saved.getByLabel('API URL')).toHaveValue(cx.baseUrl);
  await expect(saved.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(saved.getByText('A password is set.', { exact: false })).toBeVisible();
  await expect(saved.getByLabel('Repairs start date')).toHaveValue('2025-04-01');
  await expect(saved.getByRole('combobox', { name: 'Selected company' })).toHaveValue(`Northbridge Homes (${cx.company})`);
  expect(await page.content()).not.toContain(cx.password);

  // Test API with the stored password and the chosen company.
  await saved.getByRole('button', { name: 'Test API' }).click();
  const ok = saved.getByRole('status').filter({ hasText: 'Test API: the connection works' });
  await expect(ok).toBeVisible();
  await expect(ok.getByRole('row')).toHaveCount(5); // header + url, sign in, companies, company
  await expect(ok).toContainText(/\d+ ms/);
  await expect(ok).toContainText(`Northbridge Homes (${cx.company}) answers.`);

  // The Cx firewall stops allowing this workstation.
  await cx.admin('/allowlist', ['10.0.0.0/8']);
  await saved.getByRole('button', { name: 'Test API' }).click();
  const refused = saved.getByRole('alert').filter({ hasText: 'Test API:' });
  await expect(refused).toContainText('IP allowlist');
  const link = refused.getByRole('link', { name: 'Network page' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(pageHeading(page, 'Network')).toBeVisible();

  // There, the diagnosis of Civica Cx explains the refusal as the allowlist and says what to ask for.
  const connection = page.getByRole('region', { name: 'Civica Cx connection' });
  await connection.getByRole('button', { name: 'Diagnose Civica Cx' }).click();
  const diagnosis = connection.getByRole('alert');
  await expect(diagnosis).toContainText("only accepts calls from addresses on its IP allowlist, and this workstation's is not on it");
  await expect(diagnosis).toContainText("Ask the administrators of Civica Cx to allow this workstation's addresses:");
});
