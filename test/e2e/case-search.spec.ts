/**
 * Support staff paste a case id from the CRM into the Cases search: that case is listed first, even
 * when newer cases contain the same text in their id or fields.
 */
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { casesTable } from './support/cases';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let contract: HostContractClient;

test.beforeAll(async () => {
  contract = await connectToHost(host());
  // The exact match is the oldest: newest-first alone would list it last.
  for (const [id, description] of [
    ['CRM-7', 'Music late at night'],
    ['CRM-70', 'Dog barking'],
    ['CRM-71', 'Bins left out'],
    ['CRM-72', 'Follows up CRM-7'],
  ]) {
    await contract.call('submitCase', { case: { id: id!, type: 'Noise complaint', fields: { description: description! } } });
  }
});
test.afterAll(() => contract?.close());
test.use({ viewport: { width: 1440, height: 900 } });

test('searching a case id lists that case first, then the newer cases that contain it', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Cases');
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('crm-7');
  const firstCells = casesTable(page).locator('tbody tr td:first-child');
  await expect(firstCells).toHaveText(['CRM-7', 'CRM-72', 'CRM-71', 'CRM-70']);
});
