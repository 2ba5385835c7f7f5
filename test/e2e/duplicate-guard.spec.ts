/**
 * An IT officer connects casebridge to a Tascomi instance whose complaints table has no case
 * reference column: the connection works, but Test connection warns that the duplicate guard is
 * off and why, the Jobs page's Tascomi queue carries the same warning, and the Network page's
 * diagnosis shows it as a warning step with what to do.
 */
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectTascomi } from './support/cases';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess(['--absent-columns', 'complaints:external_reference']);
});
test.afterAll(async () => {
  await tascomi?.stop();
});

test('without the case reference column, the connection test, the Tascomi queue and the diagnosis warn that the duplicate guard is off', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  // A warning does not stop the save: jobs can still be sent, without the guard.
  await connectTascomi(page, tascomi);

  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByRole('status').filter({ hasText: 'Test connection: the connection works' });
  await expect(result).toBeVisible();
  const guard = result.getByRole('row').filter({ hasText: 'Check the case reference field (duplicate guard)' });
  await expect(guard.getByLabel('passed with a warning')).toBeVisible();
  await expect(guard).toContainText('Duplicate guard off: external_reference is not filterable on complaints');
  await expect(guard).toContainText('Ask Tascomi to add a searchable external_reference column to complaints');
  // Only that step warns.
  await expect(result.getByLabel('passed with a warning')).toHaveCount(1);

  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  const queue = page.getByRole('region', { name: 'Tascomi / Idox Cloud' });
  const warning = queue.getByRole('status').filter({ hasText: 'Warning' });
  await expect(warning).toContainText('Duplicate guard off: external_reference is not filterable on complaints');
  await expect(warning).toContainText('outcome unknown');

  await navLink(page, 'Network').click();
  const connection = page.getByRole('region', { name: 'Tascomi / Idox Cloud connection' });
  await connection.getByRole('button', { name: 'Diagnose Tascomi / Idox Cloud' }).click();
  const diagnosis = connection.getByRole('status').filter({ hasText: 'Tascomi / Idox Cloud: every step passed, with a warning' });
  await expect(diagnosis).toBeVisible();
  const step = diagnosis.getByRole('row').filter({ hasText: 'Check the case reference field (duplicate guard)' });
  await expect(step.getByRole('cell').nth(1)).toHaveText('passed with a warning');
  await expect(step).toContainText(/What to do: Ask the Tascomi administrator to add a searchable external_reference column to complaints/);
});
