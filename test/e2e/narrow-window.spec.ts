/**
 * The console in a 1024x700 window (a council laptop with the browser not maximised): the page
 * list folds behind a button in the header and opens from it, by mouse or keyboard; on every page
 * each button is reachable without scrolling sideways; a screenshot of each page is kept to look at.
 */
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
test.use({ viewport: { width: 1024, height: 700 } });

const pagesButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Show or hide the pages' });

/** Opens a page through the folded navigation, as a person at this width does. */
async function openFromMenu(page: Page, name: string): Promise<void> {
  await pagesButton(page).click();
  await navLink(page, name).click();
  await expect(pageHeading(page, name)).toBeVisible();
  await expect(navLink(page, name)).not.toBeInViewport();
}

/** The little of the DOM that cutOff reads (the e2e tests are type-checked without the DOM's types). */
interface Box {
  left: number;
  right: number;
  width: number;
  height: number;
}
interface Element {
  scrollWidth: number;
  clientWidth: number;
  className: unknown;
  textContent: string | null;
  tagName: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  closest(selector: string): Element | null;
}
interface Browser {
  innerWidth: number;
  document: { documentElement: Element; querySelectorAll(selector: string): Iterable<Element> };
  getComputedStyle(element: Element): { overflowX: string; visibility: string };
}

/**
 * What a person would have to scroll sideways to reach: the page wider than the window, a scroll
 * area that scrolls sideways, or a visible button or link that ends past the window's right edge.
 */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as Browser;
    const found: string[] = [];
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > innerWidth) found.push(`the page is ${scrollWidth}px wide in a ${innerWidth}px window`);
    for (const element of document.querySelectorAll('main *')) {
      const { overflowX } = getComputedStyle(element);
      const scrollsSideways = overflowX === 'auto' || overflowX === 'scroll';
      if (scrollsSideways && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${element.getAttribute('aria-label') ?? String(element.className)} scrolls sideways (${element.scrollWidth}px in ${element.clientWidth}px)`);
      }
    }
    for (const button of document.querySelectorAll('button, [role="button"], a[href]')) {
      const box = button.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(button).visibility === 'hidden') continue;
      // Inside the folded navigation: off screen on purpose, and out of the Tab order.
      if (button.closest('[inert]')) continue;
      const name = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? button.tagName;
      if (box.right > innerWidth + 0.5 || box.left < -0.5) found.push(`"${name}" spans ${Math.round(box.left)}-${Math.round(box.right)}px`);
    }
    return found;
  });
}

test('the page list is folded away at 1024 wide, opens from its button, and closes after a choice', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  const navigation = page.getByRole('navigation', { name: 'Pages' });
  await expect(navLink(page, 'Jobs')).not.toBeInViewport();
  // Folded away, its links take no Tab stops.
  await expect(navigation).toHaveAttribute('inert');
  await expect(pagesButton(page)).toHaveAttribute('aria-expanded', 'false');

  // By keyboard: the button is reached with Tab (after the skip link) and opened with Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(pagesButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pagesButton(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(navLink(page, 'Jobs')).toBeInViewport();
  await navLink(page, 'Jobs').focus();
  await page.keyboard.press('Enter');
  await expect(pageHeading(page, 'Jobs')).toBeFocused();
  await expect(navLink(page, 'Jobs')).not.toBeInViewport();
  await expect(pagesButton(page)).toHaveAttribute('aria-expanded', 'false');

  // The page's content starts at the window's left edge, not beside an empty column.
  const heading = await pageHeading(page, 'Jobs').boundingBox();
  expect(heading!.x).toBeLessThan(60);
});

test('at 1024x700 no page needs sideways scrolling and every button is within the window', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openConsole(page, host().consoleUrl);
  const found: Record<string, string[]> = {};
  for (const scheme of ['Light', 'Dark'] as const) {
    await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText(scheme, { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme.toLowerCase());
    for (const name of await pageNames(page)) {
      await openFromMenu(page, name);
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const problems = await cutOff(page);
      if (problems.length > 0) found[`${name} (${scheme.toLowerCase()})`] = problems;
      await page.screenshot({ path: testInfo.outputPath(`1024x700-${scheme.toLowerCase()}-${name.toLowerCase().replace(/\W+/g, '-')}.png`), fullPage: true });
    }
  }
  expect(found).toEqual({});
});

test("at 1024x700 the Log's message column shows whole words of each message", async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await openFromMenu(page, 'Log');
  const messageHeader = page.getByRole('table', { name: 'Recent log entries' }).getByRole('columnheader', { name: 'Message' });
  await expect(messageHeader).toBeInViewport({ ratio: 1 });
  expect((await messageHeader.boundingBox())!.width).toBeGreaterThan(300);
});
