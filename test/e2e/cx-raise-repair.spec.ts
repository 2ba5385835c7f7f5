/**
 * An admin connects Civica Cx, designs a "Raise repair" template against the housing repair sample
 * (with the keyboard, by dragging and with fixed text), and saves it; support staff apply it to a
 * tenant's case, watch the job succeed and the new repair's reference arrive in the case's
 * References, and Cx holds exactly that one repair, with one task and one works order, each with
 * the job's client reference. A case whose tenant
 * reference matches no contact fails at once, naming the Contact.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startCivicaCxEmulatorProcess, type CivicaCxEmulatorProcess } from '../support/emulator-process';
import { caseHeading, caseRow, caseSection, importCaseFile, valueOf } from './support/cases';
import { expect, openConsole, test, useHostPerFile } from './support/console';
import { connectorTarget, drag, importCxRaiseRepairTemplate, newTemplateOfKind, tile } from './support/templates';
import { connectCivicaCx } from './support/civica-cx';

const host = useHostPerFile();
let cx: CivicaCxEmulatorProcess;
let facts: { contactReference: string };
test.beforeAll(async () => {
  cx = await startCivicaCxEmulatorProcess();
  facts = ((await (await fetch(`${cx.adminUrl}/demo`)).json()) as { facts: typeof facts }).facts;
});
test.afterAll(async () => {
  await cx?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });

const housingRepair = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/sample-cases/housing-repair.json'), 'utf8')) as Record<string, unknown> & {
  fields: Record<string, unknown>;
};
const tenantCase = (id: string, tenantReference: string) => ({ ...housingRepair, id, fields: { ...housingRepair.fields, tenant_reference: tenantReference } });

interface CxRecord {
  clientReference: string | null;
  [field: string]: unknown;
}

/** Every record of a kind the emulator holds, through its admin API (no auth, never logged). */
async function cxRecords(kind: 'repairs' | 'tasks' | 'works-orders'): Promise<CxRecord[]> {
  const body = (await (await fetch(`${cx.adminUrl}/records/${kind}`)).json()) as CxRecord[] | { records: CxRecord[] };
  return Array.isArray(body) ? body : body.records;
}
const cxRepairs = () => cxRecords('repairs');
/** What the jobs of a case made: their client references start with the case id. */
const ofCase = async (kind: 'repairs' | 'tasks' | 'works-orders', caseId: string) => (await cxRecords(kind)).filter((r) => r.clientReference?.startsWith(`${caseId}/`));

const cxField = (page: Page, name: RegExp) => connectorTarget(page, 'Civica Cx fields', name);
const payloadRow = (page: Page, label: string) =>
  page
    .getByRole('table', { name: 'Payload' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });

/** The keyboard way: a tile picked with Enter, then the field pressed with Enter. */
async function pickAndMap(page: Page, tileName: string, field: RegExp) {
  await tile(page, tileName).focus();
  await page.keyboard.press('Enter');
  await expect(tile(page, tileName)).toHaveAttribute('aria-pressed', 'true');
  await cxField(page, field).focus();
  await page.keyboard.press('Enter');
}

/** Opens the case and applies the template by hand; gives the queued job's row in the case's Jobs. */
async function applyTemplate(page: Page, caseId: string, templateName: string): Promise<{ jobId: string; jobRow: Locator }> {
  await caseRow(page, caseId).click();
  await expect(caseHeading(page, caseId)).toBeVisible();
  const jobs = caseSection(page, 'Jobs');
  await jobs.getByRole('combobox', { name: 'Outgoing template' }).click();
  await page.getByRole('option', { name: new RegExp(`^${templateName} — Civica Cx: Raise repair \\(outgoing\\), version 1$`) }).click();
  await jobs.getByRole('button', { name: 'Apply template' }).click();
  const queued = jobs.getByRole('status');
  await expect(queued).toHaveText(new RegExp(`^Queued job (\\d+): '${templateName}' version 1 for case ${caseId}\\.$`));
  const jobId = /Queued job (\d+)/.exec((await queued.textContent()) ?? '')![1]!;
  const jobRow = jobs
    .getByRole('table', { name: 'Jobs' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: jobId, exact: true }) });
  return { jobId, jobRow };
}

test('a Raise repair template is designed and saved; applied to a tenant case, the job raises one repair in Cx and the case keeps its reference', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);

  await newTemplateOfKind(page, 'Cx raise repair', 'Civica Cx: Raise repair (outgoing)', 'Cx repair');
  await expect(page.getByText('Raise repair (outgoing) · not saved yet')).toBeVisible();
  await page.getByRole('combobox', { name: 'Sample case' }).click();
  await page.getByRole('option', { name: /Housing repair/ }).click();

  // Cx's fields only: no Tascomi fields, no additional fields, no Request Code conditions.
  const fields = page.getByRole('region', { name: 'Civica Cx fields' });
  await expect(fields.getByRole('heading', { name: 'Civica Cx fields' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Tascomi fields' })).toHaveCount(0);
  await expect(fields.getByRole('group', { name: 'Additional fields' })).toHaveCount(0);
  await expect(fields.getByText('required', { exact: true })).toHaveCount(9);
  for (const group of ['Repair', 'Task', 'Works order']) await expect(fields.getByRole('group', { name: group, exact: true })).toBeVisible();
  await expect(fields.getByRole('group', { name: 'Works order' }).getByRole('button', { name: /^Trade/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('is required to create');

  const announcements = page.getByRole('status', { name: 'Designer announcements' });
  await pickAndMap(page, 'tenant_reference', /^Contact \(tenant reference\)/);
  await expect(announcements).toHaveText("Mapped case field 'tenant_reference' to Contact (tenant reference)");
  await expect(payloadRow(page, 'Contact (tenant reference)')).toContainText('C0104417');

  await drag(page, tile(page, 'repair_description'), cxField(page, /^Description/));
  await expect(announcements).toHaveText("Mapped case field 'repair_description' to Description");
  await expect(payloadRow(page, 'Description')).toContainText('kitchen sink tap drips');

  for (const [tileName, field] of [
    ['sor_code', /^SOR code/],
    ['repair_type', /^Repair type/],
    ['contract', /^Contract/],
    ['category', /^Category/],
  ] as const) {
    await pickAndMap(page, tileName, field);
    await expect(cxField(page, field)).not.toContainText('required');
  }

  // A code as fixed text: free text (Cx's code lists cannot be read), no Request Code condition.
  await pickAndMap(page, 'Fixed text', /^Priority/);
  const priorityRow = page.getByRole('group', { name: 'Row 7: Priority' });
  await priorityRow.getByRole('textbox', { name: 'Fixed text' }).fill('U');
  await expect(payloadRow(page, 'Priority')).toHaveText(/^Priority\s*U$/);
  await expect(page.getByRole('region', { name: 'Mapped rows' }).getByRole('textbox', { name: 'Only for Request Codes' })).toHaveCount(0);

  // The works order's mandatory fields: the category as its trade, and who raised it as fixed text.
  await pickAndMap(page, 'category', /^Trade/);
  await pickAndMap(page, 'Fixed text', /^Raised by/);
  await page.getByRole('group', { name: 'Row 9: Raised by' }).getByRole('textbox', { name: 'Fixed text' }).fill('Repairs Contact Centre');
  await expect(payloadRow(page, 'Raised by')).toHaveText(/^Raised by\s*Repairs Contact Centre$/);

  await expect(fields.getByText('required', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Preview' }).getByText('No problems.')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to templates' }).click();
  const listed = page
    .getByRole('table', { name: 'Templates' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Cx raise repair', exact: true }) });
  await expect(listed).toContainText('Civica Cx: Raise repair (outgoing)');
  await expect(listed).toContainText('Cx repair');

  // The tenant's case arrives and the template is applied by hand.
  await importCaseFile(page, 'housing-repair.json', [tenantCase('E2E-CX-1', facts.contactReference)]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('1 of 1 case stored');
  const { jobRow } = await applyTemplate(page, 'E2E-CX-1', 'Cx raise repair');

  await expect(jobRow.getByRole('cell').nth(2)).toHaveText('succeeded');
  const repairReference = valueOf(page, 'References', 'Cx repair');
  await expect(repairReference).toHaveText(/^REP\d+$/);
  const reference = (await repairReference.textContent())!;
  await expect(jobRow.getByRole('cell').nth(5)).toHaveText(reference);

  const repairs = await ofCase('repairs', 'E2E-CX-1');
  expect(repairs).toHaveLength(1);
  expect(repairs[0]).toMatchObject({ repairReference: reference, sorCode: '603021', priority: 'U', status: 'Issued' });
  expect(repairs[0]!.description).toContain('The kitchen sink tap drips all the time');
  const tasks = await ofCase('tasks', 'E2E-CX-1');
  expect(tasks).toEqual([expect.objectContaining({ repairReference: reference, sorCode: '603021', quantity: 1 })]);
  const orders = await ofCase('works-orders', 'E2E-CX-1');
  expect(orders).toEqual([
    expect.objectContaining({
      repairReference: reference,
      priority: 'U',
      contract: 'NBRM01',
      trade: 'PLUMB',
      raisedBy: 'Repairs Contact Centre',
      tasks: [expect.objectContaining({ taskId: tasks[0]!.taskId })],
    }),
  ]);
});

test('a case whose tenant reference matches no Cx contact fails at once, naming the Contact', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);
  await importCxRaiseRepairTemplate(page, 'Cx raise repair (file)', 'Cx repair');
  const before = (await cxRepairs()).length;

  await importCaseFile(page, 'unknown-tenant.json', [tenantCase('E2E-CX-2', 'C0000000')]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('1 of 1 case stored');
  const { jobRow } = await applyTemplate(page, 'E2E-CX-2', 'Cx raise repair \\(file\\)');

  await expect(jobRow.getByRole('cell').nth(2)).toHaveText('failed');
  await expect(jobRow.getByRole('cell').nth(3)).toHaveText(/^1 of \d+$/);
  const lastError = jobRow.getByRole('cell').nth(6);
  // The tenant reference is personal (the Contact field): the case's page shows the job's error with it hidden.
  await expect(lastError).toContainText("Contact (tenant reference): no Civica Cx contact in company NBH has the reference '[personal: 8 chars]'");
  await expect(lastError).not.toContainText('C0000000');
  await expect(lastError).toContainText('validation');
  await expect(valueOf(page, 'References', 'Cx repair')).toHaveCount(0);
  expect(await cxRepairs()).toHaveLength(before);
});
