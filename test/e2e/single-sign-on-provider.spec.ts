/**
 * Single sign-on with a browser at the identity provider: Chromium signs in on the test provider's
 * own login and consent pages (its cookies, its redirects), lands on a callback address on
 * 127.0.0.1, and the address it landed on gives the person's role. The server's sign-in routes are
 * not involved here; this proves the provider module works from Playwright and the flow holds in a
 * real browser.
 */
import { expect, test } from '@playwright/test';
import { createSingleSignOn, type SingleSignOn } from '../../electron/host/single-sign-on';
import { startLocalServer, type LocalServer } from '../support/local-server';
import { startTestProvider, type RunningTestProvider } from '../support/oidc-provider';

let callbackServer: LocalServer;
let provider: RunningTestProvider;
let sso: SingleSignOn;
let redirectUrl: string;

test.beforeAll(async () => {
  callbackServer = await startLocalServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>casebridge</title><h1>Back at casebridge</h1>'));
  redirectUrl = `http://127.0.0.1:${callbackServer.port}/auth/sso/callback`;
  provider = await startTestProvider({
    people: { sam: { groups: ['all-staff', 'casebridge-support'], name: 'Sam Patel', preferred_username: 'sam.patel@council.example' } },
    redirectUris: [redirectUrl],
  });
  sso = createSingleSignOn({
    config: () => ({
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupsClaim: 'groups',
      groupRoles: [{ group: 'casebridge-support', role: 'support' }],
      buttonLabel: 'Sign in with your council account',
    }),
  });
});

test.afterAll(async () => {
  await provider?.close();
  await callbackServer?.close();
});

test('a person signs in at the provider in the browser and comes back with the role their group gives', async ({ page }) => {
  const { authorizationUrl, pending } = await sso.begin(redirectUrl);
  await page.goto(authorizationUrl);

  await page.getByPlaceholder('Enter any login').fill('sam');
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Back at casebridge' })).toBeVisible();
  const landed = new URL(page.url());
  expect(landed.origin + landed.pathname).toBe(redirectUrl);
  expect(await sso.finish(landed, pending)).toMatchObject({ ok: true, subject: 'sam', username: 'sam.patel@council.example', displayName: 'Sam Patel', role: 'support' });
});

test('a person who presses Cancel at the provider comes back refused, in words', async ({ page }) => {
  const { authorizationUrl, pending } = await sso.begin(redirectUrl);
  await page.goto(authorizationUrl);
  await page.getByRole('link', { name: '[ Cancel ]' }).click();

  await expect(page.getByRole('heading', { name: 'Back at casebridge' })).toBeVisible();
  const outcome = await sso.finish(new URL(page.url()), pending);
  expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/^The identity provider did not let you sign in to casebridge\. If you pressed Cancel, sign in again/) });
});
