/**
 * Large calls over the host's WebSocket, end to end in one process: the console's own transport
 * (renderer/src/api/ws-transport.ts, on the `ws` client) cuts them into parts, the real host puts
 * them back together within its budget, and a real engine stores what they carry.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import type { Transport } from '../../../renderer/src/api/transport';
import { PART_CHARS } from '../../../shared/call-parts';
import { IMPORT_CASES_MAX_CHARS } from '../../../shared/import-limits';
import type { ServerFrame } from '../../../shared/wire';
import { casesFile } from '../../support/case-files';
import { closeOf, collectFrames, openConsoleSocket, until } from '../../support/console-socket';
import { consoleTransport } from '../../support/console-transport';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
let host: RunningHost;
const transports: Transport[] = [];

beforeAll(async () => {
  t = startTestEngine();
  host = await startHost({ engine: t.engine, rendererDir: join(t.dataDir, 'no-renderer'), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const transport of transports) transport.close();
  await host.close();
  await t.dispose();
});

function transport(): Transport {
  const opened = consoleTransport(host);
  transports.push(opened);
  return opened;
}

function storedCases(prefix: string): number {
  const db = new Database(join(t.dataDir, 'casebridge.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM cases WHERE id LIKE ?').get(`${prefix}-%`) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a large import through the host', () => {
  it('a 5 MB file of 1,000 cases goes in parts, reports its progress, and every case is stored', async () => {
    const content = casesFile('FIVE', 1000, 5_000_000);
    expect(Buffer.byteLength(content)).toBeGreaterThan(5_000_000);
    const progress: number[] = [];
    const result = await transport().request('importCases', { content, fileName: 'five.json' }, { onProgress: (f) => progress.push(f) });
    expect(result.ok, JSON.stringify(result).slice(0, 500)).toBe(true);
    const receipts = (result as { ok: true; value: { outcome: string }[] }).value;
    expect(receipts).toHaveLength(1000);
    expect(receipts.every((r) => r.outcome === 'created')).toBe(true);
    expect(storedCases('FIVE')).toBe(1000);
    expect(progress.length).toBeGreaterThan(15); // about 5.5 M characters of call text, 262,144 a part
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
  }, 60_000);

  it('a file of exactly the limit (20,000,000 characters) is stored whole; one more is refused, saying the limit', async () => {
    const sender = transport();
    const atLimit = casesFile('LIMIT', 2100, IMPORT_CASES_MAX_CHARS);
    const stored = await sender.request('importCases', { content: atLimit, fileName: 'limit.json' });
    expect(stored.ok, JSON.stringify(stored).slice(0, 500)).toBe(true);
    expect(storedCases('LIMIT')).toBe(2100);

    const over = await sender.request('importCases', { content: casesFile('OVER', 2100, IMPORT_CASES_MAX_CHARS + 1), fileName: 'over.json' });
    expect(over).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'content', message: 'the file is larger than 20 MB' }] } });
    expect(storedCases('OVER')).toBe(0);
  }, 120_000);
});

describe('putting parts together', () => {
  const part = (id: number, index: number, count: number, length: number, text: string) => JSON.stringify({ type: 'part', id, index, count, length, text });
  const resultOf = (got: ServerFrame[], id: number) => got.find((f) => f.type === 'result' && f.id === id) as Extract<ServerFrame, { type: 'result' }> | undefined;

  it('answers a part out of order with what was wrong, for that call only; the connection carries on', async () => {
    const ws = await openConsoleSocket(host);
    const got = collectFrames(ws);
    const text = JSON.stringify({ type: 'call', id: 5, name: 'getPreferences', input: { padding: 'x'.repeat(10) } });
    ws.send(part(5, 0, 3, text.length, text.slice(0, 10)));
    ws.send(part(5, 2, 3, text.length, text.slice(10)));
    const answer = await until(() => resultOf(got, 5), 'the answer to call 5');
    expect(answer.result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Call 5 was not received: part 2 arrived where part 1 was due (parts must come in order).' },
    });
    expect(got.filter((f) => f.type === 'partReceived')).toEqual([{ type: 'partReceived', id: 5, index: 0 }]);

    // The same call again, whole and in order: put together and run with the contract's checks.
    ws.send(part(6, 0, 2, text.replace('"id":5', '"id":6').length, text.replace('"id":5', '"id":6').slice(0, 10)));
    ws.send(part(6, 1, 2, text.length, text.replace('"id":5', '"id":6').slice(10)));
    const rerun = await until(() => resultOf(got, 6), 'the answer to call 6');
    expect(rerun.result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: '', message: expect.stringMatching(/padding/) }] } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('shares a budget across consoles: over it a call is told to try again, and a closed connection gives its share back', async () => {
    const small = await startHost({ engine: t.engine, rendererDir: join(t.dataDir, 'no-renderer'), host: '127.0.0.1', port: 0, assemblyBudgetChars: 3 * PART_CHARS });
    try {
      const length = 2 * PART_CHARS; // two parts
      const first = await openConsoleSocket(small);
      const firstGot = collectFrames(first);
      first.send(part(1, 0, 2, length, 'x'.repeat(PART_CHARS)));
      await until(() => firstGot.find((f) => f.type === 'partReceived'), 'the first part taken');

      const second = await openConsoleSocket(small);
      const secondGot = collectFrames(second);
      second.send(part(1, 0, 2, length, 'x'.repeat(PART_CHARS)));
      const busy = await until(() => resultOf(secondGot, 1), 'the busy answer');
      expect(busy.result).toMatchObject({
        ok: false,
        error: { code: 'failed', message: expect.stringMatching(/^The engine is busy receiving other large calls just now; try again in a moment/) },
      });

      const closed = closeOf(first);
      first.close();
      await closed;
      second.send(part(2, 0, 2, length, 'x'.repeat(PART_CHARS)));
      await until(() => secondGot.find((f) => f.type === 'partReceived' && f.id === 2), 'the part taken once the budget was given back');
      second.close();
    } finally {
      await small.close();
    }
  });
});
