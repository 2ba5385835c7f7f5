/**
 * An IT officer turns on two-way sync: an interval out of range is pulled back into it; saved, the console says
 * how often Tascomi is polled; "Sync now" before the connection is set up says why it cannot poll.
 */
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

test('two-way sync is switched on, kept in range, and explains a poll that cannot run', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Two-way sync settings' });
  await form.getByLabel('Poll Tascomi for changes').check();
  const interval = form.getByLabel('Every (minutes)');
  // Out of range is pulled back into it as the field is left (the engine refuses it too: unit tests).
  await interval.fill('0');
  await interval.blur();
  await expect(interval).toHaveValue('1');
  await interval.fill('10');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved: Tascomi is polled every 10 minute(s).');

  await form.getByRole('button', { name: 'Sync now' }).click();
  await expect(form.getByRole('alert')).toContainText(/The poll failed: .*not enabled/);

  // Kept across a reload.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Two-way sync settings' }).getByLabel('Every (minutes)')).toHaveValue('10');
  await expect(page.getByRole('form', { name: 'Two-way sync settings' }).getByLabel('Poll Tascomi for changes')).toBeChecked();
});
