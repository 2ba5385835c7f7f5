import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { colorScheme, connectionStatus, expect, logMessages, navLink, openConsole, pageHeading, test } from './support/console';

// This file restarts its host, so it manages the host itself rather than with useHostPerFile.
let host: HostProcess;
test.beforeAll(async () => {
  host = await startHostProcess();
});
test.afterAll(async () => {
  await host.stop();
  removeDataDir(host.dataDir);
});

test('the console shows when the engine goes away, reconnects when it is back, and reloads what it missed', async ({ page }) => {
  await openConsole(page, host.consoleUrl);
  await navLink(page, 'Log').click();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('Dark', { exact: true }).click();
  await expect(logMessages(page).filter({ hasText: 'Console theme set to dark.' })).toHaveCount(1);

  await host.stop();
  await expect(connectionStatus(page)).toHaveText(/Connection to the engine lost.*reconnecting/);
  const lostBanner = page.getByRole('region', { name: 'Connection to the engine lost' });
  await expect(lostBanner).toBeVisible();

  const { port, dataDir, token } = host;
  host = await startHostProcess({ port, dataDir, token });
  await expect(connectionStatus(page)).toHaveText('Engine connected', { timeout: 20_000 });
  await expect(lostBanner).toBeHidden();

  // The store survived the restart, and entries written while the console was away were loaded.
  await expect(logMessages(page).filter({ hasText: /^Engine started/ })).toHaveCount(2);
  await expect(logMessages(page).filter({ hasText: 'Engine stopped.' })).toHaveCount(1);
  await expect(logMessages(page).filter({ hasText: 'Console theme set to dark.' })).toHaveCount(1);
  expect(await colorScheme(page)).toBe('dark');
  await expect(pageHeading(page, 'Log')).toBeVisible();
});
