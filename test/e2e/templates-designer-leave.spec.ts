/**
 * The designer has its own address (`#/templates/<id>`): a reload shows the same template, and Back
 * closes it. Unsaved work is never lost without a word: every way out of the designer, and out of
 * a settings form, asks first, and Stay keeps the work. The preview stays in view while mapping.
 */
import type { Page } from '@playwright/test';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { drag, newCreateTemplate, target, tile } from './support/templates';

const host = useHostPerFile();
test.use({ viewport: { width: 1440, height: 900 } });

const leaveQuestion = (page: Page) => page.getByRole('dialog', { name: 'Leave without saving?' });
const templateName = (page: Page) => page.getByRole('textbox', { name: 'Template name' });
const templateId = (page: Page) => Number(/#\/templates\/(\d+)$/.exec(page.url())?.[1]);

/** A saved template, left open in the designer; its id. */
async function savedTemplate(page: Page, name: string, reference: string): Promise<number> {
  await newCreateTemplate(page, name, reference);
  await expect(page).toHaveURL(/#\/templates\/new$/);
  await drag(page, tile(page, 'waste_type'), target(page, /^Request Code/));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible();
  // Its first save gives it an address of its own, in place of the new template's.
  await expect(page).toHaveURL(/#\/templates\/\d+$/);
  return templateId(page);
}

async function stay(page: Page) {
  await expect(leaveQuestion(page)).toContainText('leaving now loses them');
  await leaveQuestion(page).getByRole('button', { name: 'Stay' }).click();
  await expect(leaveQuestion(page)).toBeHidden();
}

test('a template opens at its own address, which survives a reload; Back to templates and the browser Back close it', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  const id = await savedTemplate(page, 'Fly-tipping by address', 'Address SR number');

  await page.reload();
  await expect(templateName(page)).toHaveValue('Fly-tipping by address');
  await expect(page).toHaveURL(new RegExp(`#/templates/${id}$`));

  await page.getByRole('button', { name: 'Back to templates' }).click();
  await expect(page).toHaveURL(/#\/templates$/);
  const row = page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: 'Fly-tipping by address' });
  await row.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(templateName(page)).toHaveValue('Fly-tipping by address');
  await expect(page).toHaveURL(new RegExp(`#/templates/${id}$`));
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Templates' })).toBeVisible();
  await expect(page).toHaveURL(/#\/templates$/);

  // An address that names no template says so, and shows the list.
  await page.goto(`${host().consoleUrl.split('#')[0]}#/templates/999999`);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open the template' })).toBeVisible();
  await expect(page).toHaveURL(/#\/templates$/);
});

test('leaving the designer with unsaved changes asks; Stay keeps the work, whichever way out was taken', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  const id = await savedTemplate(page, 'Fly-tipping unsaved', 'Unsaved SR number');
  await templateName(page).fill('Fly-tipping renamed, not saved');

  await navLink(page, 'Jobs').click();
  await stay(page);
  await expect(page).toHaveURL(new RegExp(`#/templates/${id}$`));

  await page.getByRole('button', { name: 'Back to templates' }).click();
  await stay(page);

  await page.goBack();
  await stay(page);
  await expect(page).toHaveURL(new RegExp(`#/templates/${id}$`));
  await expect(templateName(page)).toHaveValue('Fly-tipping renamed, not saved');
  await expect(pageHeading(page, 'Templates')).toBeVisible();

  await page.getByRole('button', { name: 'Back to templates' }).click();
  await leaveQuestion(page).getByRole('button', { name: 'Leave and lose the changes' }).click();
  const templates = page.getByRole('table', { name: 'Templates' });
  await expect(templates.getByRole('row').filter({ hasText: 'Fly-tipping unsaved' })).toHaveCount(1);
  await expect(templates).not.toContainText('renamed, not saved');

  // Leaving a just-created template, never saved, asks too.
  await newCreateTemplate(page, 'Never saved', 'Never saved SR number');
  await navLink(page, 'Log').click();
  await expect(leaveQuestion(page)).toContainText("the template 'Never saved'");
  await leaveQuestion(page).getByRole('button', { name: 'Leave and lose the changes' }).click();
  await expect(pageHeading(page, 'Log')).toBeVisible();
});

test('a settings form with unsaved changes asks before the page is left', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByLabel('API base url').fill('https://tascomi.example.gov.uk/rest');

  await navLink(page, 'Jobs').click();
  await expect(leaveQuestion(page)).toContainText('the Tascomi settings');
  await stay(page);
  await expect(form.getByLabel('API base url')).toHaveValue('https://tascomi.example.gov.uk/rest');

  await navLink(page, 'Jobs').click();
  await leaveQuestion(page).getByRole('button', { name: 'Leave and lose the changes' }).click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(page).toHaveURL(/#\/jobs/);
});

test('the preview stays in view while mapping the lowest fields at 1440x900, and is below the fields at 1024x700', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newCreateTemplate(page, 'Preview in view', 'Preview SR number');
  const preview = page.getByRole('region', { name: 'Preview' });
  const fields = page.getByRole('region', { name: 'Tascomi fields' });
  const lowest = fields.locator('[data-target]').last();
  await lowest.scrollIntoViewIfNeeded();
  await expect(lowest).toBeInViewport();
  await expect(preview.getByRole('heading', { name: 'Preview' })).toBeInViewport();
  await page.screenshot({ path: 'test-results/designer-1440-light.png' });
  await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('Dark', { exact: true }).click();
  await page.screenshot({ path: 'test-results/designer-1440-dark.png' });

  await page.setViewportSize({ width: 1024, height: 700 });
  await preview.scrollIntoViewIfNeeded();
  await expect(preview.getByRole('heading', { name: 'Preview' })).toBeInViewport();
  await page.screenshot({ path: 'test-results/designer-1024-dark.png', fullPage: true });
  await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('Light', { exact: true }).click();
});
