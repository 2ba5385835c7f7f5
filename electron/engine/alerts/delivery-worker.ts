/**
 * Sends queued alert deliveries: one loop, one delivery at a time (alerts are few; see the Decisions
 * in delivery-queue.ts). Each turn sweeps expired leases, claims the next due delivery, sends it with
 * the loop's signal and records the outcome, then waits until the next one is due or wake() (a new
 * alert queued). Every outcome is logged under source `alerts` in words a support person can act on.
 *
 * Decisions:
 * - stop() aborts the send in flight (its signal) and does not wait for it: the delivery is handed
 *   back to the queue (abandon), due at the next start, and stop() resolves at once.
 * - A log that refuses an entry does not stop the loop: alerts are how a failing log store is
 *   reported (log-write-alarm.ts raises that condition), so they must go out regardless.
 * - A turn that throws (the store failing) is logged and tried again after a pause, not in a spin.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AlertMessage } from '../../../shared/domain/alerts';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import { createLoopControl, type LoopControl } from '../loop-control';
import type { AlertDelivery, AlertDeliveryQueue } from './delivery-queue';

/** Sends one message through one channel; throws an AlertSendError (send-failure.ts) when it cannot. */
export interface DeliverySend {
  (channelId: string, message: AlertMessage, signal: AbortSignal): Promise<{ detail: string }>;
}

export interface DeliveryWorkerDeps {
  queue: AlertDeliveryQueue;
  clock: Clock;
  send: DeliverySend;
  log: Pick<LogBus, 'write'>;
  /** How long a claimed delivery is held; a send must time out well before (default 5 minutes). */
  leaseMs?: number;
}

export interface DeliveryWorker {
  /** Runs the loop in the background until stop(). */
  start(): void;
  /** Ends the loop's wait now: call after queueing deliveries. */
  wake(): void;
  /** Stops the loop; a send in flight is aborted and its delivery queued again. */
  stop(): Promise<void>;
  /** Delivers every due one now (tests on a fake clock); not while start()ed. */
  runUntilIdle(): Promise<void>;
}

export const DEFAULT_DELIVERY_LEASE_MS = 5 * 60_000;
/** How long the loop rests after a turn that threw (the store failing) before it tries again. */
const PAUSE_AFTER_ERROR_MS = 30_000;
const MAX_IDLE_STEPS = 10_000;

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { queue, clock, send } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS;
  // Unique per worker, so a stale worker's late answer is refused by the lease guard.
  const owner = `alerts-${randomUUID()}`;
  let control = createLoopControl(clock);
  let loop: Promise<void> | undefined;

  function say(entry: Omit<NewLogEntry, 'source'>): void {
    try {
      deps.log.write({ source: 'alerts', ...entry });
    } catch {
      // The log refused it (it is failing or closed): its own alarm reports that, and alerts go on.
    }
  }

  const at = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toFormat('HH:mm');
  const about = (d: AlertDelivery) => `Alert '${d.message.title}'`;
  const channel = (d: AlertDelivery) => `channel '${d.channelName}'`;
  const attemptsWord = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

  /** Logs a delivery that went back to the queue, or died, without finishing its attempt. */
  function sayReturned(d: AlertDelivery, errorClass: string): void {
    const queued = d.state === 'queued';
    say({
      level: queued ? 'warn' : 'error',
      message: `${about(d)} to ${channel(d)}: ${d.lastError ?? 'the attempt did not finish.'} ${
        queued ? `Queued again, next at ${at(d.nextRunAt)}.` : `Gave up after ${attemptsWord(d.attempts)}; retry it from the Jobs page.`
      }`,
      attempt: d.attempts,
      outcome: queued ? 'will_retry' : 'dead',
      errorClass,
      ...(queued ? { retryAtMs: d.nextRunAt } : {}),
    });
  }

  function sweep(): void {
    for (const d of queue.sweepExpiredLeases()) sayReturned(d, 'lease_expired');
  }

  async function deliver(d: AlertDelivery, current: LoopControl): Promise<void> {
    const started = clock.millis();
    let outcome: { ok: true; detail: string } | { ok: false; error: unknown } | undefined;
    // async: a send that throws at once is a failure like any other.
    const sending = (async () => send(d.channelId, d.message, current.signal))().then(
      ({ detail }) => void (outcome = { ok: true, detail }),
      (error: unknown) => void (outcome = { ok: false, error }),
    );
    // A wake() ends the wait too (an alert queued meanwhile): wait again until the send ends or stop().
    while (outcome === undefined && !current.stopped) await current.wait(Infinity, [sending]);
    // Stopped: a send that did not finish (or failed because the stop aborted it) goes back as interrupted, not as a failure.
    if (outcome === undefined || (current.stopped && !outcome.ok)) {
      const back = queue.abandon(d.id, owner);
      if (back) sayReturned(back, 'interrupted');
      return;
    }
    const durationMs = clock.millis() - started;
    const base = { attempt: d.attempts, durationMs };
    if (outcome.ok) {
      const done = queue.sent(d.id, owner);
      say(
        done
          ? { ...base, level: 'info', message: `${about(d)} sent to ${channel(d)} (${outcome.detail}).`, outcome: 'succeeded' }
          : { ...base, level: 'warn', message: `${about(d)} was sent to ${channel(d)} after its lease ran out; it may be sent again.` },
      );
      return;
    }
    const after = queue.failed(d.id, owner, outcome.error);
    if (!after) {
      say({ ...base, level: 'warn', message: `${about(d)} could not be sent to ${channel(d)}, after its lease ran out; the failure was not recorded.` });
      return;
    }
    const reason = `${about(d)} could not be sent to ${channel(d)}: ${after.lastError ?? 'no reason given'}`;
    const errorClass = after.lastErrorClass ?? 'unknown';
    if (after.state === 'queued') {
      say({
        ...base,
        level: 'warn',
        message: `${reason}; attempt ${after.attempts} of ${after.maxAttempts}, next at ${at(after.nextRunAt)}.`,
        outcome: 'will_retry',
        errorClass,
        retryAtMs: after.nextRunAt,
      });
      return;
    }
    const early = after.attempts < after.maxAttempts ? ' (trying again would fail the same way)' : '';
    say({
      ...base,
      level: 'error',
      message: `${reason}; gave up after ${attemptsWord(after.attempts)}${early}; retry it from the Jobs page.`,
      outcome: 'dead',
      errorClass,
    });
  }

  /** One turn: sweep, claim, send; false when nothing was due. */
  async function turn(current: LoopControl): Promise<boolean> {
    sweep();
    if (current.stopped) return false;
    const d = queue.claim(owner, leaseMs);
    if (!d) return false;
    await deliver(d, current);
    return true;
  }

  async function runLoop(current: LoopControl): Promise<void> {
    while (!current.stopped) {
      let waitMs: number;
      try {
        while (await turn(current));
        const due = queue.nextDueAt();
        waitMs = due === undefined ? Infinity : Math.max(1, due - clock.millis());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        say({ level: 'error', message: `Alerts could not be sent: ${reason}. Trying again in ${PAUSE_AFTER_ERROR_MS / 1000} s.` });
        waitMs = PAUSE_AFTER_ERROR_MS;
      }
      if (current.stopped) break;
      await current.wait(waitMs);
      // A real macrotask turn each time round: on a fake clock waits end at once, and this lets stop() run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  return {
    start() {
      if (loop) return;
      if (control.stopped) control = createLoopControl(clock);
      loop = runLoop(control);
    },
    wake: () => control.wake(),
    async stop() {
      control.stop();
      await loop;
      loop = undefined;
    },
    async runUntilIdle() {
      for (let step = 0; step < MAX_IDLE_STEPS; step++) {
        if (!(await turn(control))) return;
      }
      throw new Error(`The alert delivery worker was still busy after ${MAX_IDLE_STEPS} deliveries.`);
    },
  };
}
