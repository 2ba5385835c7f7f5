/** Every page of the console, reached as a person would, with data on it to show. */
import type { Page } from '@playwright/test';
import { PAGE_IDS } from '../../../shared/domain/pages';
import type { EmulatorProcess } from '../../support/emulator-process';
import type { HostContractClient } from '../../support/host-contract-client';
import { expect } from './console';
import { enterTestCases, failTascomiJob } from './log';

/** The names in the navigation, in its order; there is one link for every page the console has. */
export async function pageNames(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
  await expect(links).toHaveCount(PAGE_IDS.length);
  return (await links.allInnerTexts()).map((name) => name.trim());
}

/** A Tascomi connection, a template, cases, a failed job and log entries: no page is only its empty state. */
export async function giveEveryPageSomething(contract: HostContractClient, tascomi: EmulatorProcess): Promise<{ jobId: number; caseId: string; templateId: number }> {
  const failed = await failTascomiJob(contract, tascomi);
  await enterTestCases(contract, 'PAGE-SEED', 3);
  const [template] = await contract.call('listTemplates');
  return { ...failed, templateId: template!.id };
}
