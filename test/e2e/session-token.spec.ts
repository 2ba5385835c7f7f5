import { connectionStatus, expect, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

test('the session token is taken out of the address and a reload still connects', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await page.reload();
  await expect(connectionStatus(page)).toHaveText('Engine connected');
});

for (const [what, address] of [
  ['without a token', '/'],
  ['with a wrong token', '/?token=not-the-session-token-0000'],
] as const) {
  test(`a console opened ${what} says how to open it properly, instead of a blank page`, async ({ page }) => {
    await page.goto(host().origin + address);
    await expect(page.getByRole('heading', { level: 1, name: 'This console cannot reach the engine' })).toBeVisible();
    await expect(page.getByText(/Reopen the console with the URL printed by npm run serve/)).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Pages' })).toHaveCount(0);
  });
}
