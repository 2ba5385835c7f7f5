/**
 * Single sign-on through the built server (`--tls self-signed`, as cli.ts wires it) in Chromium:
 * an administrator saves the settings with the test identity provider, a person opens the
 * server's single sign-on address, signs in on the provider's own pages and comes back signed in
 * with the role their group gives; a person in no mapped group comes back to sign-in with words.
 * The session cookie (SameSite=Strict) set at the end of a cross-site redirect chain must still
 * reach the server from the console's own page.
 */
import { expect, test, type Page } from '@playwright/test';
import { connectToHost } from '../support/host-contract-client';
import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { setUpFirstAdministrator } from '../support/host-sign-in';
import { startTestProvider, type RunningTestProvider } from '../support/oidc-provider';

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });

let host: HostProcess;
let provider: RunningTestProvider;
/** The first administrator's session cookie (`casebridge_session=...`). */
let adminCookie: string;

test.beforeAll(async () => {
  host = await startHostProcess({ extraArgs: ['--host', '127.0.0.1', '--tls', 'self-signed'] });
  provider = await startTestProvider({
    people: {
      sam: { groups: ['all-staff', 'casebridge-support'], name: 'Sam Patel', preferred_username: 'sam.patel@council.example' },
      jo: { groups: ['finance'], name: 'Jo Bloggs', preferred_username: 'jo@council.example' },
    },
    redirectUris: [`${host.origin}/auth/sso/callback`],
  });
  adminCookie = await setUpFirstAdministrator(host, 'the first admin password');
  const admin = await connectToHost(host, 10_000, adminCookie);
  try {
    await admin.call('saveSignInSettings', {
      enabled: true,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupsClaim: 'groups',
      groupRoles: [{ group: 'casebridge-support', role: 'support' }],
      buttonLabel: 'Sign in with Borough ID',
    });
  } finally {
    admin.close();
  }
});
test.afterAll(async () => {
  await provider?.close();
  if (!host) return;
  await host.stop();
  removeDataDir(host.dataDir);
});

/** What the console's page learns from the server about who is signed in. */
function stateFromPage(page: Page) {
  return page.evaluate(async () => (await (await fetch('/auth/state')).json()) as { signedIn: boolean; person?: { name: string; role: string }; sso?: { label: string } });
}

/** From the console's sign-in screen, as a person would: its single sign-on button, then the provider's own pages. */
async function signInAtProvider(page: Page, login: string) {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with Borough ID' }).click();
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a person in a mapped group signs in at the provider and is back at the console, signed in with that role', async ({ page }) => {
  await page.goto(`${host.origin}/`);
  expect(await stateFromPage(page)).toMatchObject({ signedIn: false, sso: { label: 'Sign in with Borough ID' } });

  await signInAtProvider(page, 'sam');
  await expect(page).toHaveURL(new RegExp(`^${host.origin.replace(/[.]/g, '\\.')}/`));
  expect(await stateFromPage(page)).toMatchObject({ signedIn: true, person: { name: 'Sam Patel', role: 'support' } });
  // The console itself says who it is and what they may do: support staff have no Connections page.
  const banner = page.getByRole('banner');
  await expect(banner.getByText('Support', { exact: true })).toBeVisible();
  await expect(banner.getByText(/Sam Patel/).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Connections' })).toHaveCount(0);
  expect(host.output()).not.toContain('could not');

  // At the administrator's desk, the Accounts page shows Sam's role as their groups give it, not as
  // a choice: the provider sets it again at every sign-in.
  const desk = await page
    .context()
    .browser()!
    .newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  try {
    const [name, value] = adminCookie.split(';')[0]!.split('=') as [string, string];
    await desk.addCookies([{ name, value, url: host.origin, httpOnly: true, secure: true, sameSite: 'Strict' }]);
    const admin = await desk.newPage();
    await admin.goto(`${host.origin}/`);
    await admin.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
    const row = admin.getByRole('table', { name: 'Accounts' }).getByRole('row').filter({ hasText: 'Sam Patel' });
    await expect(row.getByRole('cell', { name: 'Support from their groups' })).toBeVisible();
    await expect(row.getByRole('combobox')).toHaveCount(0);
    await expect(row.getByRole('button', { name: 'Disable Sam Patel' })).toBeVisible();
  } finally {
    await desk.close();
  }
});

test('a person in no mapped group comes back to sign-in, told which groups the provider sent', async ({ page }) => {
  await signInAtProvider(page, 'jo');
  // Back on the sign-in screen, told why in words (and the words leave the address).
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Your account is in none of the groups casebridge accepts (your identity provider sent finance)');
  expect(await stateFromPage(page)).toMatchObject({ signedIn: false });
});
