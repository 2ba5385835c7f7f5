/**
 * Support staff watch the Tascomi queue while the connection's rate limit holds work back: the
 * queue card says how many requests are held, as information (not failing), and where the limit
 * is set; when Tascomi answers 429 with Retry-After, the card says until when Tascomi asked
 * casebridge to wait. Then the limit is raised and the held jobs go out and succeed.
 *
 * Setup the page does not need to show (the connection with a very low limit, a template, cases)
 * goes through the host's contract, as a colleague's console would.
 */
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, openConsole, test, useHostPerFile } from './support/console';
import { openJobs, queueCount, tascomiQueue } from './support/jobs';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';
import { tascomiSettingsFor } from '../support/connector-settings';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess(['--seed', '3']);
  contract = await connectToHost(host());
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });
test.setTimeout(90_000);

const CASES = ['E2E-RL-1', 'E2E-RL-2', 'E2E-RL-3'];

const saveTascomi = (rateLimit: { requestsPerSecond: number; maxConcurrent: number }) =>
  contract.call('saveTascomiSettings', { ...tascomiSettingsFor(tascomi), codeListTtlSeconds: 3600, rateLimit });

/** A create template the emulator accepts, and cases for it. */
async function templateAndCases(): Promise<number> {
  await contract.call('createReference', { name: 'SR number' });
  const template = await contract.call('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
  const cases = CASES.map((id, i) => ({
    id,
    type: 'Fly-tipping report',
    status: 'Submitted',
    fields: { description: `Mattress left by the bins ${i + 1}` },
    dates: { reported: '2026-06-15T09:00:00+01:00' },
  }));
  expect(await contract.call('importCases', { content: JSON.stringify(cases) })).toHaveLength(CASES.length);
  return template.id;
}

test('the queue says requests are held by the rate limit, not failing, and until when Tascomi asked it to wait', async ({ page }) => {
  const saved = await saveTascomi({ requestsPerSecond: 0.5, maxConcurrent: 1 });
  expect(saved.saved).toBe(true);
  const templateId = await templateAndCases();
  await contract.call('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 3, maxAttempts: 5, backoffBaseSeconds: 0.1, backoffCapSeconds: 1 } });

  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  for (const caseId of CASES) await contract.call('applyTemplate', { caseId, templateId });

  // One request every two seconds, three jobs at once: the others' requests wait their turn.
  const hold = tascomiQueue(page).getByRole('status').filter({ hasText: 'Held by the rate limit' });
  await expect(hold).toBeVisible({ timeout: 15_000 });
  await expect(hold).toContainText(/\d+ requests? held by the rate limit/);
  await expect(hold).toContainText('Not failing');
  await expect(hold.getByRole('link', { name: /Connections/ })).toBeVisible();
  await expect(await queueCount(page, 'Failed')).toHaveText('0');
  await expect(await queueCount(page, 'Dead')).toHaveText('0');

  // Tascomi answers the next request 429, asking for 20 seconds: the connection pauses for it.
  await tascomi.admin('/faults', { rateLimit: { retryAfterSeconds: 20, count: 1 } });
  await expect(hold).toContainText(/Tascomi \/ Idox Cloud asked casebridge to wait until \d\d:\d\d:\d\d/, { timeout: 20_000 });

  // The limit is raised (the save's connection test goes ahead of the held jobs): they go out and succeed.
  await tascomi.admin('/faults/clear', {});
  await saveTascomi({ requestsPerSecond: 50, maxConcurrent: 4 });
  await expect(await queueCount(page, 'Succeeded')).toHaveText(String(CASES.length), { timeout: 60_000 });
  await expect(hold).toHaveCount(0);
});
