import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { caseRow, casesTable, importCaseFile } from './support/cases';
import { connectionStatus, expect, logMessages, goToPage, openConsole, recordReceivedFrames, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

const KEPT = { id: 'E2E-RESTORE-KEPT', type: 'Noise complaint', status: 'open', fields: { description: 'Drums at night' } };
const GONE = { id: 'E2E-RESTORE-GONE', type: 'Noise complaint', status: 'open', fields: { description: 'A dog barking' } };

async function openBackups(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'About' }).click();
  const about = page.getByRole('dialog', { name: 'About casebridge' });
  await expect(about.getByRole('heading', { name: 'Backups' })).toBeVisible();
  return about;
}

test('a backup in progress shows a bar with its percent, then the check of the copy, and can be cancelled', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // A large store's progress, told to the page as the engine tells it (the rest of the traffic passes through untouched).
  let toPage: WebSocketRoute | undefined;
  const calls: string[] = [];
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      calls.push((JSON.parse(String(message)) as { name?: string }).name ?? '');
      server.send(message);
    });
    toPage = ws;
  });
  await openConsole(page, host().consoleUrl);
  const about = await openBackups(page);
  const tell = (payload: { phase: string; copiedPages: number; totalPages: number }) => toPage!.send(JSON.stringify({ type: 'event', name: 'backupProgress', payload }));

  tell({ phase: 'copying', copiedPages: 4_200, totalPages: 10_000 });
  const bar = about.getByRole('progressbar', { name: 'Backup progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '42');
  await expect(about.getByText('Backing up: 42% (4,200 of 10,000 pages); the engine keeps working.')).toBeVisible();
  await about.getByRole('button', { name: 'Cancel backup' }).scrollIntoViewIfNeeded();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: testInfo.outputPath(`backup-progress-${colorScheme}.png`) });
    expect(await seriousViolations(page), colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  tell({ phase: 'checking', copiedPages: 10_000, totalPages: 10_000 });
  await expect(about.getByText('Copied 10,000 pages; checking the copy…')).toBeVisible();
  tell({ phase: 'done', copiedPages: 10_000, totalPages: 10_000 });
  await expect(bar).toBeHidden();

  // Cancel: the console asks the engine, and says so when the engine tells it the backup ended.
  tell({ phase: 'copying', copiedPages: 100, totalPages: 10_000 });
  await about.getByRole('button', { name: 'Cancel backup' }).click();
  await expect.poll(() => calls).toContain('cancelBackup');
  tell({ phase: 'cancelled', copiedPages: 200, totalPages: 10_000 });
  await expect(about.getByRole('status').filter({ hasText: 'The backup was cancelled; nothing was kept.' })).toBeVisible();
  await expect(bar).toBeHidden();
});

test('Restore from the console: a file that is no backup is refused with the engine still running; a backup from the list comes back after a restart, the case added after it gone', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const frames = recordReceivedFrames(page);
  await openConsole(page, host().consoleUrl);
  await importCaseFile(page, 'kept.json', [KEPT]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('1 of 1 case stored');

  let about = await openBackups(page);
  await about.getByRole('button', { name: 'Back up now' }).click();
  await expect(about.getByRole('status').filter({ hasText: /^Backed up to casebridge-/ })).toBeVisible();
  // The console heard the backup's progress: pages copied, the check, done (the bar shows them; a small store passes in a blink).
  const progress = frames
    .map((text) => JSON.parse(text) as { type: string; name?: string; payload?: { phase: string; copiedPages: number; totalPages: number } })
    .filter((frame) => frame.type === 'event' && frame.name === 'backupProgress')
    .map((frame) => frame.payload!);
  expect(progress[0]).toMatchObject({ phase: 'copying', copiedPages: 0 });
  expect(progress.slice(-2).map((p) => p.phase)).toEqual(['checking', 'done']);
  expect(progress.at(-1)!.copiedPages).toBe(progress.at(-1)!.totalPages);
  await page.keyboard.press('Escape');

  await importCaseFile(page, 'gone.json', [GONE]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('1 of 1 case stored');
  await expect(caseRow(page, GONE.id)).toBeVisible();

  // A file that is not a backup: refused in the dialog, and nothing stopped.
  const notABackup = join(host().dataDir, 'notes.sqlite');
  writeFileSync(notABackup, 'meeting notes, not a database');
  about = await openBackups(page);
  await about.getByRole('button', { name: 'Restore from a file…' }).click();
  const fromFile = page.getByRole('dialog', { name: 'Restore a backup from a file' });
  await fromFile.getByLabel('Backup file').fill(notABackup);
  await fromFile.getByRole('button', { name: 'Stop casebridge and restore' }).click();
  await expect(fromFile.getByRole('alert')).toContainText(`${notABackup} is not a casebridge backup`);
  await expect(connectionStatus(page)).toHaveText('Engine connected');
  await fromFile.getByRole('button', { name: 'Cancel' }).click();

  // The backup from the list: the dialog says what happens, then the engine restarts on it.
  await about
    .getByRole('table', { name: 'Backups' })
    .getByRole('button', { name: /^Restore the backup of / })
    .click();
  const confirm = page.getByRole('dialog', { name: /^Restore the backup of / });
  await expect(confirm).toContainText('The engine stops');
  await expect(confirm).toContainText('casebridge.sqlite.before-restore-<time>');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: testInfo.outputPath(`restore-confirm-${colorScheme}.png`) });
    expect(await seriousViolations(page), colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await confirm.getByRole('button', { name: 'Stop casebridge and restore' }).click();
  await expect(confirm.getByRole('status')).toContainText('Restoring: casebridge is stopping');

  // The console reloads itself once the new engine answers, and shows the backup's cases.
  await expect(confirm).toBeHidden({ timeout: 30_000 });
  await expect(connectionStatus(page)).toHaveText('Engine connected', { timeout: 20_000 });
  await goToPage(page, 'Cases');
  await expect(caseRow(page, KEPT.id)).toBeVisible();
  await expect(casesTable(page)).not.toContainText(GONE.id);
  await goToPage(page, 'Log');
  await expect(logMessages(page).filter({ hasText: /restored from the console by / })).toHaveCount(1);
  const kept = readdirSync(host().dataDir).filter((name) => /^casebridge\.sqlite\.before-restore-\d{8}T\d{9}Z$/.test(name));
  expect(kept).toHaveLength(1);
  expect(existsSync(join(host().dataDir, 'casebridge.sqlite'))).toBe(true);
});
