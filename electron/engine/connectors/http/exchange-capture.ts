/**
 * Which HTTP exchanges belong to which job. A connector's client is shared by every job running at
 * once, so its exchange listener cannot know the job; the attempt runs inside captureExchanges()
 * instead, and AsyncLocalStorage hands each exchange to the attempt whose calls made it. The attempt's
 * log entry then carries the request and answer (already redacted by the connector).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CapturedExchange {
  method: string;
  /** The resource, e.g. `complaints`. */
  table: string;
  status: number;
  /** Redacted request and answer, as the connector writes them for the log. */
  request: string;
  response: string;
}

const current = new AsyncLocalStorage<CapturedExchange[]>();

/** Runs `fn`, collecting the exchanges its calls make (and only theirs). */
export async function captureExchanges<T>(fn: () => Promise<T>): Promise<{ value: T; exchanges: CapturedExchange[] }> {
  const exchanges: CapturedExchange[] = [];
  const value = await current.run(exchanges, fn);
  return { value, exchanges };
}

/**
 * A connector's exchange listener: kept only when an attempt is capturing. Kept as given: its
 * `response` may be a getter that redacts on first read, and only the main exchange is read.
 */
export function recordExchange(exchange: CapturedExchange): void {
  current.getStore()?.push(exchange);
}

/** The exchange worth showing for an attempt: the last write (PUT/POST), else the last one. */
export function mainExchange(exchanges: readonly CapturedExchange[]): CapturedExchange | undefined {
  return [...exchanges].reverse().find((e) => e.method === 'PUT' || e.method === 'POST') ?? exchanges.at(-1);
}
