/**
 * The durable queue of alert deliveries (one alert message to one channel): the policy over
 * alert-delivery-repo's guarded statements, with the job queue's semantics (jobs/queue.ts). An alert
 * is queued (committed) before anything is sent, so a crash, a stop or a channel that is down for an
 * hour delays it but does not lose it; a delivery that used its budget is dead and a person can retry
 * it from the Jobs page.
 *
 * Decisions:
 * - Alerts are few (grouped, with quiet periods): ONE worker loop sends one delivery at a time
 *   (delivery-worker.ts). So no claimMany, no lease renewal: a send bounds its own time (the SMTP
 *   and HTTP timeouts, well under the lease), and a lease that runs out is the crash case.
 * - Attempts are counted at claim, in a durable commit: a send cut off by a crash has been counted,
 *   so a channel that hangs the app cannot be tried beyond its budget.
 * - A failure's class and retryability come from the AlertSendError (alerts/send-failure.ts, the
 *   one table of words), read duck-typed here; anything else thrown is class `unknown` and
 *   retryable (a local hiccup should not lose an alert; the budget bounds a real bug). Not
 *   retryable (a refused password, a deleted channel) is dead at once: more attempts would fail
 *   the same way.
 * - Backoff is the jobs' (jobs/backoff.ts, DEFAULT_BACKOFF, full jitter): up to 2 s after the first
 *   attempt, doubling, so the 7 waits of 8 attempts add up to 254 s at most; a relay down for longer
 *   leaves a dead delivery that the Jobs page shows and a person retries.
 * - retryNow (dead or cancelled -> queued, due now) keeps the attempt count, so "attempt 9" in the
 *   log stays unique, and grants a fresh budget: max_attempts = attempts + ALERT_DELIVERY_MAX_ATTEMPTS.
 * - An interrupted attempt (the worker stopping, abandon) and an expired lease go back to the queue
 *   due at once (the attempt stays counted: the message may have gone out, and a repeat alert is
 *   better than none), or dead when the budget is spent.
 * - cancelForChannel cancels only queued deliveries (the channel was deleted); one running is left
 *   to end, and its send fails as not retryable because the channel is gone.
 * - sent/failed are accepted from the lease holder while the delivery is still `running` under its
 *   name; once swept or re-claimed they are refused (false).
 * - onChange hears each changed row once its transaction commits (Store.afterCommit), never one
 *   rolled back.
 */
import { DateTime } from 'luxon';
import { ALERT_DELIVERY_MAX_ATTEMPTS, ALERT_DELIVERY_STATES, type AlertDeliveryState, type AlertDeliveryView, type AlertMessage } from '../../../shared/domain/alerts';
import type { Clock } from '../clock';
import { backoffDelay, DEFAULT_BACKOFF, type Random } from '../jobs/backoff';
import { createAlertDeliveryRepo, type AlertDelivery, type DeliveryAttemptEnd } from '../store/alert-delivery-repo';
import type { Store } from '../store/open-store';

export type { AlertDelivery } from '../store/alert-delivery-repo';

export interface NewAlertDelivery {
  channelId: string;
  channelName: string;
  message: AlertMessage;
}

export interface AlertDeliveryQueue {
  /** One durable commit for all of them (a grouped alert to three channels is three rows). */
  enqueue(deliveries: readonly NewAlertDelivery[]): AlertDelivery[];
  /** The next due delivery, its attempt counted (durably) and leased to `owner` for `leaseMs`. */
  claim(owner: string, leaseMs: number): AlertDelivery | undefined;
  sent(id: number, owner: string): AlertDelivery | false;
  /** Backoff with full jitter (jobs/backoff.ts, DEFAULT_BACKOFF) while attempts < max; dead after; an AlertSendError that is not retryable -> dead at once. */
  failed(id: number, owner: string, error: unknown): AlertDelivery | false;
  /** Gives a running attempt back (the worker is stopping): queued, due now, or dead at budget. */
  abandon(id: number, owner: string): AlertDelivery | false;
  /** At start and each turn: running with an expired lease -> queued (or dead at budget). */
  sweepExpiredLeases(): AlertDelivery[];
  /** Dead/cancelled -> queued, keeps attempts, a fresh budget of ALERT_DELIVERY_MAX_ATTEMPTS; `who` is kept as its last action. */
  retryNow(id: number, who: string): AlertDelivery | false;
  /** The channel's queued deliveries -> cancelled (the channel was deleted). */
  cancelForChannel(channelId: string, who: string): AlertDelivery[];
  /** Newest first. */
  list(filter: { states?: readonly AlertDeliveryState[]; limit: number }): AlertDelivery[];
  get(id: number): AlertDelivery | undefined;
  /** When something is next due: a queued delivery's next run, or a running one's lease end (for the sweep). */
  nextDueAt(): number | undefined;
  /** Counts by state, for the Jobs page header and /healthz-like summaries. */
  counts(): Record<AlertDeliveryState, number>;
}

export interface AlertDeliveryQueueDeps {
  store: Store;
  clock: Clock;
  random?: Random;
  /** Hears every row the queue changed (the console's `alertDeliveryChanged`), once the change commits. */
  onChange?: (delivery: AlertDelivery) => void;
}

/**
 * How a send failed, whatever was thrown. An AlertSendError (send-failure.ts) is read duck-typed,
 * `error instanceof Error && 'errorClass' in error`, so this module does not depend on the sending
 * side; anything else is class `unknown` and retryable.
 */
export function describeSendFailure(error: unknown): { message: string; errorClass: string; retryable: boolean } {
  if (error instanceof Error && 'errorClass' in error && typeof error.errorClass === 'string') {
    const retryable = 'retryable' in error && typeof error.retryable === 'boolean' ? error.retryable : true;
    return { message: bounded(error.message || error.errorClass), errorClass: error.errorClass, retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: bounded(`Unexpected failure: ${message || 'no message'}`), errorClass: 'unknown', retryable: true };
}

/** A reason short enough for the Jobs page and a log line (a relay can answer with a page of text). */
const bounded = (text: string) => (text.length > 1_000 ? `${text.slice(0, 999)}…` : text);

export function createAlertDeliveryQueue(deps: AlertDeliveryQueueDeps): AlertDeliveryQueue {
  const { store, clock } = deps;
  const repo = createAlertDeliveryRepo(store);
  const random = deps.random ?? Math.random;
  const nowMs = () => clock.millis();
  /** Passes a changed row to onChange once its transaction commits, and returns it; undefined becomes false. */
  const changed = (delivery: AlertDelivery | undefined): AlertDelivery | false => {
    const { onChange } = deps;
    if (delivery && onChange) repo.afterCommit(() => onChange(delivery));
    return delivery ?? false;
  };

  /** Where an attempt that did not succeed goes next. */
  function afterFailure(delivery: AlertDelivery, retryable: boolean, now: number, soon = false): Pick<DeliveryAttemptEnd, 'state' | 'nextRunAt'> {
    if (!retryable || delivery.attempts >= delivery.maxAttempts) return { state: 'dead' };
    return { state: 'queued', nextRunAt: soon ? now : now + backoffDelay(delivery.attempts, DEFAULT_BACKOFF, random) };
  }

  /** Reads the row first so the policy can see its attempts; the write is guarded again in SQL. */
  function heldBy(id: number, owner: string): AlertDelivery | undefined {
    const delivery = repo.get(id);
    return delivery && delivery.state === 'running' && delivery.leaseOwner === owner ? delivery : undefined;
  }

  return {
    enqueue(deliveries) {
      const rows = repo.insertMany(
        deliveries.map((d) => ({ ...d, maxAttempts: ALERT_DELIVERY_MAX_ATTEMPTS })),
        nowMs(),
      );
      for (const row of rows) changed(row);
      return rows;
    },
    claim(owner, leaseMs) {
      const now = nowMs();
      return changed(repo.claim(owner, now + leaseMs, now)) || undefined;
    },
    sent(id, owner) {
      return changed(repo.sent(id, owner, nowMs()));
    },
    failed(id, owner, error) {
      const delivery = heldBy(id, owner);
      if (!delivery) return false;
      const now = nowMs();
      const failure = describeSendFailure(error);
      const end: DeliveryAttemptEnd = { ...afterFailure(delivery, failure.retryable, now), lastError: failure.message, lastErrorClass: failure.errorClass };
      return changed(repo.endAttempt(id, owner, end, now));
    },
    abandon(id, owner) {
      const delivery = heldBy(id, owner);
      if (!delivery) return false;
      const now = nowMs();
      const end: DeliveryAttemptEnd = {
        ...afterFailure(delivery, true, now, true),
        lastError: `Attempt ${delivery.attempts} was interrupted because casebridge was stopping; it may have been sent.`,
        lastErrorClass: 'interrupted',
      };
      return changed(repo.endAttempt(id, owner, end, now));
    },
    sweepExpiredLeases() {
      const now = nowMs();
      const ended: AlertDelivery[] = [];
      for (const delivery of repo.expiredLeases(now)) {
        const end: DeliveryAttemptEnd = {
          ...afterFailure(delivery, true, now, true),
          lastError: `Attempt ${delivery.attempts} did not finish before its lease ran out (the app stopped or the send hung); it may have been sent.`,
          lastErrorClass: 'lease_expired',
        };
        const row = changed(repo.endExpiredLease(delivery, end, now));
        if (row) ended.push(row);
      }
      return ended;
    },
    retryNow(id, who) {
      return changed(repo.requeue(id, ALERT_DELIVERY_MAX_ATTEMPTS, nowMs(), who));
    },
    cancelForChannel(channelId, who) {
      const rows = repo.cancelQueuedForChannel(channelId, who, nowMs());
      for (const row of rows) changed(row);
      return rows;
    },
    list: (filter) => repo.list(filter.states, filter.limit),
    get: (id) => repo.get(id),
    nextDueAt: () => repo.nextDueAt(),
    counts() {
      const counts = Object.fromEntries(ALERT_DELIVERY_STATES.map((state) => [state, 0])) as Record<AlertDeliveryState, number>;
      for (const { state, n } of repo.countsByState()) counts[state] = n;
      return counts;
    },
  };
}

/** A delivery as the console sees it: times ISO 8601 in the engine's zone, as job-view.ts writes them. */
export function deliveryView(d: AlertDelivery, zone: string): AlertDeliveryView {
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO() ?? new Date(ms).toISOString();
  return {
    id: d.id,
    channelId: d.channelId,
    channelName: d.channelName,
    condition: d.message.condition,
    title: d.message.title,
    state: d.state,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    ...(d.state === 'queued' ? { nextRunAt: iso(d.nextRunAt) } : {}),
    ...(d.lastError !== undefined ? { lastError: d.lastError } : {}),
    ...(d.lastErrorClass !== undefined ? { lastErrorClass: d.lastErrorClass } : {}),
    ...(d.lastActionBy !== undefined ? { lastActionBy: d.lastActionBy } : {}),
    ...(d.sentAt !== undefined ? { sentAt: iso(d.sentAt) } : {}),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}
