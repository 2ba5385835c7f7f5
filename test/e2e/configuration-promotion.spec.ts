/**
 * Promoting a configuration in the console: Connections, "Configuration from test to live". A file
 * from a test installation is chosen, the dry run's table says what would be added, changed or
 * left alone, Apply does it; a bad file's problems are named by path; Export downloads the file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';
import { seriousViolations } from './support/axe';

const host = useHostPerFile();
test.use({ viewport: { width: 1440, height: 900 } });

const draft = (name: string, code: string) => ({
  name,
  connector: 'tascomi',
  type: 'create',
  reference: 'SR number',
  rows: [
    { id: 'code', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: code } },
    { id: 'remarks', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
  ],
});
const FILE = {
  format: 'casebridge-configuration',
  formatVersion: 1,
  casebridgeVersion: '1.4.0',
  exportedAt: '2026-12-01T09:00:00.000+00:00',
  references: [{ name: 'SR number' }],
  templates: [{ name: 'Noise – create SR', versions: [draft('Noise – create SR', 'NOISE'), draft('Noise – create SR', 'NOISE2')] }],
  rules: [{ name: 'Noise to Tascomi', caseType: 'Noise', on: 'created', template: 'Noise – create SR', enabled: true }],
  queueSettings: { tascomi: { concurrency: 2, maxAttempts: 7, backoffBaseSeconds: 5, backoffCapSeconds: 600 } },
};

const section = (page: Page) => page.getByRole('region', { name: 'Configuration from test to live' });
const plan = (page: Page) => section(page).getByRole('table');
const choose = (page: Page, name: string, content: unknown) =>
  section(page)
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content, null, 2)) });
const rowOf = (page: Page, name: string) =>
  plan(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });

test('a configuration file is dry-run into a table, applied, and a second import has nothing to do', async ({ page }, testInfo) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Connections');
  await section(page).scrollIntoViewIfNeeded();

  await choose(page, 'test.casebridge-configuration.json', FILE);
  await expect(section(page).getByRole('status').filter({ hasText: 'Dry run of' })).toHaveText(
    "Dry run of 'test.casebridge-configuration.json' (written by casebridge 1.4.0 on 2026-12-01): importing would add 3, change 1 and leave 0 alone. Nothing has changed yet.",
  );
  await expect(plan(page)).toHaveAccessibleName('What the import would do');
  await expect(rowOf(page, 'Noise – create SR')).toContainText('Add');
  await expect(rowOf(page, 'Noise – create SR')).toContainText('tascomi create template, 2 versions');
  await expect(rowOf(page, 'tascomi')).toContainText('jobs at once 4 → 2, attempts 10 → 7, backoff from (s) 2 → 5, backoff up to (s) 300 → 600');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await section(page).screenshot({ path: testInfo.outputPath(`configuration-dry-run-${colorScheme}.png`) });
    expect(await seriousViolations(page), colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await section(page).getByRole('button', { name: 'Apply' }).click();
  await expect(section(page).getByRole('status').filter({ hasText: 'Imported' })).toHaveText("Imported 'test.casebridge-configuration.json': 3 added, 1 changed, 0 left alone.");
  await expect(plan(page)).toHaveAccessibleName('What the import did');
  await expect(rowOf(page, 'Noise to Tascomi')).toContainText('Added');
  await section(page).screenshot({ path: testInfo.outputPath('configuration-applied.png') });

  // What was imported is there: both versions of the template.
  await goToPage(page, 'Templates');
  await expect(page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: 'Noise – create SR' })).toContainText('2');

  await goToPage(page, 'Connections');
  await choose(page, 'test.casebridge-configuration.json', FILE);
  await expect(section(page).getByRole('status').filter({ hasText: 'nothing to import' })).toBeVisible();
  await expect(section(page).getByRole('button', { name: 'Apply' })).toHaveCount(0);

  // The export carries what was imported.
  const downloading = page.waitForEvent('download');
  await section(page).getByRole('button', { name: 'Export configuration' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^casebridge-\d{4}-\d{2}-\d{2}\.casebridge-configuration\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(exported.templates[0].versions.map((v: { rows: { source: { value?: string } }[] }) => v.rows[0]!.source.value)).toEqual(['NOISE', 'NOISE2']);
  await expect(section(page).getByRole('status').filter({ hasText: 'Exported the configuration as' })).toBeVisible();
});

test('a bad file is refused with each problem named by its path, and nothing changes', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Connections');
  const bad = { ...FILE, rules: [{ ...FILE.rules[0], template: 'Nobody' }], references: [{ name: 'SR number' }, { name: 'sr NUMBER' }] };
  await choose(page, 'bad.json', bad);
  const alert = section(page).getByRole('alert');
  await expect(alert).toContainText("'bad.json' cannot be imported; nothing was changed");
  await expect(alert.getByRole('list', { name: 'Issues' })).toContainText("references.1.name: another reference in the file is named 'sr NUMBER'");
  await choose(page, 'bad.json', { ...FILE, rules: [{ ...FILE.rules[0], template: 'Nobody' }], templates: [] });
  await expect(alert.getByRole('list', { name: 'Issues' })).toContainText("rules.0.template: there is no template named 'Nobody' in the file or here");
  await expect(section(page).getByRole('table')).toHaveCount(0);
});
