/**
 * `npm start` on a machine where the Electron runtime cannot be had: it says so in plain words and
 * serves the same console from the headless host instead.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, openConsole, test } from './support/console';
import { makeDataDir, removeDataDir } from '../support/host-process';

const ROOT = resolve(import.meta.dirname, '../..');

test('npm start without the Electron runtime explains why and opens the console in the headless host', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = makeDataDir();
  // Points electron's lookup at a folder with no runtime, as on an offline machine.
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: resolve(dataDir, 'no-electron-here'), CASEBRIDGE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await expect.poll(() => /^Console: (\S+)$/m.exec(output)?.[1], { timeout: 60_000 }).toBeTruthy();
    expect(output).toContain('the Electron runtime is not installed on this machine');
    expect(output).toContain('headless host');
    const consoleUrl = /^Console: (\S+)$/m.exec(output)![1]!;
    await openConsole(page, consoleUrl);
    await page.getByRole('button', { name: 'About' }).first().click();
    await expect(page.getByRole('dialog')).toContainText(dataDir);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    removeDataDir(dataDir);
  }
});
