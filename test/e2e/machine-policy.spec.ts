/**
 * An administrator's machine policy, as the people at the console meet it: a locked field shows a
 * lock and "Set by your organisation", cannot be changed, and the About panel names the file in
 * force; a broken policy file is refused whole and a warning names the file, the field and why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { expect, goToPage, openConsole, test, useHostPerTest } from './support/console';
import { makeDataDir, removeDataDir, runHostToEnd } from '../support/host-process';

const folder = mkdtempSync(join(tmpdir(), 'casebridge-policy-'));
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

function policyFile(name: string, policy: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(policy, null, 2));
  return path;
}

const startHost = useHostPerTest();

async function openAbout(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'About' }).click();
  return page.getByRole('dialog', { name: 'About casebridge' });
}

test('a locked field shows the lock, cannot be changed, and About names the policy in force', async ({ page }, testInfo) => {
  const file = policyFile('locks.json', {
    version: 1,
    locked: {
      proxy: { url: 'http://proxy.council.local:8080', noProxy: '.council.local' },
      logRetention: { keepDays: 30 },
      tascomi: { baseUrl: 'https://council.idoxcloud.com/rest' },
      backups: { folder: '/srv/casebridge/backups' },
    },
    presets: { logRetention: { keepEntries: 500_000 } },
  });
  // The host's own proxy variables lose to the locked proxy.
  const host = await startHost({ env: { CASEBRIDGE_POLICY_FILE: file, HTTPS_PROXY: 'http://someone-else:3128' } });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openConsole(page, host.consoleUrl);

  await goToPage(page, 'Network');
  const proxy = page.getByRole('region', { name: 'Proxy' });
  await expect(proxy.getByRole('status')).toHaveText(/^casebridge sends its requests through the proxy your organisation's policy sets: Set by your organisation/);
  await expect(proxy.getByRole('table', { name: 'Proxy variables' })).toContainText('HTTPS_PROXYhttp://proxy.council.local:8080');
  await expect(proxy.getByRole('table', { name: 'Proxy variables' })).toContainText('NO_PROXY.council.local');
  await expect(proxy).not.toContainText('someone-else');

  await goToPage(page, 'Log');
  const form = page.getByRole('form', { name: 'Log retention' });
  const days = form.getByLabel('Keep entries for (days)');
  await expect(days).toHaveValue('30');
  await expect(days).toHaveJSProperty('readOnly', true);
  // A screen reader hears who set it and where; a sighted person sees the lock and the words.
  await expect(days).toHaveAccessibleDescription(`How long log entries are kept is set by your organisation's policy (${file}) and cannot be changed here.`);
  await expect(form.getByText('Set by your organisation', { exact: true })).toBeVisible();
  // The preset fills the field nothing was saved for, and stays the person's to change.
  const entries = form.getByLabel('Keep at most (entries)');
  await expect(entries).toHaveValue('500,000');
  await expect(entries).toHaveJSProperty('readOnly', false);

  // Typing into the locked field changes nothing.
  await days.click();
  await page.keyboard.type('9');
  await expect(days).toHaveValue('30');
  // The keyboard reaches the lock (just before the field, under its label), whose tooltip names the file.
  await days.press('Shift+Tab');
  await expect(form.locator('[data-policy-lock="logRetention.keepDays"]')).toBeFocused();
  await expect(page.getByRole('tooltip')).toHaveText(`How long log entries are kept is set by your organisation's policy (${file}) and cannot be changed here.`);

  // The unlocked field saves with the locked one as it is.
  await entries.fill('600000');
  await form.getByRole('button', { name: 'Save retention' }).click();
  await expect(form.getByRole('status')).toContainText('Saved: entries older than 30 day(s), and beyond the newest 600,000, are removed.');

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`policy-lock-log-${colorScheme}.png`) });
    expect(await seriousViolations(page), `accessibility of the locked field (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await goToPage(page, 'Connections');
  const baseUrl = page.getByRole('form', { name: 'Tascomi settings' }).getByLabel('API base url');
  await expect(baseUrl).toHaveValue('https://council.idoxcloud.com/rest');
  await expect(baseUrl).toHaveJSProperty('readOnly', true);
  await expect(baseUrl).toHaveAccessibleDescription(/^The Tascomi API base URL is set by your organisation's policy/);

  const about = await openAbout(page);
  await expect(about.getByText(`In force: ${file}`)).toBeVisible();
  await expect(about.getByText('Locked: The proxy; The Tascomi API base URL; How long log entries are kept; The backups folder.')).toBeVisible();
  await expect(about.getByText('Preset: How many log entries are kept.')).toBeVisible();
  const backupFolder = about.getByRole('form', { name: 'Backup settings' }).getByLabel('Folder');
  await expect(backupFolder).toHaveValue('/srv/casebridge/backups');
  await expect(backupFolder).toHaveJSProperty('readOnly', true);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await about.getByRole('heading', { name: 'Machine policy' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`policy-about-${colorScheme}.png`) });
  }
});

test('a broken policy file is refused whole, with a warning naming the file, the field and the reason', async ({ page }, testInfo) => {
  const file = policyFile('broken.json', { version: 1, locked: { logRetention: { keepDays: 30 }, intake: { port: 70000 }, colour: 'blue' } });
  const host = await startHost({ env: { CASEBRIDGE_POLICY_FILE: file } });
  expect(host.output()).toContain(`the machine policy ${file} was refused`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openConsole(page, host.consoleUrl);

  const warning = page.getByRole('alert', { name: 'The machine policy was not applied' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(`The machine policy file ${file} was refused, so no policy is applied`);
  await expect(warning).toContainText('locked.intake.port: ');
  await expect(warning).toContainText('locked.colour: is not a policy field');

  // Never half a policy: the good lock in the same file is not applied.
  await goToPage(page, 'Log');
  const days = page.getByRole('form', { name: 'Log retention' }).getByLabel('Keep entries for (days)');
  await expect(days).toHaveValue('90');
  await expect(days).toHaveJSProperty('readOnly', false);
  await expect(page.getByText('Set by your organisation')).toHaveCount(0);

  const about = await openAbout(page);
  const refusal = about.getByRole('alert').filter({ hasText: 'The machine policy was not applied' });
  await expect(refusal).toContainText(`The policy file ${file} has 2 problems, so casebridge applies none of it`);
  await expect(refusal.getByRole('listitem')).toHaveText([/^locked\.intake\.port: /, 'locked.colour: is not a policy field (check its spelling and where it is)']);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await about.getByRole('heading', { name: 'Machine policy' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`policy-refused-${colorScheme}.png`) });
  }
});

test('the host refuses --demo when the policy turns demo mode off', async () => {
  const file = policyFile('no-demo.json', { version: 1, locked: { demoAllowed: false } });
  const dataDir = makeDataDir();
  try {
    const { code, output } = await runHostToEnd(['--data-dir', dataDir, '--port', '0', '--demo-tascomi-url', 'http://127.0.0.1:9/rest', '--demo-tascomi-public-key', 'demo'], {
      env: { CASEBRIDGE_POLICY_FILE: file, CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY: 'demo-private' },
    });
    expect(code).toBe(2);
    expect(output).toContain(`casebridge: Demo mode is turned off by your organisation's policy (${file}). Start casebridge without --demo.`);
  } finally {
    removeDataDir(dataDir);
  }
});
