/**
 * A person given a first password by an administrator changes it from their account menu, signs
 * out, and signs in with the new one; a wrong current password is refused and changes nothing. On
 * the built server with HTTPS (`--tls self-signed`); the administrator is set up with the setup
 * code the server printed.
 */
import type { Page } from '@playwright/test';
import { removeDataDir, type HostProcess } from '../support/host-process';
import { setUpFirstAdministrator } from '../support/host-sign-in';
import { contractAs, desk, signInWithPassword, startServerProcess } from './support/accounts';
import { expect, test } from './support/console';

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });

let host: HostProcess;

test.beforeAll(async () => {
  host = await startServerProcess();
});
test.afterAll(async () => {
  if (!host) return;
  await host.stop();
  removeDataDir(host.dataDir);
});

const banner = (page: Page) => page.getByRole('banner');

test('a person changes the first password they were given, signs out, and signs in with the new one; a wrong current password is refused', async ({ browser }) => {
  const person = await desk(browser);
  try {
    const adminContract = await contractAs(host, await setUpFirstAdministrator(host, 'the first administrator password'));
    await adminContract.call('createAccount', { username: 'vic.viewer', displayName: 'Vic Viewer', role: 'viewer', password: 'the first password given' });
    adminContract.close();

    await signInWithPassword(person.page, host, 'vic.viewer', 'the first password given');
    await expect(banner(person.page).getByText('Viewer', { exact: true })).toBeVisible();
    await banner(person.page)
      .getByRole('button', { name: /: your account$/ })
      .click();
    await person.page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = person.page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('not the password');
    await dialog.getByLabel('New password', { exact: true }).fill('a password of my own choosing');
    await dialog.getByLabel('New password again').fill('a password of my own choosing');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await expect(dialog.getByText('Your password is changed.')).toHaveCount(0);

    await dialog.getByLabel('Current password').fill('the first password given');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog.getByText('Your password is changed. Use the new one next time you sign in.')).toBeVisible();
    await dialog.getByRole('form', { name: 'Change your password' }).getByRole('button', { name: 'Close', exact: true }).click();

    await banner(person.page)
      .getByRole('button', { name: /: your account$/ })
      .click();
    await person.page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await expect(person.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signInWithPassword(person.page, host, 'vic.viewer', 'the first password given');
    await expect(person.page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('That user name and password do not match an enabled account.');
    await signInWithPassword(person.page, host, 'vic.viewer', 'a password of my own choosing');
    await expect(banner(person.page).getByText('Viewer', { exact: true })).toBeVisible();
  } finally {
    await person.context.close();
  }
});
