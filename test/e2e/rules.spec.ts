/**
 * An admin sets up a rule: fly-tipping reports of household waste apply the Create template. A
 * second rule with the same name is refused at the name field; the rule is edited, disabled and
 * enabled, survives a reload, and is deleted only after confirming.
 */
import type { Page } from '@playwright/test';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { newCreateTemplate, target, tile } from './support/templates';

const host = useHostPerFile();
test.use({ viewport: { width: 1400, height: 1000 } });

const rulesTable = (page: Page) => page.getByRole('table', { name: 'Rules' });
const ruleRow = (page: Page, name: string) =>
  rulesTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
const ruleForm = (page: Page) => page.getByRole('form', { name: 'Rule' });

/** A minimal Create template (one mapped row), saved as version 1: a rule needs an outgoing template to apply. */
async function saveCreateTemplate(page: Page, name: string, reference: string) {
  await newCreateTemplate(page, name, reference);
  await tile(page, 'waste_type').click();
  await target(page, /^Request Code/).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to templates' }).click();
}

async function chooseTemplate(page: Page, name: RegExp) {
  await ruleForm(page).getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name }).click();
}

test('a rule is added with a condition, refused under a name in use, edited, switched off and on, and deleted after confirming', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await saveCreateTemplate(page, 'Fly-tipping create', 'Fly-tipping SR number');

  await navLink(page, 'Rules').click();
  await expect(pageHeading(page, 'Rules')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('No rules yet.');

  // Add, from the keyboard: New rule opens the form with the name field focused.
  await page.getByRole('button', { name: 'New rule' }).focus();
  await page.keyboard.press('Enter');
  const form = ruleForm(page);
  await expect(form.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await page.keyboard.type('Fly-tipping household waste');
  // The case type is suggested from the sample cases.
  await form.getByRole('combobox', { name: 'Case type' }).fill('fly');
  await page.getByRole('option', { name: 'Fly-tipping report' }).click();
  await expect(form.getByRole('combobox', { name: 'Case type' })).toHaveValue('Fly-tipping report');
  await form.getByRole('radio', { name: 'Created', exact: true }).check();
  await form.getByRole('checkbox', { name: 'Only when a case field has a given value' }).check();
  await form.getByRole('combobox', { name: 'Case field' }).fill('waste_type');
  await form.getByRole('textbox', { name: 'Equals' }).fill('Household waste and furniture');
  await chooseTemplate(page, /^Fly-tipping create/);
  await form.getByRole('button', { name: 'Add rule' }).click();

  await expect(page.getByRole('status').filter({ hasText: "Rule 'Fly-tipping household waste' added." })).toBeVisible();
  const row = ruleRow(page, 'Fly-tipping household waste');
  await expect(row).toContainText('Fly-tipping report');
  await expect(row).toContainText("waste_type is 'Household waste and furniture'");
  await expect(row.getByRole('cell', { name: 'Fly-tipping create', exact: true })).toBeVisible();
  await expect(row.getByRole('switch', { name: 'Enabled: Fly-tipping household waste' })).toBeChecked();

  // The same name (capitals aside) is refused, and the engine's reason shows at the name field.
  await page.getByRole('button', { name: 'New rule' }).click();
  await form.getByRole('textbox', { name: 'Name' }).fill('FLY-TIPPING household waste');
  await form.getByRole('combobox', { name: 'Case type' }).fill('Noise complaint');
  await chooseTemplate(page, /^Fly-tipping create/);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/another rule is named 'Fly-tipping household waste'/);
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
  await expect(rulesTable(page).getByRole('row')).toHaveCount(2); // header + the one rule

  // Edit: any event, and a different value.
  await row.getByRole('button', { name: 'Edit Fly-tipping household waste' }).click();
  await expect(form.getByRole('textbox', { name: 'Equals' })).toHaveValue('Household waste and furniture');
  await form.getByRole('radio', { name: 'Created or updated' }).check();
  await form.getByRole('textbox', { name: 'Equals' }).fill('Garden waste');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Rule 'Fly-tipping household waste' saved." })).toBeVisible();
  await expect(row).toContainText('Created or updated');
  await expect(row).toContainText("waste_type is 'Garden waste'");

  // Disable, then enable again, with the keyboard (Space toggles a switch).
  const enabled = row.getByRole('switch', { name: 'Enabled: Fly-tipping household waste' });
  const toggle = async () => {
    await expect(enabled).toBeEnabled();
    await enabled.press('Space');
  };
  await toggle();
  await expect(enabled).not.toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: "'Fly-tipping household waste' disabled." })).toBeVisible();
  await toggle();
  await expect(enabled).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: "'Fly-tipping household waste' enabled." })).toBeVisible();
  await toggle();
  await expect(page.getByRole('status').filter({ hasText: "'Fly-tipping household waste' disabled." })).toBeVisible();

  // The engine kept all of it.
  await page.reload();
  await expect(pageHeading(page, 'Rules')).toBeVisible();
  await expect(row).toContainText("waste_type is 'Garden waste'");
  await expect(row).toContainText('Created or updated');
  await expect(row.getByRole('switch', { name: 'Enabled: Fly-tipping household waste' })).not.toBeChecked();

  // Delete asks first; Cancel keeps the rule.
  await row.getByRole('button', { name: 'Delete Fly-tipping household waste' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete rule' });
  await expect(confirm).toContainText("Delete the rule 'Fly-tipping household waste'?");
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Delete Fly-tipping household waste' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Rule 'Fly-tipping household waste' deleted." })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('No rules yet.');
  await page.reload();
  await expect(page.getByRole('main')).toContainText('No rules yet.');
});

test('a rule without a template or a case type is not saved, and says so at the field', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await saveCreateTemplate(page, 'Pest control create', 'Pest control SR number');
  await navLink(page, 'Rules').click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = ruleForm(page);
  await form.getByRole('textbox', { name: 'Name' }).fill('No template');
  await form.getByRole('combobox', { name: 'Case type' }).fill('Pest control');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('combobox', { name: 'Template' })).toHaveAccessibleDescription(/choose the template the rule applies/);
  // An empty case type is the engine's objection, shown where it belongs.
  await form.getByRole('combobox', { name: 'Case type' }).fill('');
  await chooseTemplate(page, /^Pest control create/);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('combobox', { name: 'Case type' })).toHaveAccessibleDescription(/say which case type the rule is for/);
  await expect(form.getByRole('combobox', { name: 'Template' })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('main')).toContainText('No rules yet.');
});
