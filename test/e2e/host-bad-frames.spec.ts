/**
 * The reproduction, black-box: the built headless host in its own process. A console that
 * sends a frame over the size limit, or a text frame that is not UTF-8, loses its own connection
 * (with the close code that says why) and nothing else: the host keeps running, another console
 * connected the whole time still gets answers, the problem is in the engine log, and the host
 * still stops cleanly afterwards (its database closed, so no write-ahead log is left behind).
 *
 * No browser page: the consoles are WebSocket clients with the console's origin and token.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { MAX_FRAME_BYTES } from '../../shared/wire';
import { removeDataDir } from '../support/host-process';
import { useHostPerTest } from './support/console';
import { closeOf, openConsoleSocket } from '../support/console-socket';
import { connectToHost } from '../support/host-contract-client';

const startHost = useHostPerTest();

test('a frame over the size limit or with invalid UTF-8 closes only that console; the host serves on and stops cleanly', async () => {
  const host = await startHost();
  const bystander = await connectToHost(host);

  const tooBig = await openConsoleSocket(host);
  const tooBigClosed = closeOf(tooBig);
  tooBig.send('x'.repeat(MAX_FRAME_BYTES + 1));
  expect((await tooBigClosed).code).toBe(1009); // message too big
  expect((await bystander.call('getAppInfo')).dataDir).toBe(host.dataDir);

  const notUtf8 = await openConsoleSocket(host);
  const notUtf8Closed = closeOf(notUtf8);
  notUtf8.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
  expect((await notUtf8Closed).code).toBe(1007); // invalid frame payload data

  expect(host.child.exitCode, host.output()).toBeNull();
  const info = await bystander.call('getAppInfo');
  expect(info.dataDir).toBe(host.dataDir);
  const log = await bystander.call('listRecentLog', { limit: 20 });
  const hostProblems = log.filter((e) => e.source === 'host' && e.level === 'warn').map((e) => e.message);
  expect(hostProblems.some((m) => /larger than/i.test(m))).toBe(true);
  expect(hostProblems.some((m) => /UTF-8/.test(m))).toBe(true);

  bystander.close();
  expect(await host.stop()).toBe(0);
  // SQLite removes the write-ahead log when the last connection closes cleanly.
  expect(existsSync(join(host.dataDir, 'casebridge.sqlite-wal'))).toBe(false);
});

test('a failure nothing else caught still closes the database before the host ends', async () => {
  // Loaded into the host before its own code: throws from a signal handler, where nothing catches.
  const preloadDir = mkdtempSync(join(tmpdir(), 'casebridge-preload-'));
  try {
    const preload = join(preloadDir, 'fail-on-signal.cjs');
    writeFileSync(preload, "process.on('SIGUSR2', () => { throw new Error('a failure nothing caught'); });\n");
    const host = await startHost({ env: { NODE_OPTIONS: `--require ${preload}` } });
    expect(await host.stop('SIGUSR2')).toBe(1);
    expect(host.output()).toMatch(/casebridge: unexpected failure: Error: a failure nothing caught/);
    expect(host.output()).toContain('casebridge: an unexpected failure, stopping.');
    expect(existsSync(join(host.dataDir, 'casebridge.sqlite-wal'))).toBe(false);
  } finally {
    removeDataDir(preloadDir);
  }
});
