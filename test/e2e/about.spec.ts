import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, migrationCount, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

/** The value next to a label in the About panel's definition list. */
function fact(dialog: Locator, label: string): Locator {
  return dialog.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

test('About shows the running engine’s real facts and closes with Escape', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await page.getByRole('banner').getByRole('button', { name: 'About' }).click();
  const dialog = page.getByRole('dialog', { name: 'About casebridge' });
  await expect(dialog).toBeVisible();

  await expect(fact(dialog, 'Database path')).toHaveText(join(host().dataDir, 'casebridge.sqlite'));
  await expect(fact(dialog, 'Data folder')).toHaveText(host().dataDir);
  const { count, newestTag } = migrationCount();
  await expect(fact(dialog, 'Schema version')).toHaveText(`${count} (${newestTag})`);
  await expect(fact(dialog, 'Host')).toContainText('Headless host');
  await expect(fact(dialog, 'Version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(fact(dialog, 'Runtime versions')).toContainText(`Node ${process.versions.node}`);
  await expect(fact(dialog, 'Time zone')).not.toBeEmpty();
  await expect(fact(dialog, 'Started at')).toHaveText(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
