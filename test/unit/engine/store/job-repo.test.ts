/**
 * job-repo's own SQL: rows come back as drizzle's Job shape, defaults still apply, and its writes
 * let SQLite's automatic checkpoint run (a RETURNING statement stopped after its first row commits
 * in the reset, which skips the WAL hook, and the WAL then grows without bound).
 */
import { statSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobRepo } from '../../../../electron/engine/store/job-repo';
import { jobs } from '../../../../electron/engine/store/schema';
import { cleanupHarnesses, queueHarness } from '../jobs/helpers';

afterEach(cleanupHarnesses);

describe('job-repo', () => {
  it('returns rows exactly as drizzle reads them, with the column default budget when none is given', () => {
    const h = queueHarness();
    const repo = createJobRepo(h.store);
    const { maxAttempts: _, ...job } = { ...h.job({ caseId: 'CRM-7' }), maxAttempts: undefined };
    const inserted = repo.insert(job, 1_000);
    expect(inserted).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 10, nextRunAt: 1_000, outcomeUnknown: false, leaseOwner: null });
    const claimed = repo.claim('tascomi', 'w1', 5_000, 1_000)!;
    const failed = repo.endAttempt(claimed.id, 'w1', { state: 'queued', lastError: 'x', lastErrorClass: 'timeout', outcomeUnknown: true }, 2_000)!;
    expect(failed).toMatchObject({ state: 'queued', nextRunAt: 1_000, outcomeUnknown: true, leaseUntil: null });
    expect(h.store.db.select().from(jobs).all()).toEqual([failed]);
    expect(repo.get(failed.id)).toEqual(failed);
    expect(repo.byCase('CRM-7')).toEqual([failed]);
  });

  it('answers a job inserted with a budget exactly as the row was stored', () => {
    const h = queueHarness();
    const repo = createJobRepo(h.store);
    repo.insert(h.job({ caseId: 'FIRST' }), 500); // the next id is not 1
    const inserted = repo.insert({ ...h.job({ caseId: 'CRM-8 / é' }), referenceName: 'SR number', maxAttempts: 3 }, 1_234);
    expect(inserted.id).toBe(2);
    expect(inserted).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 3, nextRunAt: 1_234, createdAt: 1_234, updatedAt: 1_234 });
    expect(h.store.db.select().from(jobs).where(eq(jobs.id, inserted.id)).get()).toEqual(inserted);
    expect(repo.get(inserted.id)).toEqual(inserted);
  });

  it('fsyncs the commits that must survive a power cut (a new job, a claimed attempt) and no others', () => {
    const h = queueHarness();
    const durableWrites: string[] = [];
    const level = () => h.store.sqlite.pragma('synchronous', { simple: true });
    const repo = createJobRepo({
      ...h.store,
      durable: (fn) =>
        h.store.durable(() => {
          const before = h.store.sqlite.prepare('select count(*) as n, coalesce(sum(attempts), 0) as a from jobs').get() as { n: number; a: number };
          const result = fn();
          const after = h.store.sqlite.prepare('select count(*) as n, coalesce(sum(attempts), 0) as a from jobs').get() as { n: number; a: number };
          durableWrites.push(after.n > before.n ? 'insert' : after.a > before.a ? 'claim' : 'nothing');
          expect(level()).toBe(2);
          return result;
        }),
    });
    const job = repo.insert(h.job({ caseId: 'CRM-9' }), 1_000);
    const claimed = repo.claim('tascomi', 'w1', 5_000, 1_000)!;
    repo.succeed(claimed.id, 'w1', 'SR-1', 2_000);
    repo.cancel(job.id, 'x', 3_000);
    expect(durableWrites).toEqual(['insert', 'claim']);
    expect(level()).toBe(1);
  });

  it('claims several due jobs in one durable commit, oldest due first, each attempt counted', () => {
    const h = queueHarness();
    let commits = 0;
    const repo = createJobRepo({ ...h.store, durable: (fn) => h.store.durable(() => (commits++, fn())) });
    for (let i = 0; i < 3; i++) repo.insert(h.job({ caseId: `CRM-${i}` }), 1_000 + i);
    repo.insert(h.job({ caseId: 'LATER' }), 9_000); // not due yet at 5,000
    commits = 0;
    const claimed = repo.claimMany('tascomi', 'w1', 60_000, 5_000, 5);
    expect(commits).toBe(1);
    expect(claimed.map((j) => [j.caseId, j.attempts, j.state, j.leaseOwner])).toEqual([
      ['CRM-0', 1, 'running', 'w1'],
      ['CRM-1', 1, 'running', 'w1'],
      ['CRM-2', 1, 'running', 'w1'],
    ]);
    expect(repo.claimMany('tascomi', 'w2', 60_000, 5_000, 5)).toEqual([]);
    expect(repo.claimMany('tascomi', 'w2', 60_000, 9_000, 1).map((j) => j.caseId)).toEqual(['LATER']);
  });

  it("writes what goes with a success (the case's reference) in the same commit, and only while the lease holds", () => {
    const h = queueHarness();
    const repo = createJobRepo(h.store);
    repo.insert(h.job({ caseId: 'CRM-1' }), 1_000);
    const claimed = repo.claim('tascomi', 'w1', 60_000, 1_000)!;
    const written: string[] = [];
    expect(repo.succeed(claimed.id, 'someone-else', 'SR-1', 2_000, () => written.push('reference'))).toBeUndefined();
    expect(written).toEqual([]);
    // A failure while writing the reference undoes the success too: neither is stored alone.
    expect(() =>
      repo.succeed(claimed.id, 'w1', 'SR-1', 2_000, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(repo.get(claimed.id)).toMatchObject({ state: 'running', result: null });
    expect(repo.succeed(claimed.id, 'w1', 'SR-1', 2_000, () => written.push('reference'))).toMatchObject({ state: 'succeeded', result: 'SR-1' });
    expect(written).toEqual(['reference']);
  });

  it('keeps the WAL bounded: its writes let the automatic checkpoint run', () => {
    const h = queueHarness();
    h.store.sqlite.pragma('synchronous = OFF'); // only for speed; the WAL hook is the same
    const repo = createJobRepo(h.store);
    // ~4 WAL pages per job and state change: without checkpoints this is over 20 MB.
    for (let i = 0; i < 1_500; i++) {
      const job = repo.insert(h.job({ caseId: `CRM-${i}` }), i);
      const claimed = repo.claim('tascomi', 'w1', i + 60_000, i)!;
      repo.succeed(claimed.id, 'w1', `SR-${job.id}`, i);
    }
    const walBytes = statSync(`${h.path}-wal`).size;
    expect(walBytes).toBeLessThan(8 * 1024 * 1024); // the default checkpoint is at 1,000 pages (4 MB)
  }, 30_000); // 4,500 writes: a few seconds on a loaded machine
});
