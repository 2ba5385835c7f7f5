/**
 * Everyone, by keyboard and screen reader: the axe checker finds no serious or critical problem on
 * any page in light or dark; "Skip to content" is the first Tab stop and lands on the page; after
 * moving to another page, focus starts at its heading; the demo banner is only for demo mode (the
 * demo itself is in demo.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { giveEveryPageSomething, pageNames } from './support/pages';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  contract = await connectToHost(host());
  await giveEveryPageSomething(contract, tascomi);
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1440, height: 900 } });

/** Serious and critical violations only, each with the rule, what it asks and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.any[0]?.message ?? v.help}`));
}

for (const scheme of ['Light', 'Dark'] as const) {
  test(`axe finds no serious or critical violation on any page in ${scheme.toLowerCase()}`, async ({ page }) => {
    test.setTimeout(120_000);
    await openConsole(page, host().consoleUrl);
    await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText(scheme, { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme.toLowerCase());
    const found: Record<string, string[]> = {};
    for (const name of await pageNames(page)) {
      await navLink(page, name).click();
      await expect(pageHeading(page, name)).toBeVisible();
      // What a page loads after it opens (tables, charts) is part of what is checked.
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[name] = violations;
    }
    expect(found).toEqual({});
  });
}

test('"Skip to content" is the first Tab stop and moves focus to the page', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await page.reload();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(pageHeading(page, 'Jobs')).toBeFocused();
  // The page's own address is kept (the link does not follow its #fragment).
  expect(new URL(page.url()).hash).toBe('#/jobs');
  // The next Tab goes on into the page, not back to the header.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').locator(':focus')).toHaveCount(1);
});

test('after moving to another page, focus starts at its heading', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  for (const name of ['Cases', 'Log', 'Connections']) {
    await navLink(page, name).focus();
    await page.keyboard.press('Enter');
    await expect(pageHeading(page, name)).toBeFocused();
  }
  // The browser's Back is a move too.
  await page.goBack();
  await expect(pageHeading(page, 'Log')).toBeFocused();
});

test('outside demo mode there is no demo banner', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await expect(page.getByRole('region', { name: 'Demo mode' })).toHaveCount(0);
});
