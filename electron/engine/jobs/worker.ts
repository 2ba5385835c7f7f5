/**
 * The worker for one connector: claims due jobs (up to `concurrency` at once) while the circuit
 * breaker allows, runs them, and records the outcome. All waiting is on the injected clock, so a
 * fake clock runs it instantly; `runUntilIdle()` drives it to completion in tests and `stop()`
 * ends it gracefully.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import { isConnectorError } from '../connectors/errors';
import { createLoopControl, settlesWithinClock } from '../loop-control';
import type { CircuitBreaker } from './circuit-breaker';
import type { Job, JobQueue } from './queue';

export interface WorkerOptions {
  queue: JobQueue;
  breaker: CircuitBreaker;
  clock: Clock;
  connector: string;
  concurrency: number;
  leaseMs: number;
  /** One attempt; its answer may carry the main request and answer (redacted) for the log. */
  execute: (job: Job) => Promise<{ result: string; note?: string; commit?: () => void; request?: string; response?: string }>;
  log?: (entry: NewLogEntry) => void;
  /** A template's name now, so the log names it (a job keeps only its template's id). */
  templateName?: (id: number) => string | undefined;
  /** Lease owner name; unique per worker so a stale worker's answers are refused. */
  owner?: string;
  /** Longest sleep when nothing is due (new jobs also wake the worker through `wake()`). */
  pollIntervalMs?: number;
  /** How often expired leases are swept (also once at start). */
  sweepIntervalMs?: number;
  /**
   * Running attempts' leases are renewed this often (default a third of the lease), so a short lease
   * never runs out under a live attempt, while a crashed engine's attempts return to the queue soon.
   */
  renewEveryMs?: number;
  /** An attempt running longer than this (default 10 minutes) is taken to hang: its lease is no longer renewed, so the sweep ends it. */
  maxAttemptMs?: number;
  /**
   * Wakes the worker after `ms` of real time while attempts run, to renew their leases (the clock
   * decides what is due; this only makes sure the worker looks). Tests pass a manual one.
   */
  tick?: (ms: number) => { done: Promise<void>; cancel(): void };
  /**
   * Why nothing can be sent now (the integration is not configured), or undefined. While blocked
   * the worker claims nothing, so waiting jobs spend no attempts; a settings save should wake() it.
   */
  blockedReason?: () => Promise<string | undefined> | string | undefined;
}

export interface StopOptions {
  /** How long (on the clock) running attempts may take before they are handed back to the queue. */
  timeoutMs?: number;
}

export interface Worker {
  readonly owner: string;
  /** Runs the loop in the background until stop(). */
  start(): void;
  /** Ends a sleep early (call after enqueueing). */
  wake(): void;
  /** Stops claiming; waits for running attempts up to the timeout, then gives them back. */
  stop(options?: StopOptions): Promise<void>;
  /**
   * Tests: runs until no job of this connector is queued or running here (or the breaker is
   * paused). Throws after `maxSteps` loop turns so a bug cannot spin a fake clock forever.
   */
  runUntilIdle(maxSteps?: number): Promise<void>;
  /** Attempts running now. */
  running(): number;
  /** Why the worker cannot send now, as last checked (undefined when it can). */
  waitingFor(): string | undefined;
  /** Changes how many attempts may run at once (a settings change); running ones are not stopped. */
  setConcurrency(n: number): void;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_SWEEP_MS = 60_000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/** A real timer that does not keep the process alive. */
function realTick(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return { done, cancel: () => clearTimeout(timer) };
}

export function createWorker(options: WorkerOptions): Worker {
  const { queue, breaker, clock, connector, leaseMs, execute } = options;
  const owner = options.owner ?? `${connector}-${randomUUID()}`;
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const sweepMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
  const renewMs = options.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3));
  const tick = options.tick ?? realTick;
  const maxAttemptMs = options.maxAttemptMs ?? 10 * 60_000;
  let lastRenewal = -Infinity;
  const startedAt = new Map<number, number>();
  let concurrency = Math.max(1, Math.floor(options.concurrency));
  const inFlight = new Map<number, Promise<void>>();
  // Every wait of the loop (a backoff, an open circuit's probe, running attempts) ends at wake() or stop().
  let control = createLoopControl(clock);
  let loop: Promise<void> | undefined;
  let lastSweep = -Infinity;
  let blocked: string | undefined;
  const nowMs = () => clock.millis();

  function log(entry: Omit<NewLogEntry, 'source'>): void {
    options.log?.({ source: connector, ...entry });
  }

  function sweepIfDue(): void {
    if (nowMs() - lastSweep < sweepMs) return;
    lastSweep = nowMs();
    for (const job of queue.sweepExpiredLeases()) {
      log({
        level: 'warn',
        message: job.lastError ?? 'Lease expired.',
        caseId: job.caseId,
        templateId: String(job.templateId),
        jobId: job.id,
        attempt: job.attempts,
        outcome: job.state === 'dead' ? 'dead' : 'will_retry',
        errorClass: 'lease_expired',
        ...(job.state === 'queued' ? { retryAtMs: job.nextRunAt } : {}),
      });
    }
  }

  /** Extends the leases of the attempts running here when a renewal is due (on the clock). */
  function renewIfDue(): void {
    const now = nowMs();
    if (inFlight.size === 0 || now - lastRenewal < renewMs) return;
    lastRenewal = now;
    const live = [...inFlight.keys()].filter((id) => now - (startedAt.get(id) ?? now) < maxAttemptMs);
    queue.renewLeases(live, owner, leaseMs);
  }

  async function attempt(job: Job): Promise<void> {
    const started = nowMs();
    const base = { caseId: job.caseId, templateId: String(job.templateId), jobId: job.id, attempt: job.attempts };
    const name = options.templateName?.(job.templateId);
    const template = name === undefined ? `template ${job.templateId}` : `template '${name}' (${job.templateId})`;
    const which = `Job ${job.id} (${template} version ${job.templateVersion}), attempt ${job.attempts} of ${job.maxAttempts}`;
    try {
      const { result, note, commit, request, response } = await execute(job);
      breaker.recordSuccess();
      // The success entry is written inside the job's success commit (the log stores an entry written
      // in a transaction with it): one commit, not two, and the log says "succeeded" exactly when the
      // row does. A log failure is thrown after the commit, as before, so it cannot undo the success.
      let logFailure: { error: unknown } | undefined;
      const completed = queue.complete(job.id, owner, result, () => {
        commit?.();
        try {
          const exchange = { ...(request ? { request } : {}), ...(response ? { response } : {}) };
          log({
            ...base,
            ...exchange,
            level: 'info',
            message: `${which}: sent; remote record ${result}.${note ? ` ${note}` : ''}`,
            outcome: 'succeeded',
            durationMs: nowMs() - started,
          });
        } catch (error) {
          logFailure = { error };
        }
      });
      if (logFailure) throw logFailure.error;
      if (!completed) {
        log({ ...base, level: 'warn', message: `${which}: finished after its lease was lost; its result was not recorded.` });
      }
    } catch (error) {
      breaker.recordFailure(error);
      const after = queue.fail(job.id, owner, error);
      if (!after) {
        log({ ...base, level: 'warn', message: `${which}: failed after its lease was lost; the failure was not recorded.` });
        return;
      }
      const outcome = after.state === 'queued' ? 'will_retry' : after.state === 'dead' ? 'dead' : 'failed';
      const next =
        outcome === 'will_retry'
          ? `Will retry at ${DateTime.fromMillis(after.nextRunAt, { zone: clock.zone }).toFormat('HH:mm:ss')} (in ${Math.ceil((after.nextRunAt - nowMs()) / 1000)} s).`
          : outcome === 'dead'
            ? `No attempts left: the job is dead; retry it by hand once the cause is fixed.`
            : 'Not retried: this kind of failure would fail again.';
      // The connector attaches the request and answer already redacted.
      const exchange = isConnectorError(error) ? { ...(error.request ? { request: error.request } : {}), ...(error.response ? { response: error.response } : {}) } : {};
      log({
        ...base,
        ...exchange,
        level: outcome === 'will_retry' ? 'warn' : 'error',
        message: `${which} failed [${after.lastErrorClass ?? 'unknown'}]: ${after.lastError ?? 'no reason given'} ${next}`,
        outcome,
        errorClass: after.lastErrorClass ?? 'unknown',
        ...(outcome === 'will_retry' ? { retryAtMs: after.nextRunAt } : {}),
        durationMs: nowMs() - started,
      });
    }
  }

  /** Asks whether sending is possible now, logging when that changes. */
  async function checkBlocked(): Promise<string | undefined> {
    const reason = (await options.blockedReason?.()) ?? undefined;
    if (reason !== blocked) {
      if (reason) {
        const waiting = queue.countQueued(connector);
        log({ level: 'warn', message: `The ${connector} queue is waiting: ${reason}${waiting > 0 ? ` ${waiting} job(s) wait without spending attempts.` : ''}` });
      } else if (blocked) {
        log({ level: 'info', message: `The ${connector} queue can send again.` });
      }
      blocked = reason;
    }
    return reason;
  }

  /** Claims and starts what it may; returns how many attempts it started. */
  function fill(): number {
    // Take every free slot the breaker allows, then claim that many in one commit.
    let slots = 0;
    while (!control.stopped && inFlight.size + slots < concurrency && breaker.tryAcquire()) slots++;
    if (slots === 0) return 0;
    const jobs = queue.claimMany(connector, owner, leaseMs, slots);
    for (let unused = jobs.length; unused < slots; unused++) breaker.release();
    for (const job of jobs) {
      startedAt.set(job.id, nowMs());
      const run = attempt(job).finally(() => {
        inFlight.delete(job.id);
        startedAt.delete(job.id);
      });
      inFlight.set(job.id, run);
    }
    return jobs.length;
  }

  /** How long to sleep when nothing can start now. */
  function idleWait(): number {
    const now = nowMs();
    const candidates = [now + pollMs, lastSweep + sweepMs];
    const due = queue.nextDueAt(connector);
    if (due !== undefined) candidates.push(Math.max(due, breaker.probeAt() ?? due));
    return Math.max(1, Math.min(...candidates) - now);
  }

  /** One turn of the loop; returns false when idle (nothing running, nothing queued). */
  async function step(): Promise<boolean> {
    // Before the sweep: a lease of this worker's that is running out is renewed, not swept.
    renewIfDue();
    sweepIfDue();
    const waitingFor = await checkBlocked();
    if (!waitingFor) fill();
    if (inFlight.size > 0) {
      // Until an attempt ends, a renewal is due, wake() or stop(): a hung attempt cannot keep the loop.
      const renewal = tick(renewMs);
      await control.wait(Infinity, [...inFlight.values(), renewal.done]).finally(() => renewal.cancel());
      return true;
    }
    if (control.stopped) return false;
    if (waitingFor || queue.countQueued(connector) === 0 || breaker.state().state === 'paused') return false;
    await control.wait(idleWait());
    return true;
  }

  async function runLoop(): Promise<void> {
    const current = control;
    while (!current.stopped) {
      const busy = await step();
      if (!busy && !current.stopped) await current.wait(pollMs);
      // A real macrotask turn each time round: with a fake clock, sleeps resolve at once, and this
      // is what lets stop() (and everything else) run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  return {
    owner,
    start() {
      if (loop) return;
      if (control.stopped) control = createLoopControl(clock);
      loop = runLoop();
    },
    wake() {
      control.wake();
    },
    async stop(stopOptions = {}) {
      control.stop();
      await loop;
      loop = undefined;
      if (inFlight.size === 0) return;
      const timeoutMs = stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
      if (await settlesWithinClock(clock, timeoutMs, Promise.allSettled(inFlight.values()))) return;
      for (const id of inFlight.keys()) {
        const job = queue.abandon(id, owner);
        if (job)
          log({
            level: 'warn',
            message: job.lastError ?? 'Interrupted.',
            caseId: job.caseId,
            templateId: String(job.templateId),
            jobId: job.id,
            attempt: job.attempts,
            outcome: job.state === 'dead' ? 'dead' : 'will_retry',
            errorClass: 'interrupted',
            ...(job.state === 'queued' ? { retryAtMs: job.nextRunAt } : {}),
          });
      }
    },
    async runUntilIdle(maxSteps = 100_000) {
      for (let i = 0; i < maxSteps; i++) {
        if (!(await step())) return;
      }
      throw new Error(`Worker for ${connector} was still busy after ${maxSteps} steps.`);
    },
    running: () => inFlight.size,
    waitingFor: () => blocked,
    setConcurrency(n) {
      concurrency = Math.max(1, Math.floor(n));
      control.wake();
    },
  };
}
