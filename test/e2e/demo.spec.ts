/**
 * `npm run serve -- --demo` as a newcomer runs it: the launcher starts the Tascomi emulator with
 * faults on, the host sets itself up against it in a data folder of its own, and within a minute
 * the Log page shows a case sent, an attempt to be retried and a validation failure. Stopping the
 * launcher stops the emulator too. (The build step is skipped: the e2e tests run on the build.)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, logMessages, navLink, openConsole, pageHeading, test } from './support/console';
import { logFilters } from './support/log';
import { makeDataDir, removeDataDir } from '../support/host-process';

const ROOT = resolve(import.meta.dirname, '../..');

test('the demo shows a success, a retry and a validation failure on the Log page within a minute', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const parent = makeDataDir();
  const dataDir = join(parent, 'demo');
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--demo', '--data-dir', dataDir], {
    cwd: ROOT,
    // The real data folder is pointed somewhere harmless too: the demo must not create it.
    env: { ...process.env, CASEBRIDGE_SKIP_BUILD: '1', CASEBRIDGE_DATA_DIR: join(parent, 'real') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await expect.poll(() => /^Console: (\S+)$/m.exec(output)?.[1], { timeout: 45_000, message: `the Console line; output so far:\n${output}` }).toBeTruthy();
    expect(output).toMatch(/^Demo mode: Tascomi emulator at http:\/\/127\.0\.0\.1:\d+\/rest/m);
    expect(output).toContain(`data in ${dataDir} (not your real data folder)`);
    const emulatorUrl = /^Demo mode: Tascomi emulator at (\S+)/m.exec(output)![1]!;

    await openConsole(page, /^Console: (\S+)$/m.exec(output)![1]!);
    // Every page says it is a demo, and against what.
    const banner = page.getByRole('region', { name: 'Demo mode' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(`a Tascomi emulator on this machine (${emulatorUrl}), not a real Tascomi`);
    await page.screenshot({ path: testInfo.outputPath('demo-banner.png') });
    await navLink(page, 'Log').click();
    await expect(pageHeading(page, 'Log')).toBeVisible();
    const log = logMessages(page);
    // The log fills quickly, so each kind of entry is looked for with the page's search, as a person would.
    const search = logFilters(page).getByRole('searchbox', { name: 'Search messages' });
    await search.fill('Demo mode casebridge works against');
    await expect(log.filter({ hasText: /^Demo mode: casebridge works against a Tascomi emulator/ })).toHaveCount(1);
    // Within a minute of the console opening, each kind of outcome at least once.
    await search.fill('sent remote record');
    await expect(log.filter({ hasText: /^Job \d+ .*: sent; remote record \d+\./ }).first()).toBeVisible({ timeout: 60_000 });
    await search.fill('Will retry at');
    await expect(log.filter({ hasText: /failed \[(remote|connection|timeout)\]: .* Will retry at / }).first()).toBeVisible({ timeout: 60_000 });
    await search.fill('Social media Not retried');
    await expect(log.filter({ hasText: /failed \[validation\]: .*"Social media".* Not retried/ }).first()).toBeVisible({ timeout: 60_000 });
    expect(existsSync(join(parent, 'real'))).toBe(false);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The emulator went with it.
    await expect(fetch(emulatorUrl)).rejects.toThrow();
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    removeDataDir(parent);
  }
});
