/**
 * Group commit for the webhook: the cases that arrive together are stored in one commit, and many
 * commits share one fsync, instead of one fsync each. A CRM re-sending a day's backlog after an
 * outage posts from many connections at once; at one fsync per case the disk, not the engine, set
 * the pace, and while an fsync held the event loop no request was even read.
 *
 * Decisions:
 * - A batch is what arrived in one turn of the event loop: the first case of a batch schedules its
 *   commit with setImmediate, after the turn's I/O, so every request read in that turn joins it. No
 *   timer: a lone case is committed at once, with no added wait.
 * - At most MAX_BATCH cases a commit, so one commit never holds the event loop for long; the rest
 *   wait for the next turn.
 * - Every case has its own savepoint (Intake.receiveMany): a case that is invalid, out of order or
 *   throws gets its own answer, and its neighbours are stored.
 * - The commit is not forced to disk as it is made (synchronous=FULL would fsync on the event loop).
 *   The fsync runs on libuv's thread pool (Intake.syncToDisk); requests keep being read and committed
 *   meanwhile. At most one fsync runs at a time: the batches committed while it runs wait for the
 *   next one, which covers them all.
 * - Each caller's promise settles only after an fsync that began after its commit: a 202 always
 *   follows the fsync. When the commit fails, every case of its batch is rejected (none was stored);
 *   when the fsync fails, every case it covered is rejected (stored, not known to be on disk: the
 *   CRM's retry finds them 'unchanged' once an fsync succeeds). The webhook answers each with 500.
 * - close() commits what waits and forces it to disk, then refuses new cases (the engine is
 *   stopping; the store closes next).
 */
import type { IntakeResult, IntakeSettled } from './intake';

export const MAX_BATCH = 256;

export interface IntakeBatcher {
  /** Resolves once the case's commit is on disk; rejects when storing it threw or the commit or fsync failed. */
  receive(input: unknown): Promise<IntakeResult>;
  /** Commits what waits and forces it to disk; later cases are refused. */
  close(): Promise<void>;
}

interface Waiting {
  input: unknown;
  resolve(result: IntakeResult): void;
  reject(error: unknown): void;
}

export function createIntakeBatcher(deps: {
  /** Stores the inputs in one commit, not forced to disk, one answer per input (Intake.receiveMany). */
  commit(inputs: readonly unknown[]): IntakeSettled[];
  /** Forces every commit so far to disk (Intake.syncToDisk). */
  syncToDisk(): Promise<void>;
  maxBatch?: number;
}): IntakeBatcher {
  const maxBatch = deps.maxBatch ?? MAX_BATCH;
  const waiting: Waiting[] = [];
  /** Committed, waiting for an fsync that starts after their commit. */
  let unsynced: (() => void)[] = [];
  let unsyncedFailures: ((error: unknown) => void)[] = [];
  let syncing: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  const sync = (): Promise<void> | undefined => {
    if (syncing || unsynced.length === 0) return syncing;
    const [settle, fail] = [unsynced, unsyncedFailures];
    unsynced = [];
    unsyncedFailures = [];
    syncing = deps.syncToDisk().then(
      () => settle.forEach((s) => s()),
      (error: unknown) => fail.forEach((f) => f(error)),
    );
    return (syncing = syncing.then((): Promise<void> | undefined => {
      syncing = undefined;
      return sync();
    }));
  };

  const commitWaiting = () => {
    scheduled = false;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      let settled: IntakeSettled[];
      try {
        settled = deps.commit(batch.map((w) => w.input));
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const s = settled[i];
        if (!s) return w.reject(new Error('The intake gave no answer for this case.'));
        // A refusal or a throw changed nothing, but is answered after the fsync like its neighbours:
        // an answer never tells of a state that a power cut could still undo.
        unsynced.push(() => ('result' in s ? w.resolve(s.result) : w.reject(s.error)));
        unsyncedFailures.push((error) => w.reject(error));
      });
      // Past the cap: the rest go in the next turn, so requests read meanwhile can join them.
      if (!closed && waiting.length > 0) {
        schedule();
        break;
      }
    }
    void sync();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(commitWaiting);
  };

  return {
    receive(input) {
      if (closed) return Promise.reject(new Error('Case intake has stopped; the case was not stored.'));
      return new Promise<IntakeResult>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      commitWaiting();
      while (syncing) await syncing;
    },
  };
}
