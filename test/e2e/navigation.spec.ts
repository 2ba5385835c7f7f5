import { connectionStatus, expect, navLink, openConsole, pageHeading, recordReceivedFrames, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

const PAGES: { name: string; explains: RegExp }[] = [
  { name: 'Connections', explains: /How casebridge reaches each back-office system, and how its queue sends and retries jobs\./ },
  { name: 'Templates', explains: /Mapping templates say what a case sends to a back office/ },
  { name: 'Rules', explains: /When a case of a given type is created or updated .* a rule applies an outgoing template\./ },
  { name: 'Cases', explains: /Cases received from the CRM .* apply a template by hand\./ },
  { name: 'Tenants', explains: /Civica Cx tenants: find a contact by reference, surname or postcode/ },
  { name: 'Jobs', explains: /Each back-office system's queue and its circuit breaker, the outcomes of recent hours, and every job/ },
  { name: 'Log', explains: /Everything the engine writes, newest first and live\./ },
  { name: 'Audit', explains: /Who looked at residents' data, when and why/ },
  { name: 'Network', explains: /This workstation's addresses and the public address remote systems see.*step-by-step diagnosis of each connection\./ },
  { name: 'Subject access', explains: /Answer a subject access request: find every case, job and log entry that names a person/ },
];

test('every page opens from the navigation, with its heading and what it is for', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  for (const { name, explains } of PAGES) {
    await navLink(page, name).click();
    await expect(pageHeading(page, name)).toBeVisible();
    await expect(page.getByRole('main').getByText(explains)).toBeVisible();
    await expect(navLink(page, name)).toHaveAttribute('aria-current', 'page');
    // Exactly one page is marked as the current one.
    await expect(page.getByRole('navigation', { name: 'Pages' }).locator('[aria-current="page"]')).toHaveCount(1);
  }
});

test('a nav link is reached with Tab and followed with Enter', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Connections').click();
  await expect(pageHeading(page, 'Connections')).toBeVisible();
  // Opening a page moves focus to its heading; Tab is counted from the top of a freshly loaded page.
  await page.reload();
  await expect(pageHeading(page, 'Connections')).toBeVisible();

  const templates = navLink(page, 'Templates');
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press('Tab');
    if (await templates.evaluate((link) => link.matches(':focus'))) break;
  }
  await expect(templates).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pageHeading(page, 'Templates')).toBeVisible();
  await expect(templates).toHaveAttribute('aria-current', 'page');
});

test('the last page opened is restored after a reload and in a console opened later', async ({ page, browser }) => {
  const frames = recordReceivedFrames(page);
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  // Wait for the engine to have stored the choice (its answer to setPreferences).
  await expect.poll(() => frames.some((frame) => frame.includes('"lastPage":"jobs"'))).toBe(true);

  await page.reload();
  await expect(connectionStatus(page)).toHaveText('Engine connected');
  await expect(pageHeading(page, 'Jobs')).toBeVisible();

  // A new console has no address of its own to go by: the page comes from the engine's preferences.
  const later = await browser.newContext();
  try {
    const laterPage = await later.newPage();
    await openConsole(laterPage, host().consoleUrl);
    await expect(pageHeading(laterPage, 'Jobs')).toBeVisible();
    await expect(navLink(laterPage, 'Jobs')).toHaveAttribute('aria-current', 'page');
  } finally {
    await later.close();
  }
});
