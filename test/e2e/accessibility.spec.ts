/**
 * Everyone, by keyboard and screen reader: the axe checker finds no serious or critical problem on
 * any page in light or dark, nor in what a page opens (a job, a case, a template in the designer, a
 * log entry); "Skip to content" is the first Tab stop and lands on the page; after
 * moving to another page, focus starts at its heading; the demo banner is only for demo mode (the
 * demo itself is in demo.spec.ts).
 */
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { caseHeading } from './support/cases';
import { entryDrawer, logRowWith } from './support/log';
import { giveEveryPageSomething, pageNames } from './support/pages';
import { seriousViolations } from './support/axe';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let seeded: Awaited<ReturnType<typeof giveEveryPageSomething>>;

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  contract = await connectToHost(host());
  seeded = await giveEveryPageSomething(contract, tascomi);
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1440, height: 900 } });

/** Serious and critical violations only, each with the rule, what it asks and where. */
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

/** Opens an address of the console as a link would (the page, and the item it shows). */
async function follow(page: Page, hash: string): Promise<void> {
  await page.evaluate((to) => ((globalThis as unknown as { location: { hash: string } }).location.hash = to), hash);
}

for (const scheme of ['Light', 'Dark'] as const) {
  test(`axe finds no serious or critical violation in a job, a case, the designer and a log entry in ${scheme.toLowerCase()}`, async ({ page }) => {
    test.setTimeout(120_000);
    await openConsole(page, host().consoleUrl);
    await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText(scheme, { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme.toLowerCase());
    const found: Record<string, string[]> = {};
    const check = async (what: string) => {
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[what] = violations;
    };

    await follow(page, `#/jobs/${seeded.jobId}`);
    await expect(
      page
        .getByRole('dialog', { name: `Job ${seeded.jobId}` })
        .getByText(/Attempt 1/)
        .first(),
    ).toBeVisible();
    await check('the job detail');
    await page.keyboard.press('Escape');

    await follow(page, `#/cases/${encodeURIComponent(seeded.caseId)}`);
    await expect(caseHeading(page, seeded.caseId)).toBeVisible();
    await check('a case');

    await follow(page, `#/templates/${seeded.templateId}`);
    await expect(page.getByRole('button', { name: 'Back to templates' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Preview', exact: true })).toBeVisible();
    await check('the template designer');

    await follow(page, '#/log');
    await expect(pageHeading(page, 'Log')).toBeVisible();
    await logRowWith(page, /Remarks are not allowed today/)
      .first()
      .click();
    await expect(entryDrawer(page)).toBeVisible();
    await check('a log entry');

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
