/**
 * A circuit breaker per connector: while the remote is unreachable, the worker stops claiming, so
 * queued jobs wait without spending attempts; after a cool-down one probe job tests recovery.
 * A pure state machine on the injected clock (no timers), so it is tested without waiting.
 *
 * Only connection-class failures (kinds `connection`, `timeout`) count: any answer from the
 * remote, even a 5xx or a validation error, proves it is reachable, so it resets the count.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../clock';
import { isConnectorError } from '../connectors/errors';

export interface BreakerSettings {
  /** Consecutive connection-class failures that open the circuit... */
  failureThreshold: number;
  /** ...when they all happened within this window. */
  windowMs: number;
  coolDownMs: number;
  /** Each failed probe doubles the cool-down, up to this. */
  maxCoolDownMs: number;
}

export const DEFAULT_BREAKER: Readonly<BreakerSettings> = { failureThreshold: 5, windowMs: 60_000, coolDownMs: 30_000, maxCoolDownMs: 10 * 60_000 };

export type BreakerState =
  | { state: 'closed' }
  | { state: 'open'; since: string; probeAt: string; coolDownMs: number }
  /** Half-open: one probe may run; `inFlight` says whether it has started. */
  | { state: 'probing'; inFlight: boolean }
  | { state: 'paused'; since: string };

export interface CircuitBreaker {
  /** Asks to start one attempt; true when allowed (in probing, only once until it reports). */
  tryAcquire(): boolean;
  /** Gives back an acquired slot that was not used (nothing was due). */
  release(): void;
  recordSuccess(): void;
  recordFailure(error: unknown): void;
  pause(): void;
  /** Ends a manual pause; the circuit starts closed. */
  resume(): void;
  state(): BreakerState;
  /** When an open circuit will allow a probe (ms), for the worker's sleep. */
  probeAt(): number | undefined;
}

export function isConnectionClass(error: unknown): boolean {
  return isConnectorError(error) && (error.kind === 'connection' || error.kind === 'timeout');
}

export function createCircuitBreaker(clock: Clock, settings: BreakerSettings = DEFAULT_BREAKER): CircuitBreaker {
  const now = () => clock.millis();
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO() ?? '';
  let mode: 'closed' | 'open' | 'probing' | 'paused' = 'closed';
  let failures: number[] = [];
  let openedAt = 0;
  let coolDown = settings.coolDownMs;
  let probeInFlight = false;
  let pausedAt = 0;

  function open(at: number): void {
    mode = 'open';
    openedAt = at;
    probeInFlight = false;
    failures = [];
  }

  /** An open circuit becomes half-open once its cool-down has passed (checked lazily). */
  function refresh(): void {
    if (mode === 'open' && now() >= openedAt + coolDown) mode = 'probing';
  }

  return {
    tryAcquire() {
      refresh();
      if (mode === 'closed') return true;
      if (mode === 'probing' && !probeInFlight) {
        probeInFlight = true;
        return true;
      }
      return false;
    },
    release() {
      if (mode === 'probing') probeInFlight = false;
    },
    // Any answer (even from an attempt that started before the circuit opened) proves the remote
    // is reachable, so it closes the circuit and restores the base cool-down.
    recordSuccess() {
      if (mode === 'paused') return;
      mode = 'closed';
      coolDown = settings.coolDownMs;
      failures = [];
      probeInFlight = false;
    },
    recordFailure(error) {
      if (mode === 'paused') return;
      const at = now();
      if (!isConnectionClass(error)) {
        // The remote answered: it is reachable.
        return this.recordSuccess();
      }
      if (mode === 'probing') {
        coolDown = Math.min(settings.maxCoolDownMs, coolDown * 2);
        return open(at);
      }
      if (mode !== 'closed') return;
      failures = [...failures.filter((t) => t > at - settings.windowMs), at];
      if (failures.length >= settings.failureThreshold) open(at);
    },
    pause() {
      if (mode !== 'paused') pausedAt = now();
      mode = 'paused';
      probeInFlight = false;
    },
    resume() {
      if (mode !== 'paused') return;
      mode = 'closed';
      failures = [];
      coolDown = settings.coolDownMs;
    },
    state() {
      refresh();
      switch (mode) {
        case 'closed':
          return { state: 'closed' };
        case 'open':
          return { state: 'open', since: iso(openedAt), probeAt: iso(openedAt + coolDown), coolDownMs: coolDown };
        case 'probing':
          return { state: 'probing', inFlight: probeInFlight };
        case 'paused':
          return { state: 'paused', since: iso(pausedAt) };
      }
    },
    probeAt() {
      refresh();
      return mode === 'open' ? openedAt + coolDown : undefined;
    },
  };
}
