/**
 * One engine, many people (issue 18's story), on the built server with HTTPS (`--tls self-signed`)
 * in two browser contexts, as two people at two desks: the first administrator is created with the
 * setup code the server printed; the administrator adds a support account; the support person
 * signs in in another browser, is not offered Connections (and the engine refuses it past the
 * console), cannot reveal without a reason, retries a job, and the administrator's Jobs page shows
 * it live with the support person's name; disabling the account signs its open console out at once.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { removeDataDir, type HostProcess } from '../support/host-process';
import { contractAs, desk, signInWithPassword, startServerProcess } from './support/accounts';
import { expect, navLink, pageHeading, test } from './support/console';
import { jobRow, openJobs } from './support/jobs';
import { entryDrawer, failTascomiJob, logRowWith, revealWithReason } from './support/log';

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });

const ADMIN = { name: 'Alex Admin', username: 'alex', password: 'correct horse battery staple' };
const SUPPORT = { name: 'Jo Support', username: 'jo.support' };

let host: HostProcess;
let tascomi: EmulatorProcess;

test.beforeAll(async () => {
  [host, tascomi] = await Promise.all([startServerProcess(), startTascomiEmulatorProcess(['--seed', '18'])]);
});
test.afterAll(async () => {
  await tascomi?.stop();
  if (!host) return;
  await host.stop();
  removeDataDir(host.dataDir);
});

async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(host.origin)).find((c) => c.name === 'casebridge_session');
  if (!cookie) throw new Error('this browser is not signed in');
  // What the browser was told: HttpOnly, Secure, SameSite=Strict.
  expect({ httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite }).toEqual({ httpOnly: true, secure: true, sameSite: 'Strict' });
  return `casebridge_session=${cookie.value}`;
}

const banner = (page: Page) => page.getByRole('banner');

test('the first administrator, then a support person at another desk: rights enforced, actions seen live with names, a disabled account signed out', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await desk(browser);
  const support = await desk(browser);
  try {
    // The first administrator, with the setup code from the server's terminal.
    const code = /enter the setup code (\S+)/.exec(host.output())?.[1];
    expect(code, 'the server printed a setup code').toBeTruthy();
    await admin.page.goto(`${host.origin}/`);
    await expect(admin.page.getByRole('heading', { level: 1, name: 'Set up the first administrator' })).toBeVisible();
    const setup = admin.page.getByRole('form', { name: 'First administrator' });
    await setup.getByLabel('Setup code').fill(code!);
    await setup.getByLabel('Your name').fill(ADMIN.name);
    await setup.getByLabel('User name').fill(ADMIN.username);
    await setup.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await setup.getByLabel('Password again').fill(ADMIN.password);
    await setup.getByRole('button', { name: 'Create the administrator and sign in' }).click();
    await expect(banner(admin.page).getByText('Administrator', { exact: true })).toBeVisible();
    await expect(banner(admin.page).getByText(new RegExp(ADMIN.name)).first()).toBeVisible();

    // A job that failed, for support to retry (set up through the contract as the administrator).
    const adminContract = await contractAs(host, await sessionCookieOf(admin.context));
    const failed = await failTascomiJob(adminContract, tascomi);

    // The administrator adds a support account; its first password is shown once.
    await navLink(admin.page, 'Accounts').click();
    await admin.page.getByRole('button', { name: 'Add account' }).click();
    const add = admin.page.getByRole('dialog', { name: 'Add an account' });
    await add.getByLabel('Name', { exact: true }).fill(SUPPORT.name);
    await add.getByLabel('User name').fill(SUPPORT.username);
    await add.getByRole('combobox', { name: 'Role' }).click();
    await admin.page.getByRole('option', { name: 'Support' }).click();
    await add.getByRole('button', { name: 'Add account' }).click();
    const firstPassword = (await add.getByLabel('First password', { exact: true }).textContent())!;
    expect(firstPassword).toMatch(/^[A-Za-z0-9-]{20,}$/);
    await add.getByRole('button', { name: 'Done' }).click();

    // The support person signs in at their own desk.
    await signInWithPassword(support.page, host, SUPPORT.username, firstPassword);
    await expect(banner(support.page).getByText('Support', { exact: true })).toBeVisible();

    // Connections is not theirs: not offered, and by its address the page says whose it is.
    await expect(navLink(support.page, 'Jobs')).toBeVisible();
    await expect(navLink(support.page, 'Connections')).toHaveCount(0);
    await expect(navLink(support.page, 'Accounts')).toHaveCount(0);
    await support.page.goto(`${host.origin}/#/connections`);
    await expect(support.page.getByText('Your role (Support) cannot open Connections; administrators can.')).toBeVisible();
    // And the engine refuses it anyway, called past the console with the support person's session.
    const supportContract = await contractAs(host, await sessionCookieOf(support.context));
    await expect(supportContract.call('saveNetworkSettings', { lookupPublicAddress: false } as never)).rejects.toThrow(
      /^forbidden: .*Jo Support signed in as support may not do this/,
    );
    await expect(supportContract.call('createAccount', { username: 'mallory', displayName: 'Mallory', role: 'administrator', password: 'a long enough password' })).rejects.toThrow(
      /^forbidden/,
    );
    // Revealing needs a reason: the console asks, and the engine refuses a reveal without one.
    await expect(supportContract.call('getLogEntry', { id: 1, revealPersonal: true })).rejects.toThrow(/say why you reveal personal details/);
    await support.page.goto(`${host.origin}/#/log`);
    await expect(pageHeading(support.page, 'Log')).toBeVisible();
    const attempt = logRowWith(support.page, /failed \[validation\]/).filter({ hasText: `${failed.jobId} / 1` });
    await attempt.focus();
    await support.page.keyboard.press('Enter');
    const drawer = entryDrawer(support.page);
    const reason = await revealWithReason(drawer, '');
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(drawer.getByRole('region', { name: 'Request' })).not.toContainText('Two double mattresses');
    await support.page.keyboard.press('Escape');

    // Both watch the Jobs page; support retries the job, and the administrator sees it live, with the name.
    await openJobs(admin.page);
    await openJobs(support.page);
    const adminRow = jobRow(admin.page, failed.jobId);
    await expect(adminRow).toContainText('failed');
    await expect(adminRow).not.toContainText('Retried by');
    await jobRow(support.page, failed.jobId)
      .getByRole('button', { name: `Retry now: job ${failed.jobId}` })
      .click();
    await support.page
      .getByRole('dialog', { name: `Retry job ${failed.jobId}?` })
      .getByRole('button', { name: `Retry job ${failed.jobId} anyway` })
      .click();
    await expect(adminRow).toContainText(new RegExp(`Retried by ${SUPPORT.name}, \\d\\d:\\d\\d`));
    // The log names the person too, and filters by them.
    const byJo = (await adminContract.call('queryLog', { filter: { person: SUPPORT.name }, limit: 50 })).rows.map((r) => r.message);
    expect(byJo).toContain(`Job ${failed.jobId} retried by ${SUPPORT.name}: queued now with 10 attempt(s).`);
    expect(byJo).toContain(`${SUPPORT.name} (${SUPPORT.username}) signed in with a password.`);

    // The administrator disables the account: the support person's open console is signed out at once.
    await navLink(admin.page, 'Accounts').click();
    const row = admin.page
      .getByRole('table', { name: 'Accounts' })
      .getByRole('row')
      .filter({ has: admin.page.getByRole('rowheader', { name: SUPPORT.name }) });
    await row.getByRole('button', { name: `Disable ${SUPPORT.name}` }).click();
    await admin.page
      .getByRole('dialog', { name: `Disable ${SUPPORT.name}'s account?` })
      .getByRole('button', { name: 'Disable', exact: true })
      .click();
    await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
    await expect(support.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(support.page.getByRole('status')).toContainText(`You were signed out. Your account was disabled by ${ADMIN.name}`);
    // Signing in again is refused, in the same words as a wrong password.
    await signInWithPassword(support.page, host, SUPPORT.username, firstPassword);
    await expect(support.page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('That user name and password do not match an enabled account.');
    // Their connection past the console was closed too.
    await expect(supportContract.call('listJobs', {})).rejects.toThrow('the host WebSocket closed');
    adminContract.close();
    supportContract.close();
  } finally {
    await admin.context.close();
    await support.context.close();
  }
});
