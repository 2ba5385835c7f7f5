/**
 * The prompt stop of every network wait in a diagnosis: each gives up after the step's time, or at
 * once when the diagnosis is stopped, and frees what it holds (a socket, a request) as it does.
 * Real time, not the Clock: the network is not on the clock.
 */
import net from 'node:net';
import { seconds } from './steps';

export interface StepLimits {
  /** Each network wait gives up after this long. */
  timeoutMs: number;
  /** Aborted when the diagnosis must stop (casebridge closing). */
  signal?: AbortSignal;
}

export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

export class StoppedError extends Error {
  readonly code = 'ABORT_ERR';
  constructor() {
    super('the diagnosis was stopped');
  }
}

export const ignore = () => {};

export function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Settles as `attempt` does, or gives up after `limits.timeoutMs` (a TimeoutError) or when the
 * signal aborts (a StoppedError). Giving up first calls `giveUp(reason)` to free what the attempt
 * holds; `giveUp` may still settle the attempt itself (an answer half read is kept).
 */
export function bounded<T>(
  limits: StepLimits,
  attempt: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
  giveUp: (reason: Error) => void = ignore,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
    };
    const stop = (reason: Error) => {
      if (settled) return;
      giveUp(reason);
      if (settled) return;
      settle();
      reject(reason);
    };
    const onAbort = () => stop(new StoppedError());
    if (limits.signal?.aborted) return void reject(new StoppedError());
    const timer = setTimeout(() => stop(new TimeoutError('timed out')), limits.timeoutMs);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (error: unknown) => {
      if (settled) return;
      settle();
      reject(error);
    };
    try {
      attempt((value) => {
        if (settled) return;
        settle();
        resolve(value);
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}

/** `promise`, unless the signal aborts first (a StoppedError): for waits that have their own time limit. */
export function untilStopped<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return bounded({ timeoutMs: 2 ** 31 - 1, signal }, (resolve, reject) => void promise.then(resolve, reject));
}

/**
 * A socket once it is `ready` ('connect', or 'secureConnect' for TLS); destroyed when it fails or is
 * given up. A ready socket keeps a listener for the errors nobody else hears (they would end the process).
 */
export function opened<S extends net.Socket>(open: () => S, ready: 'connect' | 'secureConnect', limits: StepLimits): Promise<S> {
  let socket: S;
  return bounded<S>(
    limits,
    (resolve, reject) => {
      socket = open();
      socket.once(ready, () => {
        socket.removeAllListeners('error');
        // Later errors reach whoever uses the socket next.
        socket.on('error', ignore);
        resolve(socket);
      });
      socket.once('error', (error) => {
        socket.destroy();
        reject(error);
      });
    },
    () => socket.destroy(),
  );
}

/** One TCP connection to host:port. */
export function connectOnce(connect: (host: string, port: number) => net.Socket, host: string, port: number, limits: StepLimits): Promise<net.Socket> {
  return opened(() => connect(host, port), 'connect', limits);
}

/**
 * The TLS socket first, then the connection under it, each once: destroying a plain socket while
 * the TLS socket wrapping it is still open crashed Node 20 (a segmentation fault) in our tests.
 */
export function closeAll(sockets: net.Socket[]): void {
  for (const socket of sockets.splice(0).reverse()) socket.destroy();
}

export type SocketErrorKind = 'timeout' | 'refused' | 'unreachable' | 'reset' | 'other';

/** A connection error in plain words, naming `where`, and its kind for the advice. */
export function describeSocketError(error: unknown, where: string, timeoutMs: number): { detail: string; kind: SocketErrorKind } {
  const code = errorCode(error);
  switch (code) {
    case 'ETIMEDOUT':
      return { kind: 'timeout', detail: `No answer from ${where} within ${seconds(timeoutMs)}: the connection attempt timed out.` };
    case 'ECONNREFUSED':
      return { kind: 'refused', detail: `${where} refused the connection (ECONNREFUSED): nothing accepts connections there, or a firewall rejects this workstation.` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'unreachable', detail: `There is no route from this workstation to ${where} (${code}).` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', detail: `The connection to ${where} was cut (${code}).` };
    default:
      return { kind: 'other', detail: `Could not connect to ${where}: ${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}.` };
  }
}
