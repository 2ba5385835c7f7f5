/**
 * A data protection officer answers a subject access request on the Subject access page: names the
 * resident, gives the reason, checks the cases found (not the neighbour who shares her family name),
 * and exports the JSON file; the search and the export are in the access audit with the reason.
 */
import { readFileSync } from 'node:fs';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let contract: HostContractClient;
let jobId: number;

const REASON = 'SAR 2026/114, received by email on 2 March';

test.beforeAll(async () => {
  contract = await connectToHost(host());
  const person = { role: 'complainant', forename: 'Zoë', surname: 'Okafor', email: 'zoe.okafor@example.org', phone: '07700 900123' };
  await contract.call('submitCase', { case: { id: 'SAR-E2E-1', type: 'Noise complaint', people: [person], fields: { description: 'Music from the flat above' } } });
  await contract.call('submitCase', {
    case: { id: 'SAR-E2E-2', type: 'Fly-tipping report', people: [{ role: 'caller', phone: '+44 (0)7700 900 123' }], fields: { description: 'A mattress by the garages' } },
  });
  // Her neighbour: the same family name and a phone one digit off.
  await contract.call('submitCase', {
    case: { id: 'SAR-E2E-3', type: 'Noise complaint', people: [{ role: 'complainant', forename: 'Chidi', surname: 'Okafor', phone: '07700 900124' }] },
  });
  await contract.call('createReference', { name: 'SR number' });
  const template = await contract.call('saveTemplate', { draft: { name: 'Noise create', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } });
  jobId = (await contract.call('applyTemplate', { caseId: 'SAR-E2E-1', templateId: template.id })).id;
});
test.afterAll(() => contract?.close());

test('find a resident by name and phone, check the cases, export the JSON file; both are in the access audit', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Subject access');
  const form = page.getByRole('form', { name: 'Subject access request' });
  await form.getByLabel('Given name(s)').fill('Zoe');
  await form.getByLabel('Family name').fill('OKAFOR');
  await form.getByLabel('Phone').fill('07700900123');
  await form.getByLabel('Reason').fill(REASON);
  // The keyboard is enough: Enter in a field submits the form.
  await form.getByLabel('Phone').press('Enter');

  const found = page.getByRole('region', { name: 'Found' });
  await expect(found.getByRole('status').first()).toContainText(/^2 cases, 1 job and \d+ log entries \(0 without a case\)\./);
  const rows = found.getByRole('table', { name: 'Cases found' }).getByRole('row');
  await expect(rows).toHaveCount(3); // the header and her two cases, not the neighbour's
  await expect(rows.filter({ hasText: 'SAR-E2E-1' })).toContainText('name, phone');
  await expect(rows.filter({ hasText: 'SAR-E2E-2' })).toContainText('Fly-tipping report');
  await expect(rows.filter({ hasText: 'SAR-E2E-3' })).toHaveCount(0);

  const download = page.waitForEvent('download');
  await found.getByRole('button', { name: 'Export JSON' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^subject-access-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const saved = JSON.parse(readFileSync((await file.path())!, 'utf8'));
  expect(saved.summary).toMatchObject({
    request: { identifiers: { givenName: 'Zoe', familyName: 'OKAFOR', phone: '07700900123' }, reason: REASON },
    counts: { cases: 2, jobs: 1, logEntriesWithoutCase: 0 },
  });
  expect(saved.summary.notIncluded.join(' ')).toContain('Civica Cx');
  expect(saved.cases.map((c: { id: string }) => c.id).sort()).toEqual(['SAR-E2E-1', 'SAR-E2E-2']);
  expect(saved.cases.find((c: { id: string }) => c.id === 'SAR-E2E-1').data.people[0]).toMatchObject({ forename: 'Zoë', email: 'zoe.okafor@example.org' });
  expect(saved.jobs).toMatchObject([{ id: jobId, caseId: 'SAR-E2E-1', state: 'queued' }]);
  expect(saved.logEntries.length).toBe(saved.summary.counts.logEntries);
  expect(saved.logEntries.every((e: { caseId: string }) => ['SAR-E2E-1', 'SAR-E2E-2'].includes(e.caseId))).toBe(true);
  await expect(found.getByRole('status').filter({ hasText: `Saved ${file.suggestedFilename()}.` })).toBeVisible();

  const audit = await contract.call('queryAccessAudit', { filter: { actions: ['subject_access_searched', 'subject_access_exported'] } });
  expect(audit.rows.map((r) => [r.action, r.reason])).toEqual([
    ['subject_access_exported', REASON],
    ['subject_access_searched', REASON],
  ]);
  expect(audit.rows[0]!.subject).toContain('2 cases, 1 job and');
});

test('refuses a family name alone and a missing reason at their fields, and a form naming nobody as a whole', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Subject access');
  const form = page.getByRole('form', { name: 'Subject access request' });
  await form.getByLabel('Family name').fill('Okafor');
  await form.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not search' })).toContainText('Correct the fields marked above.');
  await expect(form.getByLabel('Given name(s)')).toHaveAccessibleDescription(/give the given name with the family name/);
  await expect(form.getByLabel('Reason')).toHaveAccessibleDescription(/say why/);
  await expect(page.getByRole('region', { name: 'Found' })).toHaveCount(0);

  // Nothing given at all: the form as a whole is refused.
  await form.getByLabel('Family name').fill('');
  await form.getByLabel('Reason').fill(REASON);
  await form.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not search' })).toContainText('name the person by at least one of');
});
