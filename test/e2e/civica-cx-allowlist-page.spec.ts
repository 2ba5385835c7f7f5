/**
 * The Cx firewall blocks this workstation with an HTML "Access Denied" page, not Cx's JSON 403 (the
 * emulator started with --allowlist-answer html): Test API and the Network page's diagnosis both
 * name the IP allowlist as the likely cause, and the diagnosis says which addresses to ask for.
 */
import { startCivicaCxEmulatorProcess, type CivicaCxEmulatorProcess } from '../support/emulator-process';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { connectCivicaCx } from './support/civica-cx';

const host = useHostPerFile();
let cx: CivicaCxEmulatorProcess;
test.beforeAll(async () => {
  cx = await startCivicaCxEmulatorProcess(['--allowlist-answer', 'html']);
});
test.afterAll(async () => {
  await cx?.stop();
});

test("a firewall's HTML page in answer to the API: Test API and the Network page's diagnosis name the allowlist", async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);

  // The Cx firewall stops allowing this workstation, answering with its block page.
  await cx.admin('/allowlist', ['10.0.0.0/8']);
  const form = page.getByRole('form', { name: 'Civica Cx settings' });
  await form.getByRole('button', { name: 'Test API' }).click();
  const refused = form.getByRole('alert').filter({ hasText: 'Test API:' });
  await expect(refused).toContainText('with a web page, not the API');
  await expect(refused).toContainText('block page: the IP allowlist in front of Civica Cx');

  await navLink(page, 'Network').click();
  await expect(pageHeading(page, 'Network')).toBeVisible();
  const connection = page.getByRole('region', { name: 'Civica Cx connection' });
  await connection.getByRole('button', { name: 'Diagnose Civica Cx' }).click();
  const diagnosis = connection.getByRole('alert');
  await expect(diagnosis).toContainText('Civica Cx answered HTTP 403 Forbidden with a web page (text/html)');
  await expect(diagnosis).toContainText('most likely means a firewall');
  await expect(diagnosis).toContainText('block page: the IP allowlist in front of Civica Cx');
  await expect(diagnosis).toContainText("Ask the administrators of Civica Cx to allow this workstation's addresses");
});
