/**
 * Group commit for the webhook: the cases that arrive together are stored in one commit, and many
 * commits share one fsync, instead of one fsync each. A CRM re-sending a day's backlog after an
 * outage posts from many connections at once; at one fsync per case the disk, not the engine, set
 * the pace, and while an fsync held the event loop no request was even read.
 *
 * Decisions:
 * - One batch at a time is committed and forced to disk. A batch is what arrived while the previous
 *   one was, or in one turn of the event loop: the first case schedules the commit with
 *   setImmediate, after the turn's I/O, so every request read in that turn joins it. No timer: a
 *   lone case is committed at once, with no added wait.
 * - The commit is not forced to disk as it is made (synchronous=FULL would fsync on the event loop):
 *   the fsync runs on libuv's thread pool (Intake.syncToDisk), and requests keep being read, checked
 *   and parsed meanwhile; they wait to be committed together when it ends (fewer, larger commits).
 * - At most MAX_BATCH cases a commit, so one commit never holds the event loop for long.
 * - Every case has its own savepoint (Intake.receiveMany): a case that is invalid, out of order or
 *   throws gets its own answer, and its neighbours are stored.
 * - Each caller's promise settles only after the fsync that followed its commit: a 202 always
 *   follows the fsync. When the commit fails, every case of its batch is rejected (none was stored);
 *   when the fsync fails, every case of its batch is rejected (stored, not known to be on disk: the
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
  /** The batch being committed and forced to disk, if any. */
  let running: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  /** Commits up to maxBatch waiting cases, forces them to disk, and answers each. */
  const commitAndSync = async (): Promise<void> => {
    const batch = waiting.splice(0, maxBatch);
    let settled: IntakeSettled[] | undefined;
    try {
      settled = deps.commit(batch.map((w) => w.input));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
    if (settled) {
      try {
        await deps.syncToDisk();
        // A refusal or a throw changed nothing, but is answered after the fsync like its neighbours:
        // an answer never tells of a state (a newer revision stored just before) that a power cut could undo.
        batch.forEach((w, i) => {
          const s = settled[i];
          if (!s) w.reject(new Error('The intake gave no answer for this case.'));
          else if ('result' in s) w.resolve(s.result);
          else w.reject(s.error);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  };
  const start = (): Promise<void> => {
    // Cleared in a callback, so always after it was set, even when the commit failed at once.
    const run = commitAndSync().then((): Promise<void> | void => {
      running = undefined;
      // What arrived meanwhile is the next batch: read to the end of a turn first, unless stopping.
      if (waiting.length === 0) return;
      if (closed) return start();
      schedule();
    });
    running = run;
    return run;
  };
  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!running && waiting.length > 0) void start();
    });
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
      while (running || waiting.length > 0) await (running ?? start());
    },
  };
}
