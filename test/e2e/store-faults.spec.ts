/**
 * The store's faults with the built headless host in its own process, as in production: a host killed
 * in the middle of writes starts again with an intact store and everything it acknowledged; a second
 * host on the same data folder refuses to start, saying which folder and which process holds it; and
 * a disk that fills under a running host puts a banner on the console, which goes once space is back.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import { postCase } from '../support/crm';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { makeDataDir, removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk';
import { expect, openConsole, test } from './support/console';

const TOKEN = 'store-faults-spec-session-token-01';
const SECRET = 'store-faults-spec-shared-secret-0123456789';

interface Run {
  dataDir: string;
  hosts: HostProcess[];
  contracts: HostContractClient[];
  disk?: SmallDisk;
}
let run: Run | undefined;

test.afterEach(async () => {
  if (!run) return;
  for (const contract of run.contracts) contract.close();
  for (const host of run.hosts) await host.stop();
  run.disk?.free();
  run.disk?.unmount();
  if (!run.disk) removeDataDir(run.dataDir);
  run = undefined;
});

async function startHost(r: Run): Promise<{ host: HostProcess; contract: HostContractClient }> {
  const host = await startHostProcess({ dataDir: r.dataDir, token: TOKEN });
  r.hosts.push(host);
  const contract = await connectToHost(host);
  r.contracts.push(contract);
  return { host, contract };
}

/** Posts as a CRM does; answers the status (0 when no answer came: the host is gone). */
async function post(url: string, id: string, notes = ''): Promise<number> {
  return (await postCase(url, SECRET, { id, type: 'Fly-tipping report', status: 'Submitted', fields: { description: `Bags dumped, case ${id}`, notes }, dates: {} })).status;
}

test('a host killed during writes starts again with an intact store holding everything it acknowledged', async () => {
  test.setTimeout(120_000);
  const r: Run = (run = { dataDir: makeDataDir(), hosts: [], contracts: [] });
  let { host, contract } = await startHost(r);
  let url = (await contract.call('saveIntakeSettings', { enabled: true, host: '127.0.0.1', port: 0, secret: SECRET })).status.url!;
  const acknowledged: string[] = [];
  let serial = 0;

  for (let round = 1; round <= 3; round++) {
    // Sixteen posters and the console's own writes (theme changes) at once; SIGKILL once enough were accepted.
    let killed = false;
    const posters = Array.from({ length: 16 }, async () => {
      while (!killed) {
        const id = `KILL-${round}-${++serial}`;
        if ((await post(url, id)) === 202) acknowledged.push(id);
      }
    });
    // A call sent as the host dies is never answered: each waits a second at most. One refused at
    // once (the socket already closed) waits a moment before the next, so the loop never spins.
    const console = (async () => {
      for (let i = 0; !killed; i++) {
        const answered = await Promise.race([
          contract.call('setPreferences', { theme: i % 2 ? 'dark' : 'light' }).then(
            () => true,
            () => false,
          ),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
        ]);
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(round * 150);
    host.child.kill('SIGKILL');
    expect(await host.stop()).toBeNull();
    killed = true;
    await Promise.all([...posters, console]);

    ({ host, contract } = await startHost(r));
    const started = (await contract.call('listRecentLog', { limit: 50 })).find((e) => e.message.startsWith('Engine started'));
    expect(started?.message).toMatch(/store checked at start \(the last stop was not clean\): intact/);
    url = (await contract.call('getIntakeSettings')).status.url!;
  }

  const missing: string[] = [];
  for (const id of acknowledged) await contract.call('getCase', { id }).catch(() => missing.push(id));
  expect(missing, 'cases answered 202 before a kill but not in the store').toEqual([]);
  expect(acknowledged.length).toBeGreaterThanOrEqual(450);

  await host.stop();
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
});

test('a second host on the same data folder refuses to start, naming the folder and the host that holds it', async () => {
  const r: Run = (run = { dataDir: makeDataDir(), hosts: [], contracts: [] });
  const { host } = await startHost(r);
  const second = startHostProcess({ dataDir: r.dataDir, token: TOKEN });
  await expect(second).rejects.toThrow(
    new RegExp(
      `host exited with 1 before it was ready:\\s*casebridge: could not start: The data folder ${r.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another casebridge \\(process ${host.child.pid} on `,
    ),
  );
  // The first host carries on.
  const contract = await connectToHost(host);
  r.contracts.push(contract);
  expect((await contract.call('getAppInfo')).dataDir).toBe(r.dataDir);
});

test('a disk filling under a running host shows a banner on every console page until space is back', async ({ page }) => {
  const disk = mountSmallDisk(24);
  test.skip('skip' in disk, 'skip' in disk ? disk.skip : '');
  const mounted = disk as SmallDisk;
  const r: Run = (run = { dataDir: join(mounted.dir, 'casebridge'), hosts: [], contracts: [], disk: mounted });
  const { host, contract } = await startHost(r);
  const url = (await contract.call('saveIntakeSettings', { enabled: true, host: '127.0.0.1', port: 0, secret: SECRET })).status.url!;
  await openConsole(page, host.consoleUrl);
  await expect(page.getByRole('alert')).toHaveCount(0);

  mounted.fill();
  let refused = 0;
  for (let n = 1; n <= 3000 && refused === 0; n++) if ((await post(url, `FULL-${n}`, 'x'.repeat(4000))) === 500) refused = n;
  expect(refused, 'the webhook never answered 500 on a full disk').toBeGreaterThan(0);

  const full = page.getByRole('alert', { name: 'casebridge cannot write its database' });
  await expect(full).toBeVisible();
  await expect(full).toContainText(`The disk holding ${join(r.dataDir, DATABASE_FILE)} is full`);
  await expect(full).toContainText('Since ');
  await expect(full).toHaveAttribute('tabindex', '0');
  const lost = page.getByRole('alert', { name: 'Log entries are being lost' });
  await expect(lost).toContainText(/\d+ log entr(y|ies) could not be stored/);
  // On every page: the banner belongs to the console, not to one page.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(full).toBeVisible();

  // What the console itself tried to write meanwhile (the page it opened) failed, and said why in the same words.
  const problem = page.getByRole('alert', { name: 'Something went wrong' });
  await expect(problem).toContainText('is full: casebridge cannot store anything');

  mounted.free();
  await expect.poll(() => post(url, 'AFTER-FREE-1')).toBe(202);
  await expect(full).toHaveCount(0);
  await expect(lost).toHaveCount(0);
  await problem.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
