/**
 * Countdowns on the Jobs page ("next in 0:42") all tick from ONE shared 1-second timer, however many
 * rows show one: the timer runs only while something on screen listens to it.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The time now (ms), new each second while the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** Milliseconds left -> `0:42`, `12:05`, `1:02:03`; null once due (or past). Whole seconds round up. */
export function formatCountdown(msLeft: number): string | null {
  if (!Number.isFinite(msLeft) || msLeft <= 0) return null;
  const total = Math.ceil(msLeft / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "in 0:42", or "due now" once the time has come (an attempt may be waiting for a free worker). */
export function describeCountdown(iso: string | undefined, nowMs: number): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const left = formatCountdown(at - nowMs);
  return left ? `in ${left}` : 'due now';
}
