/**
 * Shared steps for the console's end-to-end tests: a host per test file, opening the console as a
 * person would (the URL the host printed), and finding things the way a person reads them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { removeDataDir, startHostProcess, type HostProcess, type StartHostOptions } from '../../support/host-process';

/** Fails a test when the console throws an uncaught error, even if the screen looked right. */
export const test = base.extend<{ pageErrors: Error[] }>({
  pageErrors: [
    async ({ context }, use) => {
      const errors: Error[] = [];
      context.on('weberror', (webError) => errors.push(webError.error()));
      await use(errors);
      expect(
        errors.map((error) => error.message),
        'uncaught errors in the console',
      ).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Starts a fresh host (own data folder) before the file's tests and removes it after them. */
export function useHostPerFile(): () => HostProcess {
  let host: HostProcess | undefined;
  test.beforeAll(async () => {
    host = await startHostProcess();
  });
  test.afterAll(async () => {
    if (!host) return;
    await host.stop();
    removeDataDir(host.dataDir);
  });
  return () => {
    if (!host) throw new Error('the host has not started');
    return host;
  };
}

/** Starts a host for one test (own data folder, or the options'); it is stopped and its folder removed after the test. */
export function useHostPerTest(): (options?: StartHostOptions) => Promise<HostProcess> {
  let host: HostProcess | undefined;
  test.afterEach(async () => {
    if (!host) return;
    await host.stop();
    removeDataDir(host.dataDir);
    host = undefined;
  });
  return async (options) => (host = await startHostProcess(options));
}

/** Opens the console at the URL the host printed and waits until it is connected and showing a page. */
export async function openConsole(page: Page, consoleUrl: string): Promise<void> {
  await page.goto(consoleUrl);
  await expect(connectionStatus(page)).toHaveText('Engine connected');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

export function connectionStatus(page: Page): Locator {
  return page.getByRole('banner').getByRole('status');
}

export function navLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });
}

export function pageHeading(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/**
 * Opens a page from the navigation and waits until it shows: the page it leaves may have an input of
 * the same kind (Templates and Cases both have a file input), which a locator would otherwise find.
 */
export async function goToPage(page: Page, name: string): Promise<void> {
  await navLink(page, name).click();
  await expect(pageHeading(page, name)).toBeVisible();
}

export function logMessages(page: Page): Locator {
  return page.getByRole('table', { name: 'Recent log entries' }).locator('tbody tr td:last-child');
}

/** The color scheme Mantine applies to the whole page. */
export function colorScheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-mantine-color-scheme');
}

/** Collects the text of every WebSocket frame the console receives, to wait on the engine's answers. */
export function recordReceivedFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  return frames;
}

/** How many migrations the store has: the schema version the About panel must show. */
export function migrationCount(): { count: number; newestTag: string } {
  const journalPath = resolve(import.meta.dirname, '../../../electron/engine/store/migrations/meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  return { count: journal.entries.length, newestTag: journal.entries.at(-1)!.tag };
}
