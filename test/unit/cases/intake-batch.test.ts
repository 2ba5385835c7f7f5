/**
 * Group commit through the real listener, intake and store: the cases that arrive together share
 * one durable commit; each is answered only after it; a case that is invalid, out of order or throws
 * gets its own answer without failing its neighbours; a failed commit fails its whole batch.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { createIntake } from '../../../electron/engine/cases/intake';
import { createIntakeBatcher } from '../../../electron/engine/cases/intake-batch';
import { startWebhookListener, type WebhookListener } from '../../../electron/engine/cases/webhook';
import { crmHeaders } from '../../support/crm';
import { caseHarness, cleanupHarnesses, sampleCase, type CaseHarness } from './helpers';

const SECRET = 'shared-webhook-secret';
const UPDATED_AT = '2026-03-29T00:20:00Z';
let hook: WebhookListener | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await hook?.close();
  hook = undefined;
  cleanupHarnesses();
});

/** The engine's durable transaction, counting the outermost ones (each is one commit) and able to fail the next commit. */
function committing(h: CaseHarness) {
  const spy = {
    commits: 0,
    failNextCommit: false,
    transaction<T>(fn: () => T): T {
      if (h.store.sqlite.inTransaction) return h.store.sqlite.transaction(fn).immediate(); // a savepoint
      spy.commits++;
      return h.store.durable(() =>
        h.store.sqlite
          .transaction(() => {
            const result = fn();
            if (spy.failNextCommit) {
              spy.failNextCommit = false;
              throw new Error('disk I/O error');
            }
            return result;
          })
          .immediate(),
      );
    },
  };
  return spy;
}

async function start() {
  const h = caseHarness();
  const spy = committing(h);
  const logs: NewLogEntry[] = [];
  const intake = createIntake({
    cases: h.cases,
    rules: { matching: () => [] },
    queue: { enqueue: () => { throw new Error('no rule queues a job here'); } },
    template: () => { throw new Error('no template here'); },
    onQueued: () => undefined,
    log: { write: (e) => logs.push(e) },
    transaction: (fn) => spy.transaction(fn),
  });
  const batcher = createIntakeBatcher({ commit: (inputs) => intake.receiveMany(inputs) });
  hook = await startWebhookListener({ getSecret: async () => SECRET, clock: h.clock, receive: (input) => batcher.receive(input), log: { write: (e) => logs.push(e) } });
  return { h, spy, logs, port: hook.port };
}

/** A kept-alive connection to the listener, answering one raw request at a time. */
async function openConnection(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await new Promise((r) => socket.once('connect', r));
  let raw = '';
  let waiting: ((answer: { status: number; json: any }) => void) | undefined;
  socket.on('data', (d) => {
    raw += d;
    const end = raw.indexOf('\r\n\r\n');
    const length = Number(/content-length: (\d+)/i.exec(raw.slice(0, end))?.[1]);
    if (end < 0 || Buffer.byteLength(raw.slice(end + 4)) < length) return;
    const answer = { status: Number(raw.slice(9, 12)), json: JSON.parse(raw.slice(end + 4, end + 4 + length)) };
    raw = '';
    waiting?.(answer);
  });
  return {
    /** Writes the request now; resolves with its answer. */
    post(h: CaseHarness, body: string, secret = SECRET) {
      const head = Object.entries(crmHeaders(secret, body, h.clock.millis()))
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const answered = new Promise<{ status: number; json: any }>((resolve) => (waiting = resolve));
      socket.write(`POST /cases HTTP/1.1\r\nHost: casebridge\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return answered;
    },
  };
}

/**
 * Writes every request at once, one per kept-alive connection, so they all arrive in the same turn
 * of the listener's event loop, as a CRM's parallel posts do under load. The connections are opened
 * first and each used once (a post with a wrong secret: 401, nothing stored, the connection kept),
 * so the listener has them all before the burst, as it has a CRM's pool.
 */
async function postTogether(h: CaseHarness, port: number, bodies: string[]): Promise<{ status: number; json: any }[]> {
  const connections = await Promise.all(bodies.map(() => openConnection(port)));
  for (const c of connections) expect((await c.post(h, '{}', 'not the secret')).status).toBe(401);
  return Promise.all(connections.map((c, i) => c.post(h, bodies[i]!)));
}

const stored = (h: CaseHarness) => (h.store.sqlite.prepare('SELECT id FROM cases ORDER BY id').all() as { id: string }[]).map((r) => r.id);
const caseBody = (id: string, overrides: Parameters<typeof sampleCase>[0] = {}) => JSON.stringify(sampleCase({ id, updatedAt: UPDATED_AT, ...overrides }));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `CRM-${String(i).padStart(2, '0')}`);

describe('group commit of webhook cases', () => {
  it('stores cases that arrive together in one durable commit, answering each 202 after it', async () => {
    const { h, spy, port } = await start();
    const answers = await postTogether(h, port, ids(20).map((id) => caseBody(id)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(answers.map((a) => a.json.id)).toEqual(ids(20));
    expect(spy.commits).toBe(1);
    h.reopen();
    expect(stored(h)).toEqual(ids(20));
  });

  it('answers an invalid, an out-of-order and a throwing case on their own, and stores their neighbours in the same commit', async () => {
    const { h, spy, port } = await start();
    h.cases.receive(sampleCase({ id: 'STORED', status: 'closed', updatedAt: '2026-03-29T00:25:00Z' }));
    // A real SQLite failure inside one case's savepoint.
    h.store.sqlite.exec("CREATE TRIGGER poison BEFORE INSERT ON cases WHEN NEW.id = 'POISON' BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const answers = await postTogether(h, port, [
      caseBody('GOOD-1'),
      caseBody('INVALID', { dates: { reported: 'yesterday' } }),
      caseBody('STORED', { status: 'open' }),
      caseBody('POISON'),
      caseBody('GOOD-2'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 422, 409, 500, 202]);
    expect(answers[3]!.json).toEqual({ message: 'casebridge could not store the case; try again.' });
    expect(spy.commits).toBe(1);
    h.reopen();
    expect(stored(h)).toEqual(['GOOD-1', 'GOOD-2', 'STORED']);
    expect(h.cases.get('STORED')?.status).toBe('closed');
  });

  it('answers 500 to every case of a batch whose commit fails, and stores none of them; the CRM retry stores them', async () => {
    const { h, spy, port, logs } = await start();
    spy.failNextCommit = true;
    const bodies = ids(8).map((id) => caseBody(id));
    const failed = await postTogether(h, port, bodies);
    expect(failed.map((a) => a.status)).toEqual(Array(8).fill(500));
    expect(stored(h)).toEqual([]);
    expect(logs.filter((l) => l.level === 'error' && l.message.includes('disk I/O error'))).toHaveLength(8);
    const retried = await postTogether(h, port, bodies);
    expect(retried.map((a) => a.json.event)).toEqual(Array(8).fill('created'));
    expect(stored(h)).toEqual(ids(8));
  });
});

describe('the intake batcher', () => {
  const fakeCommit = () => {
    const batches: unknown[][] = [];
    return {
      batches,
      commit: (inputs: readonly unknown[]) => {
        batches.push([...inputs]);
        return inputs.map((input) => ({ result: { ok: true as const, event: 'created' as const, case: sampleCase({ id: String(input) }) as never } }));
      },
    };
  };

  it('commits at most maxBatch cases at once; the rest follow in the next turn', async () => {
    const fake = fakeCommit();
    const batcher = createIntakeBatcher({ commit: fake.commit, maxBatch: 4 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((x) => batcher.receive(x)));
    expect(fake.batches).toEqual([['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i', 'j']]);
    expect(results.map((r) => (r.ok ? r.case.id : ''))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  });

  it('settles nobody before the commit returns, and commits what waits on close, refusing later cases', async () => {
    const fake = fakeCommit();
    const batcher = createIntakeBatcher({ commit: fake.commit });
    let settled = false;
    const waiting = batcher.receive('a').then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(fake.batches).toEqual([]);
    batcher.close();
    expect(fake.batches).toEqual([['a']]);
    await waiting;
    expect(settled).toBe(true);
    await expect(batcher.receive('b')).rejects.toThrow(/intake has stopped/);
  });
});
