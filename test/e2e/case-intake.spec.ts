/**
 * An IT officer turns on the case intake webhook with a generated shared secret; the CRM's signed
 * post is stored (202), a wrongly signed one refused (401), a stale one refused saying how far off
 * its clock is, and the stored case is offered in the template designer under "Recent cases".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';
import { newCreateTemplate } from './support/templates';
import { crmHeaders } from '../support/crm';

const host = useHostPerFile();
test.use({ viewport: { width: 1400, height: 1000 } });

const sample = JSON.stringify({
  ...JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/sample-cases/noise-complaint.json'), 'utf8')),
  updatedAt: '2026-03-29T10:00:00+01:00',
});

function intakeForm(page: Page) {
  return page.getByRole('form', { name: 'Case intake settings' });
}

test('a signed case posted to the webhook is stored and offered in the designer; a wrong signature is refused', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  const form = intakeForm(page);
  await expect(form.getByLabel('Address')).toHaveValue('127.0.0.1');
  await expect(page.getByRole('region', { name: 'Case intake status' }).getByRole('status')).toHaveText(/Not listening/);

  await form.getByLabel('Enabled').check();
  await form.getByLabel('Port').fill('0');
  await expect(form.getByRole('textbox', { name: 'Timestamp tolerance (seconds)' })).toHaveValue('300');
  await form.getByRole('textbox', { name: 'Timestamp tolerance (seconds)' }).fill('120');
  await form.getByRole('button', { name: 'Generate' }).click();
  const secret = await form.getByRole('textbox', { name: 'Generated secret' }).inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await expect(form).toContainText('it will not be shown again');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: case intake is listening.' })).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Shared secret' })).toHaveAccessibleDescription(/A shared secret is set/);

  const status = page.getByRole('region', { name: 'Case intake status' }).getByRole('status');
  await expect(status).toHaveText(/Listening at http:\/\/127\.0\.0\.1:\d+\/cases/);
  const url = /(http:\/\/\S+\/cases)/.exec((await status.textContent()) ?? '')![1]!;

  const accepted = await fetch(url, { method: 'POST', headers: crmHeaders(secret, sample, Date.now()), body: sample });
  expect(accepted.status).toBe(202);
  expect(await accepted.json()).toMatchObject({ id: 'CAS-2026-018802' });

  const forged = await fetch(url, { method: 'POST', headers: crmHeaders('not-the-shared-secret', sample, Date.now()), body: sample });
  expect(forged.status).toBe(401);
  // Signed ten minutes ago: outside the 120 s saved.
  const stale = await fetch(url, { method: 'POST', headers: crmHeaders(secret, sample, Date.now() - 600_000), body: sample });
  expect(stale.status).toBe(401);
  expect(((await stale.json()) as { message: string }).message).toMatch(/is 60\d s behind this machine's clock; the tolerance is 120 s/);

  // The stored case is offered in a new create template's designer, under Recent cases.
  await newCreateTemplate(page, 'Noise complaints', 'Noise SR number');

  const palette = page.getByRole('region', { name: 'Case data' });
  await palette.getByRole('combobox', { name: 'Sample case' }).click();
  const recent = page.getByRole('group', { name: 'Recent cases' });
  const option = recent.getByRole('option', { name: 'CAS-2026-018802 — Noise complaint' });
  await expect(option).toBeVisible();
  await option.click();
  await expect(palette.getByRole('combobox', { name: 'Sample case' })).toHaveValue('CAS-2026-018802 — Noise complaint');
  await expect(palette.getByRole('button', { name: 'noise_type', exact: true })).toBeVisible();
});
