/**
 * What a log entry looks like when it leaves the engine: the one rule every path uses (the live
 * tail, the `log` event, a case's page, the Log page's rows, detail and CSV export). Personal values
 * are stored marked (personal-data.ts) in the message, the request and the answer; they leave hidden
 * unless a person asked to reveal them, and only getLogEntry can ask (the reveal is logged there).
 */
import type { LogEntry } from '../../../shared/domain/log-entry';
import { hasPersonal, hidePersonal, revealPersonal } from './personal-data';

/** The parts of an entry that may carry personal values: a list row has only the message. */
type Texts = Pick<LogEntry, 'message' | 'request' | 'response'>;

export function entryForConsole<E extends Pick<LogEntry, 'message'> & Partial<Texts>>(entry: E, options: { reveal: boolean }): E {
  const shown = options.reveal ? revealPersonal : hidePersonal;
  return {
    ...entry,
    message: shown(entry.message),
    ...(entry.request !== undefined ? { request: shown(entry.request) } : {}),
    ...(entry.response !== undefined ? { response: shown(entry.response) } : {}),
  };
}

/** Whether showing the entry hides anything (the detail says so, and a reveal is recorded). */
export function entryHasPersonal(entry: Partial<Texts>): boolean {
  return hasPersonal([entry.message, entry.request, entry.response].join('\n'));
}
