/**
 * "Connect to a casebridge server…" asks for the address in a small page of the desktop app's own
 * (electron/main/connect-prompt.ts). Electron cannot run here, so Chromium shows the same page at
 * the prompt window's size, and the test reads the answer where the shell does: the page's title.
 * The shell's side (checking the address, reloading with the reason) is test/unit/main/connect-prompt.test.ts.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ANSWER_PREFIX, CANCEL_TITLE, promptPageUrl } from '../../electron/main/connect-prompt';

test.use({ viewport: { width: 560, height: 300 } });

const field = (page: Page) => page.getByRole('textbox', { name: 'Server address' });

test('a person types the server’s address and presses Enter', async ({ page }) => {
  await page.goto(promptPageUrl());
  await expect(page.getByRole('heading', { name: 'Connect to a casebridge server' })).toBeVisible();
  await expect(field(page)).toBeFocused();
  await page.keyboard.type('https://casebridge.council.local:8443');
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(`${ANSWER_PREFIX}https://casebridge.council.local:8443`);
});

test('the Connect button answers too, and Cancel and Escape decline', async ({ page }) => {
  await page.goto(promptPageUrl({ value: 'https://cb.council.local/' }));
  await expect(field(page)).toHaveValue('https://cb.council.local/');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page).toHaveTitle(`${ANSWER_PREFIX}https://cb.council.local/`);

  await page.goto(promptPageUrl());
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveTitle(CANCEL_TITLE);

  await page.goto(promptPageUrl());
  await page.keyboard.press('Escape');
  await expect(page).toHaveTitle(CANCEL_TITLE);
});

test('a refused address is shown with its reason, tied to the field, ready to correct', async ({ page }) => {
  const reason = 'Plain http is only for a server on this computer. Use https://10.0.0.5:8080.';
  await page.goto(promptPageUrl({ value: 'http://10.0.0.5:8080', error: reason }));
  await expect(page.getByRole('alert')).toHaveText(reason);
  await expect(field(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page)).toHaveAccessibleDescription(reason);
  // The typed address is selected: typing replaces it.
  await page.keyboard.type('https://10.0.0.5:8080');
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(`${ANSWER_PREFIX}https://10.0.0.5:8080`);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`reads well in ${colorScheme}, with no serious accessibility problem`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(promptPageUrl({ value: 'http://10.0.0.5:8080', error: 'Plain http is only for a server on this computer. Use https://10.0.0.5:8080.' }));
    await expect(page.getByRole('button', { name: 'Connect' })).toBeVisible();
    // Everything fits the prompt window: nothing scrolls.
    expect(await page.evaluate('document.documentElement.scrollHeight <= window.innerHeight')).toBe(true);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`connect-prompt-${colorScheme}.png`) });
  });
}
