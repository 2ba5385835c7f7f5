/**
 * The screens before the console on a server with accounts: signing in and setting up the first
 * administrator. The server's sign-in routes are the host part's (issue 18); here the page is
 * served by the real host and only `/auth/*` is answered by the test, in the agreed shapes, so the
 * screens are driven as a person would. Signing in for real, with two people, is tested once the
 * parts are merged.
 */
import type { Page, Route } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { expect, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
const origin = () => new URL(host().consoleUrl).origin;

function answer(route: Route, status: number, body: unknown) {
  return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
}

/** The server's `/auth/state`, and what each POST to `/auth/*` was sent. */
async function serverWithAccounts(page: Page, state: object, posts: Record<string, { status: number; body: unknown }> = {}) {
  const sent: { path: string; body: unknown; contentType: string | null }[] = [];
  await page.route('**/auth/**', (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && path === '/auth/state') return answer(route, 200, { signIn: 'accounts', needsSetup: false, signedIn: false, ...state });
    sent.push({ path, body: request.postDataJSON(), contentType: request.headers()['content-type'] ?? null });
    const reply = posts[path];
    return reply ? answer(route, reply.status, reply.body) : answer(route, 404, { error: 'not in this test' });
  });
  return sent;
}

test('signing in says what the server refused, including how long a lock has left', async ({ page }) => {
  const sent = await serverWithAccounts(
    page,
    { sso: { label: 'Sign in with your Northbridge account' }, fingerprint: 'AB:CD:EF:01' },
    { '/auth/sign-in': { status: 429, body: { error: 'Too many failed sign-ins: this account is locked.', retryAfterSeconds: 290 } } },
  );
  await page.goto(`${origin()}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByText(`Server ${new URL(origin()).host}`)).toBeVisible();
  await expect(page.getByText(/AB:CD:EF:01/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in with your Northbridge account' })).toHaveAttribute('href', '/auth/sso/start');

  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter your user name and password.');
  expect(sent).toEqual([]);

  await form.getByLabel('User name').fill(' jbloggs ');
  await form.getByLabel('Password', { exact: true }).fill('not the password');
  await form.getByLabel('Password', { exact: true }).press('Enter');
  await expect(form.getByRole('alert')).toHaveText('Too many failed sign-ins: this account is locked. Try again in 5 minutes.');
  expect(sent).toEqual([{ path: '/auth/sign-in', body: { username: 'jbloggs', password: 'not the password' }, contentType: 'application/json' }]);
  // The password is not left in the field after a refusal.
  await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
});

test('a refused single sign-on and an ended session are said on the sign-in screen, and leave the address', async ({ page }) => {
  await serverWithAccounts(page, {});
  await page.goto(`${origin()}/#/sign-in?error=${encodeURIComponent('none of your groups gives a role here')}`);
  await expect(page.getByRole('alert')).toHaveText('Single sign-on did not sign you in: none of your groups gives a role here');
  expect(new URL(page.url()).hash).toBe('');

  await page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
      'casebridge.signedOutBecause',
      'Your account was disabled by Sam Patel.',
    ),
  );
  await page.reload();
  await expect(page.getByRole('status')).toHaveText('You were signed out. Your account was disabled by Sam Patel.');
  // Said once: a reload after that is an ordinary sign-in screen.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
});

test('the first administrator: the code from the address, checks beside each field, then the server’s word', async ({ page }) => {
  const sent = await serverWithAccounts(
    page,
    { needsSetup: true },
    { '/auth/setup': { status: 403, body: { error: 'That setup code is not the one this server printed. Copy it again from the server’s terminal.' } } },
  );
  await page.goto(`${origin()}/?setup=K7Q2-PX9M`);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up the first administrator' })).toBeVisible();
  const form = page.getByRole('form', { name: 'First administrator' });
  await expect(form.getByLabel('Setup code')).toHaveValue('K7Q2-PX9M');
  expect(new URL(page.url()).search).toBe('');

  await form.getByLabel('Your name').fill('Sam Patel');
  await form.getByLabel('User name').fill('Sam Patel');
  await form.getByLabel('Password', { exact: true }).fill('short');
  await form.getByRole('button', { name: 'Create the administrator and sign in' }).click();
  await expect(form.getByText('letters, digits and . _ @ - only, starting with a letter or digit')).toBeVisible();
  await expect(form.getByText('at least 12 characters', { exact: true })).toBeVisible();
  expect(sent).toEqual([]);

  await form.getByLabel('User name').fill('spatel');
  await form.getByLabel('Password', { exact: true }).fill('a long enough password');
  await form.getByLabel('Password again').fill('a long enough pasword');
  await form.getByRole('button', { name: 'Create the administrator and sign in' }).click();
  await expect(form.getByText('does not match the password above')).toBeVisible();

  await form.getByLabel('Password again').fill('a long enough password');
  await form.getByRole('button', { name: 'Create the administrator and sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText('That setup code is not the one this server printed. Copy it again from the server’s terminal.');
  expect(sent).toEqual([
    { path: '/auth/setup', body: { code: 'K7Q2-PX9M', username: 'spatel', displayName: 'Sam Patel', password: 'a long enough password' }, contentType: 'application/json' },
  ]);
});

test('the sign-in screen looks right in light and dark, and axe finds nothing serious', async ({ page }) => {
  await serverWithAccounts(page, {
    sso: { label: 'Sign in with your council account' },
    fingerprint: '3F:9A:22:C1:7B:E0:44:19:AA:05:6D:8E:91:2C:F3:60:17:B8:4D:E2:C9:5A:0F:73:1E:88:D6:42:B9:03:7C:E5',
  });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${origin()}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', colorScheme);
    await page.screenshot({ path: test.info().outputPath(`sign-in-${colorScheme}.png`) });
    expect(await seriousViolations(page)).toEqual([]);
  }
});
