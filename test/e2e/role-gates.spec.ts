/**
 * The console hides what a person's role may not do. The loopback host's one person is an
 * administrator, so here the engine's answer to "who am I" is changed on its way to the page (the
 * rest of the traffic passes untouched) to be a support person's or a viewer's. The engine's own
 * refusal of such calls is tested by the permission tests; signing in as such a person is tested
 * once issue 18's parts are merged.
 */
import type { Page } from '@playwright/test';
import { ROLE_PERMISSIONS, type Role } from '../../shared/domain/people';
import { expect, navLink, pageHeading, test, useHostPerFile } from './support/console';

const host = useHostPerFile();

/** Passes the console's WebSocket through, with whoAmI answered as `role`. */
async function actAs(page: Page, role: Role): Promise<void> {
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    const whoAmICalls = new Set<number>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id: number; name?: string };
      if (frame.type === 'call' && frame.name === 'whoAmI') whoAmICalls.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id: number; result?: { ok: boolean; value?: Record<string, unknown> } };
      if (frame.type !== 'result' || !whoAmICalls.has(frame.id) || !frame.result?.ok) return ws.send(message);
      frame.result.value = { ...frame.result.value, name: `Test ${role}`, role, permissions: [...ROLE_PERMISSIONS[role]] };
      ws.send(JSON.stringify(frame));
    });
  });
}

test('a support person is not offered Connections, and reaching it by its address says whose page it is', async ({ page }) => {
  await actAs(page, 'support');
  const url = new URL(host().consoleUrl);
  url.hash = '#/connections';
  await page.goto(url.toString());
  await expect(pageHeading(page, 'Connections')).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Your role (Support) cannot open Connections; administrators can.');
  await expect(page.getByRole('form', { name: 'Tascomi settings' })).toHaveCount(0);

  const names = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts();
  expect(names.map((n) => n.trim())).toEqual(['Templates', 'Rules', 'Cases', 'Tenants', 'Jobs', 'Alerts', 'Log', 'Network']);
  await expect(page.getByRole('banner').getByText('Support', { exact: true })).toBeVisible();

  // Support may send test cases in but not change templates.
  await navLink(page, 'Templates').click();
  await expect(pageHeading(page, 'Templates')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New', exact: true })).toHaveCount(0);
  await navLink(page, 'Cases').click();
  await expect(page.getByRole('button', { name: 'New test case' })).toBeVisible();
});

test('a viewer changes nothing: no theme switch, no test cases, no queue pause', async ({ page }) => {
  await actAs(page, 'viewer');
  await page.goto(host().consoleUrl);
  await expect(page.getByRole('banner').getByText('Viewer', { exact: true })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Colour scheme' })).toHaveCount(0);
  await navLink(page, 'Cases').click();
  await expect(pageHeading(page, 'Cases')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New test case' })).toHaveCount(0);
  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tascomi' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  // Opening a page a viewer may see does not try to change the shared preferences (they may not).
  await expect(page.getByRole('alert').filter({ hasText: 'Could not remember the page you opened' })).toHaveCount(0);
});
