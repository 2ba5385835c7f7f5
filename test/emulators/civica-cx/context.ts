/** The state one emulator instance shares between its API handler, admin handler and methods. */
import type { Allowlist, Tokens } from './auth';
import type { FaultState } from './faults';
import type { DemoFacts } from './seed';
import type { RefusalStyle } from './refusal-style';
import type { Store } from './store';
import type { CxUser, RequestLogEntry } from './types';

export interface EmulatorContext {
  store: Store;
  faults: FaultState;
  users: Map<string, Required<CxUser>>;
  tokens: Tokens;
  allowlist: Allowlist;
  tokenLifetimeMs: number;
  pageSize: number;
  /** The server's clock: injected now() plus the clock offset fault. */
  serverNow(): number;
  sleep(ms: number): Promise<void>;
  log: RequestLogEntry[];
  demo: DemoFacts | null;
  /** How refusals are answered (./refusal-style.ts). */
  refusalStyle: RefusalStyle;
}

export const MAX_LOG_ENTRIES = 100_000;
/** The instance's zone: times are answered as ISO 8601 with the London offset. */
export const ZONE = 'Europe/London';
export const MAX_PAGE_SIZE = 100;

export function appendLog(ctx: EmulatorContext, entry: RequestLogEntry): void {
  ctx.log.push(entry);
  if (ctx.log.length > MAX_LOG_ENTRIES) ctx.log.splice(0, ctx.log.length - MAX_LOG_ENTRIES);
}
