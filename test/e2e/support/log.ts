/** Steps the log viewer's tests share: the list's parts, and log entries made through the engine's contract. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { CallInput } from '../../../shared/contract';
import type { EmulatorProcess } from '../../support/emulator-process';
import type { HostContractClient } from '../../support/host-contract-client';
import { expect, navLink, openConsole, pageHeading } from './console';
import { flyTippingCreateDraft } from '../../support/fly-tipping-template';
import { tascomiSettingsFor } from '../../support/connector-settings';

export const logTable = (page: Page) => page.getByRole('table', { name: 'Recent log entries' });
/** The rows on screen (the list is virtual: far rows are not in the page). */
export const logRows = (page: Page) => logTable(page).locator('tbody tr');
export const logRowWith = (page: Page, text: string | RegExp) => logRows(page).filter({ hasText: text });
export const logFilters = (page: Page) => page.getByRole('search', { name: 'Log filters' });
/** "1 entry", "1,234 entries", "100,000+ entries": how many match the filters. */
export const matchingCount = (page: Page) => page.getByTitle('Entries matching the filters');
export const entryDrawer = (page: Page, id?: number) => page.getByRole('dialog', { name: id === undefined ? /^Log entry \d+$/ : `Log entry ${id}` });

/** Opens the console at `consoleUrl`, then the Log page from the navigation, once it shows entries. */
export async function openLogPage(page: Page, consoleUrl: string): Promise<void> {
  await openConsole(page, consoleUrl);
  await navLink(page, 'Log').click();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  await expect(logRows(page).first()).toBeVisible();
}

/**
 * Reveals an open entry's personal details as a person would with the keyboard: Reveal, the reason
 * typed into the form that asks why, Tab to its Reveal button, Enter. Answers the reason's field.
 */
export async function revealWithReason(drawer: Locator, reason: string): Promise<Locator> {
  await drawer.getByRole('button', { name: 'Reveal personal details' }).press('Enter');
  const field = drawer.getByRole('form', { name: 'Reveal personal details' }).getByRole('textbox', { name: 'Why do you need to see them?' });
  await expect(field).toBeFocused();
  if (reason) await field.pressSequentially(reason);
  await field.press('Tab');
  await expect(drawer.getByRole('button', { name: 'Reveal', exact: true })).toBeFocused();
  await drawer.page().keyboard.press('Enter');
  return field;
}

/** Picks options in one of the toolbar's multi-selects, as a person would with the mouse. */
export async function chooseInFilter(page: Page, label: string, options: string[]): Promise<void> {
  await logFilters(page).getByRole('combobox', { name: label, exact: true }).click();
  for (const option of options) await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** `count` test cases entered through the contract: each writes one info entry from `cases`. */
export async function enterTestCases(contract: HostContractClient, prefix: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await contract.call('submitCase', { case: { id: `${prefix}-${n}`, type: 'Noise complaint', fields: { description: `Music from flat ${n}` } } });
  }
}

const flyTipping = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../resources/sample-cases/fly-tipping.json'), 'utf8')) as { id: string };

/**
 * A Create Service Request job for the fly-tipping sample case that Tascomi refuses (a validation
 * failure, not retried): its attempt's logged request carries the reporter's details, marked personal.
 * Answers the job's id and the case's id once the job has failed.
 */
export async function failTascomiJob(contract: HostContractClient, tascomi: EmulatorProcess): Promise<{ jobId: number; caseId: string }> {
  const saved = await contract.call('saveTascomiSettings', { ...tascomiSettingsFor(tascomi), codeListTtlSeconds: 600 });
  expect(saved.saved, 'the Tascomi settings were saved').toBe(true);
  await contract.call('createReference', { name: 'SR number' });
  const template = await contract.call('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
  await contract.call('submitCase', { case: flyTipping as CallInput<'submitCase'>['case'] });
  await tascomi.admin('/faults', { forceValidationFailure: { resource: 'complaints', field: 'remarks', message: 'Remarks are not allowed today' } });
  const job = await contract.call('applyTemplate', { caseId: flyTipping.id, templateId: template.id });
  await expect.poll(async () => (await contract.call('queryLog', { filter: { jobId: job.id, outcomes: ['failed'] }, limit: 1 })).rows.length, { message: 'the job fails' }).toBe(1);
  return { jobId: job.id, caseId: flyTipping.id };
}
