/** Types both emulators share. */

/** The start options both emulators take; each adds its own (users or keys, page size, `empty`...). */
export interface SharedEmulatorOptions<Faults> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The server's wall clock in ms since epoch (default Date.now); tests inject a fake. */
  now?: () => number;
  faults?: Partial<Faults>;
  /** Deterministic demo data and fault PRNG (default 1). */
  seed?: number;
  /**
   * How the emulator waits for `latencyMs` (default a real timer). Tests pass one that moves their
   * fake clock instead, so latency is measured on the injected clock.
   */
  sleep?: (ms: number) => Promise<void>;
}

/** A request-log entry as both emulators keep it; each adds who called (user, key, address). */
export interface SharedRequestLogEntry {
  method: string;
  /** The path without the query string, e.g. /api/v1/NBH/contacts or /rest/v1/complaints/25. */
  path: string;
  /** The query string without '?', '' when none. */
  query: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** The server's clock (ms) when the request was processed. */
  at: number;
}
