import type { StopSignal } from '../shared/stop-signals.mjs';

export interface StoppableChild {
  readonly exitCode: number | null;
  readonly signalCode: string | null;
  kill(signal?: StopSignal): boolean;
}
export interface SignalHost {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}
export function passStopToChild(child: StoppableChild, options?: { platform?: string; host?: SignalHost; say?: (line: string) => void }): () => void;
