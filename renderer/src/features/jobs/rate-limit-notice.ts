/**
 * What a queue card says while a connection's rate limit holds requests back. Held work is not
 * failing: it is sent as the limit allows, so the card says so as information, with where the
 * limit is set, and says nothing at all when the engine reports no hold.
 */
import type { RateLimitView } from '../../../../shared/domain/rate-limit';
import { formatLogClock, formatLogTime } from '../../ui/log-format';

export interface RateLimitNotice {
  /** "3 requests held by the rate limit". */
  held?: string;
  /** "Tascomi / Idox Cloud asked casebridge to wait until 12:53:02", with the full time for a title. */
  paused?: { sentence: string; at: string };
}

/** The notice for one connection (`system` as the card names it), or null while nothing is held. */
export function describeRateLimitHold(system: string, view: RateLimitView | undefined): RateLimitNotice | null {
  if (!view) return null;
  const notice: RateLimitNotice = {};
  // A pause with nothing waiting yet is said alone: "0 requests held" would read as a fault.
  if (view.held > 0 || !view.pausedUntil) notice.held = `${view.held} request${view.held === 1 ? '' : 's'} held by the rate limit`;
  if (view.pausedUntil) notice.paused = { sentence: `${system} asked casebridge to wait until ${formatLogClock(view.pausedUntil)}`, at: formatLogTime(view.pausedUntil) };
  return notice;
}
