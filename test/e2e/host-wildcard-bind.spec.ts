/**
 * `npm run serve -- --host 0.0.0.0`: the built host listening on every address of this machine.
 * The console URL it prints opens on this machine; a console naming the machine's own network
 * address (when it has one) is served too; a name that is not this machine's is still refused, as
 * DNS rebinding.
 */
import { networkInterfaces } from 'node:os';
import { expect, openConsole, test } from './support/console';
import { collectFrames, openConsoleSocket, until } from '../support/console-socket';
import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';

let host: HostProcess | undefined;
test.beforeAll(async () => {
  host = await startHostProcess({ extraArgs: ['--host', '0.0.0.0'] });
});
test.afterAll(async () => {
  if (!host) return;
  await host.stop();
  removeDataDir(host.dataDir);
});

/** This machine's first IPv4 address that is not loopback (what another machine would use). */
const networkAddress = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => i.family === 'IPv4' && !i.internal)?.address;

test('prints a console URL that opens on this machine, with the warning and the other addresses', async ({ page }) => {
  const h = host!;
  expect(h.output()).toContain('WARNING: listening on 0.0.0.0, which other machines can reach');
  expect(h.consoleUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/\\?token=`));
  if (networkAddress) expect(h.output()).toContain(`  http://${networkAddress}:${h.port}/?token=${h.token}`);
  await openConsole(page, h.consoleUrl);
});

test("answers a console that names the machine by its network address, as another machine's browser does", async () => {
  test.skip(!networkAddress, 'this machine has no network address besides loopback');
  const h = host!;
  // Tests only ever connect to loopback: what another machine's browser sends that differs is the
  // Host and Origin it names, which is what the host checks.
  const named = `${networkAddress}:${h.port}`;
  const ws = await openConsoleSocket(h, { hostHeader: named, origin: `http://${named}` });
  const frames = collectFrames(ws);
  ws.send(JSON.stringify({ type: 'call', id: 1, name: 'getAppInfo', input: {} }));
  const answer = await until(() => frames.find((f) => f.type === 'result' && f.id === 1), 'the answer to getAppInfo');
  expect(answer).toMatchObject({ type: 'result', result: { ok: true } });
  ws.close();
});

test('still refuses a Host that is not this machine (DNS rebinding)', async () => {
  const h = host!;
  const foreign = `rebound.example:${h.port}`;
  await expect(openConsoleSocket(h, { hostHeader: foreign, origin: `http://${foreign}` })).rejects.toThrow(/403/);
  // The Origin must match the Host exactly, whatever the Host.
  await expect(openConsoleSocket(h, { hostHeader: `127.0.0.1:${h.port}`, origin: networkAddress ? `http://${networkAddress}:${h.port}` : 'http://localhost:1' })).rejects.toThrow(
    /403/,
  );
});
