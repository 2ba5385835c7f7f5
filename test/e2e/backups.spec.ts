import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

test('Backups in About: set the schedule, back up now, see it listed and find it in the folder', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openConsole(page, host().consoleUrl);
  await page.getByRole('banner').getByRole('button', { name: 'About' }).click();
  const dialog = page.getByRole('dialog', { name: 'About casebridge' });
  const settings = dialog.getByRole('form', { name: 'Backup settings' });
  await expect(settings.getByLabel('At (24-hour)')).toHaveValue('02:00');
  await expect(dialog.getByText('No backups in the folder yet.')).toBeVisible();

  // A time that is not one is refused under its field, and nothing is saved.
  await settings.getByLabel('At (24-hour)').fill('25:00');
  await settings.getByRole('button', { name: 'Save backup settings' }).click();
  await expect(settings.getByText('a time of day as HH:MM (24-hour), for example 02:30')).toBeVisible();

  await settings.getByLabel('At (24-hour)').fill('03:15');
  await settings.getByLabel('Keep').fill('3');
  await settings.getByRole('button', { name: 'Save backup settings' }).click();
  await expect(settings.getByText('Saved: a backup is taken daily at 03:15, the newest 3 kept.')).toBeVisible();

  await settings.getByRole('button', { name: 'Back up now' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /^Backed up to casebridge-.*\.sqlite \(\d+\.\d MB\)/ })).toBeVisible();
  const table = dialog.getByRole('table', { name: 'Backups' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText('not included');
  const folder = join(host().dataDir, 'backups');
  expect(existsSync(folder)).toBe(true);
  expect(readdirSync(folder).filter((n) => /^casebridge-.*-schema\d+\.sqlite$/.test(n))).toHaveLength(1);
  await expect(
    table
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: /^Restore the backup of / }),
  ).toBeVisible();

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await dialog.getByRole('heading', { name: 'Backups' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`backups-${colorScheme}.png`) });
  }

  // Saved settings are there when About opens again.
  await page.keyboard.press('Escape');
  await page.getByRole('banner').getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('dialog', { name: 'About casebridge' }).getByLabel('At (24-hour)')).toHaveValue('03:15');
});
