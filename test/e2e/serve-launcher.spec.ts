/**
 * `npm run serve` as a council IT person on Windows would meet it, as far as Linux can show it: the
 * launcher (scripts/serve.mjs) runs the host with Node, never a .bin shim or a shell, from a data
 * folder under a user name with an accent and spaces; the console opens and names that folder; then
 * Ctrl+C to the launcher stops the host cleanly (the launcher passes it on), the console says it lost
 * the engine, and the launcher exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { settlesWithin } from '../support/hang-guard';
import { makeDataDir, removeDataDir } from '../support/host-process';
import { connectionStatus, expect, openConsole, test } from './support/console';

const ROOT = resolve(import.meta.dirname, '../..');

test.use({ viewport: { width: 1440, height: 900 } });

for (const scheme of ['Light', 'Dark'] as const) {
  test(`npm run serve from a folder named 'Siân Jones' opens the console there and stops on Ctrl+C (${scheme.toLowerCase()})`, async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const parent = makeDataDir();
    const dataDir = join(parent, 'Siân Jones', 'AppData', 'Roaming', 'casebridge');
    mkdirSync(dataDir, { recursive: true });
    // The build the e2e run already made (the launcher would otherwise rebuild it, minutes on this machine).
    const launcher = spawn(process.execPath, ['scripts/serve.mjs', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, CASEBRIDGE_SKIP_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own, so a failed test can end the launcher and the host it started together.
      detached: true,
    });
    let output = '';
    launcher.stdout.on('data', (d) => (output += d));
    launcher.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => launcher.on('exit', (code) => r(code)));
    try {
      await expect.poll(() => /^Console: (\S+)$/m.exec(output)?.[1], { timeout: 30_000 }).toBeTruthy();
      expect(output).toContain(`data in ${dataDir}`);
      await openConsole(page, /^Console: (\S+)$/m.exec(output)![1]!);
      await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText(scheme, { exact: true }).click();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme.toLowerCase());
      await page.getByRole('button', { name: 'About' }).first().click();
      await expect(page.getByRole('dialog')).toContainText(join(dataDir, 'casebridge.sqlite'));
      await page.screenshot({ path: testInfo.outputPath(`serve-about-${scheme.toLowerCase()}.png`) });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      // Ctrl+C to the launcher alone (a service manager's stop reaches only the process it started).
      launcher.kill('SIGINT');
      expect(await settlesWithin(exited, 'the launcher after Ctrl+C', 20_000)).toBe(0);
      expect(output).toContain('casebridge: SIGINT received, stopping.');
      await expect(connectionStatus(page)).toHaveText('Connection to the engine lost – reconnecting…');
      await page.screenshot({ path: testInfo.outputPath(`serve-stopped-${scheme.toLowerCase()}.png`) });
    } finally {
      if (launcher.exitCode === null && launcher.signalCode === null) process.kill(-launcher.pid!, 'SIGKILL');
      await exited;
      removeDataDir(parent);
    }
  });
}
