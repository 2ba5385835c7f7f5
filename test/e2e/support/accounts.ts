/**
 * A casebridge server in accounts mode (HTTPS with a self-signed certificate) for the browser tests
 * of sign-in and roles: started as `npm run serve -- --tls self-signed` would be, with the
 * fingerprint it printed, and the contract as a signed-in person (sign-in itself:
 * test/support/host-sign-in.ts).
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { connectToHost, type HostContractClient } from '../../support/host-contract-client';
import { startHostProcess, type HostProcess } from '../../support/host-process';

export async function startServerProcess(extraArgs: string[] = []): Promise<HostProcess> {
  return startHostProcess({ extraArgs: ['--tls', 'self-signed', ...extraArgs], timeoutMs: 30_000 });
}

/** The certificate fingerprint the server printed at start. */
export function fingerprintOf(host: HostProcess): string {
  const match = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]+)/.exec(host.output());
  if (!match) throw new Error(`the server printed no fingerprint:\n${host.output()}`);
  return match[1]!;
}

/** The contract over the server's WebSocket, as the person whose session cookie this is. */
export function contractAs(host: HostProcess, cookie: string): Promise<HostContractClient> {
  return connectToHost(host, 10_000, cookie);
}

/** A browser of its own (its own cookies), as on another person's desk. */
export async function desk(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  return { context, page: await context.newPage() };
}

/** Signs in on the server's sign-in screen as a person would, with a user name and password. */
export async function signInWithPassword(page: Page, host: HostProcess, username: string, password: string): Promise<void> {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User name').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}
