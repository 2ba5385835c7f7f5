/**
 * Group commit for the webhook: the cases that arrive together are stored in one durable commit
 * (one fsync) instead of one each. A CRM re-sending a day's backlog after an outage posts from many
 * connections at once; at one fsync per case the disk, not the engine, set the pace.
 *
 * Decisions:
 * - A batch is what arrived while the previous commit ran, or in the same turn of the event loop:
 *   the first case of a batch schedules its commit with setImmediate, after the turn's I/O. A commit
 *   is synchronous (better-sqlite3), so the requests that came in meanwhile are all read in the next
 *   turn and join the next batch. No timer: a lone case is committed at once, with no added wait.
 * - At most MAX_BATCH cases a commit, so one commit never holds the event loop for long; the rest
 *   wait for the next turn.
 * - Every case has its own savepoint (Intake.receiveMany): a case that is invalid, out of order or
 *   throws gets its own answer, and its neighbours are stored.
 * - Each caller's promise settles only after the commit holding its case returned: a 202 always
 *   follows the fsync. When the commit itself fails, every case of the batch is rejected with its
 *   error (none was stored) and the webhook answers each with 500, which the CRM retries.
 * - close() commits what waits, then refuses new cases (the engine is stopping; the store closes next).
 */
import type { IntakeResult, IntakeSettled } from './intake';

export const MAX_BATCH = 256;

export interface IntakeBatcher {
  /** Resolves once the case's commit is durable; rejects when storing it threw or the commit failed. */
  receive(input: unknown): Promise<IntakeResult>;
  /** Commits what waits; later cases are refused. */
  close(): void;
}

interface Waiting {
  input: unknown;
  resolve(result: IntakeResult): void;
  reject(error: unknown): void;
}

export function createIntakeBatcher(deps: {
  /** Stores the inputs in one durable commit, one answer per input (Intake.receiveMany). */
  commit(inputs: readonly unknown[]): IntakeSettled[];
  maxBatch?: number;
}): IntakeBatcher {
  const maxBatch = deps.maxBatch ?? MAX_BATCH;
  const waiting: Waiting[] = [];
  let scheduled = false;
  let closed = false;

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
        if (s && 'result' in s) w.resolve(s.result);
        else w.reject(s ? s.error : new Error('The intake gave no answer for this case.'));
      });
      // Past the cap: the rest go in the next turn, so requests read meanwhile can join them.
      if (!closed && waiting.length > 0) return schedule();
    }
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
    close() {
      closed = true;
      commitWaiting();
    },
  };
}
