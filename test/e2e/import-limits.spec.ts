/**
 * Import limits as a person meets them in the console served by the headless host: a file over
 * the limit is refused at once, saying its size and the limit, and is never sent; a file larger
 * than one WebSocket frame (1 MiB) is sent in parts and imported whole.
 */
import type { Page } from '@playwright/test';
import { caseRow, importCaseFile } from './support/cases';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

/** Every call or part the console sends on its WebSocket, by type and name. */
function recordSentFrames(page: Page): { type?: string; name?: string }[] {
  const sent: { type?: string; name?: string }[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      // Only the envelope is read: a part's text is a piece of JSON, not JSON.
      const head = String(payload).slice(0, 200);
      sent.push({ type: /"type":"(\w+)"/.exec(head)?.[1], name: /"name":"(\w+)"/.exec(head)?.[1] });
    }),
  );
  return sent;
}

test('a file of cases over 20 MB is refused before it is read, saying its size and the limit', async ({ page }) => {
  const sent = recordSentFrames(page);
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Cases');
  await page.locator('input[type=file]').setInputFiles({ name: 'whole-year.json', mimeType: 'application/json', buffer: Buffer.alloc(20_000_001, 0x20) });
  const refusal = page.getByRole('alert').filter({ hasText: "'whole-year.json' was not imported" });
  await expect(refusal).toContainText("'whole-year.json' is 20.0 MB (20,000,001 bytes); a file of cases can be at most 20 MB (20,000,000 bytes). Split it into smaller files.");
  expect(sent.filter((f) => f.name === 'importCases' || f.type === 'part')).toEqual([]);
});

test('a template file over 1 MB is refused before it is read, saying its size and the limit', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Templates');
  await page.locator('input[type=file]').setInputFiles({ name: 'huge-template.json', mimeType: 'application/json', buffer: Buffer.alloc(1_500_000, 0x20) });
  await expect(page.getByRole('alert').filter({ hasText: 'Not imported' })).toContainText(
    "'huge-template.json' is 1.5 MB (1,500,000 bytes); a template file can be at most 1 MB (1,000,000 bytes).",
  );
});

test('a 3 MB file of cases, more than one WebSocket frame holds, is sent in parts with its progress shown, and every case is stored', async ({ page }) => {
  const sent = recordSentFrames(page);
  await openConsole(page, host().consoleUrl);
  const description = 'Mattress and bags left by the bins — "again" 🚮 '.repeat(200);
  const cases = Array.from({ length: 300 }, (_, i) => ({ id: `E2E-BIG-${String(i).padStart(3, '0')}`, type: 'Fly-tipping report', fields: { description } }));
  expect(Buffer.byteLength(JSON.stringify(cases))).toBeGreaterThan(3_000_000);
  const progress = page.getByRole('group', { name: 'Import progress' });
  const progressShown = progress.waitFor();
  await importCaseFile(page, 'big-batch.json', cases);
  await progressShown;
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText("'big-batch.json': 300 of 300 cases stored (300 new, 0 updated, 0 unchanged), 0 refused", {
    timeout: 30_000,
  });
  await expect(progress).toHaveCount(0);
  expect(sent.filter((f) => f.type === 'part').length).toBeGreaterThan(10);
  await expect(caseRow(page, 'E2E-BIG-299')).toBeVisible();
});
