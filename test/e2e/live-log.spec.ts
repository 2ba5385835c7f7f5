import { colorScheme, expect, logMessages, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

test('another console’s actions appear live in the log, and its theme is followed, without a reload', async ({ page, browser }) => {
  // Console A watches the Log page in a light system scheme.
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Log').click();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  await expect(logMessages(page).filter({ hasText: /^Engine started/ })).toHaveCount(1);
  expect(await colorScheme(page)).toBe('light');
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

  // Console B opens and picks the dark theme.
  const other = await browser.newContext();
  try {
    const pageB = await other.newPage();
    await openConsole(pageB, host().consoleUrl);
    await expect(logMessages(page).filter({ hasText: 'A console connected (2 open).' })).toHaveCount(1);

    await pageB.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('Dark', { exact: true }).click();
    await expect.poll(() => colorScheme(pageB)).toBe('dark');

    await expect(logMessages(page).filter({ hasText: 'Console theme set to dark.' })).toHaveCount(1);
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();

    // Back to the system's choice (light here) follows too.
    await pageB.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('System', { exact: true }).click();
    await expect(logMessages(page).filter({ hasText: 'Console theme set to system.' })).toHaveCount(1);
    await expect.poll(() => colorScheme(page)).toBe('light');
  } finally {
    await other.close();
  }
  await expect(logMessages(page).filter({ hasText: 'A console disconnected (1 open).' })).toHaveCount(1);
  // Newest first: the latest entry is at the top.
  await expect(logMessages(page).first()).toHaveText('A console disconnected (1 open).');
  expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
