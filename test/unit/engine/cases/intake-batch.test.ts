/**
 * Group commit through the real listener, intake and store: the cases that arrive together share
 * one commit and one fsync; each is answered only after the fsync; a case that is invalid, out of
 * order or throws gets its own answer without failing its neighbours; a failed commit or fsync fails
 * its whole batch.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { createIntake } from '../../../../electron/engine/cases/intake';
import { createIntakeBatcher } from '../../../../electron/engine/cases/intake-batch';
import { startWebhookListener, type WebhookListener } from '../../../../electron/engine/cases/webhook';
import { crmHeaders } from '../../../support/crm';
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

/**
 * The engine's transaction and syncToDisk (cases/case-system.ts), counting the outermost transactions (each
 * one commit) and the fsyncs, able to fail the next commit or fsync, or to hold the fsync.
 */
function committing(h: CaseHarness) {
  const spy = {
    commits: 0,
    durableCommits: 0,
    syncs: 0,
    failNextCommit: false,
    failNextSync: false,
    /** While set, an fsync waits for it. */
    holdSync: undefined as Promise<void> | undefined,
    transaction<T>(fn: () => T, options?: { syncLater?: boolean }): T {
      if (h.store.sqlite.inTransaction) return h.store.write(fn); // a savepoint
      spy.commits++;
      const commit = () =>
        h.store.write(() => {
          const result = fn();
          if (spy.failNextCommit) {
            spy.failNextCommit = false;
            throw new Error('disk I/O error');
          }
          return result;
        });
      if (options?.syncLater) return commit();
      spy.durableCommits++;
      return h.store.durable(commit);
    },
    async syncToDisk() {
      spy.syncs++;
      await spy.holdSync;
      if (spy.failNextSync) {
        spy.failNextSync = false;
        throw new Error('fsync failed: EIO');
      }
      return h.store.syncToDisk();
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
    queue: {
      enqueue: () => {
        throw new Error('no rule queues a job here');
      },
    },
    template: () => {
      throw new Error('no template here');
    },
    onQueued: () => undefined,
    log: { write: (e) => logs.push(e) },
    operator: () => 'nobody: no case is applied by hand here',
    transaction: (fn, options) => spy.transaction(fn, options),
    syncToDisk: () => spy.syncToDisk(),
  });
  const batcher = createIntakeBatcher({ commit: (inputs) => intake.receiveMany(inputs, { syncLater: true }), syncToDisk: () => intake.syncToDisk() });
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
async function postTogether(h: CaseHarness, port: number, bodies: string[], onAnswer = () => {}): Promise<{ status: number; json: any }[]> {
  const connections = await Promise.all(bodies.map(() => openConnection(port)));
  for (const c of connections) expect((await c.post(h, '{}', 'not the secret')).status).toBe(401);
  return Promise.all(connections.map((c, i) => c.post(h, bodies[i]!).finally(onAnswer)));
}

const stored = (h: CaseHarness) => (h.store.sqlite.prepare('SELECT id FROM cases ORDER BY id').all() as { id: string }[]).map((r) => r.id);
const caseBody = (id: string, overrides: Parameters<typeof sampleCase>[0] = {}) => JSON.stringify(sampleCase({ id, updatedAt: UPDATED_AT, ...overrides }));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `CRM-${String(i).padStart(2, '0')}`);

describe('group commit of webhook cases', () => {
  it('stores cases that arrive together in one commit and one fsync, answering each 202 only after the fsync', async () => {
    const { h, spy, port } = await start();
    let releaseSync!: () => void;
    spy.holdSync = new Promise((r) => (releaseSync = r));
    let answered = 0;
    const answers = postTogether(
      h,
      port,
      ids(20).map((id) => caseBody(id)),
      () => answered++,
    );
    await vi.waitFor(() => expect(spy.syncs).toBe(1));
    // Committed, the fsync under way: nobody has an answer yet.
    expect(stored(h)).toEqual(ids(20));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(0);
    releaseSync();
    expect((await answers).map((a) => [a.status, a.json.id])).toEqual(ids(20).map((id) => [202, id]));
    expect([spy.commits, spy.durableCommits, spy.syncs]).toEqual([1, 0, 1]);
    h.reopen();
    expect(stored(h)).toEqual(ids(20));
  });

  it('answers 500 to every case an fsync that fails covered', async () => {
    const { h, spy, port } = await start();
    spy.failNextSync = true;
    const answers = await postTogether(
      h,
      port,
      ids(5).map((id) => caseBody(id)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(500));
    // Stored but not known to be on disk: the CRM's retry finds them, once an fsync succeeds.
    const retried = await postTogether(
      h,
      port,
      ids(5).map((id) => caseBody(id)),
    );
    expect(retried.map((a) => a.json.event)).toEqual(Array(5).fill('unchanged'));
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
    expect([spy.commits, spy.syncs]).toEqual([1, 1]);
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
    const syncs: number[] = [];
    return {
      batches,
      syncs,
      /** Records how many batches were committed when each fsync began. */
      syncToDisk: async () => void syncs.push(batches.length),
      commit: (inputs: readonly unknown[]) => {
        batches.push([...inputs]);
        return inputs.map((input) => ({ result: { ok: true as const, event: 'created' as const, case: sampleCase({ id: String(input) }) as never } }));
      },
    };
  };

  it('commits at most maxBatch cases at once; the rest follow in the next turn', async () => {
    const fake = fakeCommit();
    const batcher = createIntakeBatcher({ commit: fake.commit, syncToDisk: fake.syncToDisk, maxBatch: 4 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((x) => batcher.receive(x)));
    expect(fake.batches).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f', 'g', 'h'],
      ['i', 'j'],
    ]);
    expect(results.map((r) => (r.ok ? r.case.id : ''))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  });

  it('commits and forces one batch at a time: what arrives during an fsync is the next batch', async () => {
    const fake = fakeCommit();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    const batcher = createIntakeBatcher({
      commit: fake.commit,
      syncToDisk: async () => {
        await fake.syncToDisk();
        if (first) {
          first = false;
          await held;
        }
      },
    });
    const a = batcher.receive('a');
    await vi.waitFor(() => expect(fake.syncs).toEqual([1]));
    // Two more cases, in two turns, while the first fsync runs: neither is committed yet.
    const b = batcher.receive('b');
    await new Promise((r) => setImmediate(r));
    const c = batcher.receive('c');
    await new Promise((r) => setImmediate(r));
    expect(fake.batches).toEqual([['a']]);
    release();
    await Promise.all([a, b, c]);
    expect(fake.batches).toEqual([['a'], ['b', 'c']]);
    expect(fake.syncs).toEqual([1, 2]);
  });

  it('settles nobody before the fsync, and on close commits what waits and forces it to disk, refusing later cases', async () => {
    const fake = fakeCommit();
    const batcher = createIntakeBatcher({ commit: fake.commit, syncToDisk: fake.syncToDisk });
    let settled = false;
    const waiting = batcher.receive('a').then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(fake.batches).toEqual([]);
    await batcher.close();
    expect(fake.batches).toEqual([['a']]);
    expect(fake.syncs).toEqual([1]);
    await waiting;
    expect(settled).toBe(true);
    await expect(batcher.receive('b')).rejects.toThrow(/intake has stopped/);
  });
});
