/**
 * `npm run serve -- --host 0.0.0.0 --tls self-signed`: the built host on every address of this
 * machine, signing people in. A browser that reaches it by one of the machine's own names gets a
 * session and a WebSocket; a page under a foreign name (DNS rebinding: a name that is not this
 * machine's made to resolve here) gets neither, even from a browser that holds a session.
 *
 * Tests only ever connect to loopback: Chromium is told that this machine's name and a foreign
 * name both resolve to 127.0.0.1, and Node clients name the machine's network address in Host and
 * Origin, as another machine's browser would.
 */
import { hostname, networkInterfaces } from 'node:os';
import { test as base, expect, type Page } from '@playwright/test';
import { collectFrames, openConsoleSocket, until } from '../support/console-socket';
import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { postToHost } from '../support/host-sign-in';

const MACHINE = hostname().toLowerCase();
const FOREIGN = 'rebound.example';

const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, use) => use({ ...launchOptions, args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${MACHINE} 127.0.0.1, MAP ${FOREIGN} 127.0.0.1`] }),
    { scope: 'worker' },
  ],
});
// The server's own self-signed certificate: what is under test is which names it answers to.
test.use({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
test.describe.configure({ mode: 'serial' });

/** This machine's first IPv4 address that is not loopback (what another machine would use). */
const networkAddress = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => i.family === 'IPv4' && !i.internal)?.address;

const PASSWORD = 'a long enough password';
let host: HostProcess;
test.beforeAll(async () => {
  host = await startHostProcess({ extraArgs: ['--host', '0.0.0.0', '--tls', 'self-signed'] });
});
test.afterAll(async () => {
  if (!host) return;
  await host.stop();
  removeDataDir(host.dataDir);
});

const at = (name: string) => `https://${name}:${host.port}`;

/** A POST as the console's own page makes it (same Origin, JSON), from the page the browser has open. */
function postFromPage(page: Page, path: string, body: unknown) {
  return page.evaluate(
    async ({ path, body }) => {
      const answer = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: answer.status, json: (await answer.json()) as Record<string, unknown> };
    },
    { path, body },
  );
}

/** What the page's own WebSocket to its server gets: who it is, or that it never opened. */
function whoAmIFromPage(page: Page) {
  return page.evaluate(
    (pageHost) =>
      new Promise<{ opened: boolean; name?: string; role?: string; closeCode?: number }>((resolve) => {
        const ws = new WebSocket(`wss://${pageHost}/ws`);
        let opened = false;
        ws.onopen = () => {
          opened = true;
          ws.send(JSON.stringify({ type: 'call', id: 1, name: 'whoAmI', input: {} }));
        };
        ws.onmessage = (event) => {
          const frame = JSON.parse(String(event.data)) as { type: string; id?: number; result?: { ok: boolean; value?: { name: string; role: string } } };
          if (frame.type !== 'result' || frame.id !== 1) return;
          ws.close();
          resolve({ opened, name: frame.result?.value?.name, role: frame.result?.value?.role });
        };
        ws.onclose = (event) => resolve({ opened, closeCode: event.code });
      }),
    new URL(page.url()).host,
  );
}

test('prints this machine and its other names, and the first administrator sets up from the machine’s name in a browser', async ({ page }) => {
  expect(host.consoleUrl).toBe(`${at('127.0.0.1')}/`);
  expect(host.output()).toContain('people sign in with their accounts');
  expect(host.output()).toContain(`  ${at(MACHINE)}/`);
  if (networkAddress) expect(host.output()).toContain(`  ${at(networkAddress)}/`);
  const setupCode = /enter the setup code (\S+)/.exec(host.output())?.[1];
  expect(setupCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  await page.goto(`${at(MACHINE)}/`);
  expect(await postFromPage(page, '/auth/setup', { code: setupCode, username: 'alex', displayName: 'Alex Admin', password: PASSWORD })).toEqual({
    status: 200,
    json: { ok: true },
  });
  expect(await whoAmIFromPage(page)).toEqual({ opened: true, name: 'Alex Admin', role: 'administrator' });
});

test('a page under a foreign name gets no WebSocket and no sign-in, even in a browser with a session here', async ({ page }) => {
  await page.goto(`${at(MACHINE)}/`);
  expect(await postFromPage(page, '/auth/sign-in', { username: 'alex', password: PASSWORD })).toEqual({ status: 200, json: { ok: true } });

  await page.goto(`${at(FOREIGN)}/`);
  const refused = await whoAmIFromPage(page);
  expect(refused.opened).toBe(false);
  expect(refused.closeCode).toBe(1006);
  expect(await postFromPage(page, '/auth/sign-in', { username: 'alex', password: PASSWORD })).toMatchObject({ status: 403 });

  // The Host check does not rest on the browser keeping the cookie to its own name: with the session, still refused.
  const { cookie } = await postToHost(host, '/auth/sign-in', { username: 'alex', password: PASSWORD }, MACHINE);
  expect(cookie).toMatch(/^casebridge_session=/);
  await expect(openConsoleSocket(host, { cookie, hostHeader: `${FOREIGN}:${host.port}`, origin: at(FOREIGN) })).rejects.toThrow(/403/);
  // The Origin must be the Host's own, whatever the Host.
  await expect(openConsoleSocket(host, { cookie, hostHeader: `127.0.0.1:${host.port}`, origin: at(networkAddress ?? FOREIGN) })).rejects.toThrow(/403/);
});

test("another machine's browser, naming this machine by its network address, signs in and opens the WebSocket", async () => {
  test.skip(!networkAddress, 'this machine has no network address besides loopback');
  const named = networkAddress!;
  const signedIn = await postToHost(host, '/auth/sign-in', { username: 'alex', password: PASSWORD }, named);
  expect(signedIn.status).toBe(200);
  const ws = await openConsoleSocket(host, { cookie: signedIn.cookie, hostHeader: `${named}:${host.port}`, origin: at(named) });
  const frames = collectFrames(ws);
  ws.send(JSON.stringify({ type: 'call', id: 1, name: 'whoAmI', input: {} }));
  const answer = await until(() => frames.find((f) => f.type === 'result' && f.id === 1), 'the answer to whoAmI');
  expect(answer).toMatchObject({ type: 'result', result: { ok: true, value: { name: 'Alex Admin', role: 'administrator', source: 'local' } } });
  ws.close();
  // Without signing in there, the same address opens nothing.
  await expect(openConsoleSocket(host, { hostHeader: `${named}:${host.port}`, origin: at(named) })).rejects.toThrow(/401/);
});
