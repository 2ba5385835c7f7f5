/**
 * Which open consoles belong to which session and account, so that a session's end reaches its
 * consoles at once: signing out closes that session's sockets; an account's sessions ending
 * (disabled, password reset, role changed, signed out everywhere) closes every socket of that
 * account. Each call also re-checks its session, so a console is never a step behind.
 *
 * A session that times out while its console sits open is told to no one: `sweep` (run every
 * minute) re-checks the session of each socket that has made no call for the session's idle time,
 * so a console left open stops receiving pushes once its session has lapsed. It only re-checks
 * those: a check counts as use, and must not keep an idle session alive.
 */
import type { WebSocket } from 'ws';
import type { Unsubscribe } from '../../shared/contract';
import type { Caller } from '../../shared/domain/people';
import { CLOSE_CODES } from '../../shared/wire';
import type { Sessions } from '../engine/people/people';

/** The most a close reason may carry (RFC 6455: 123 bytes); longer words are cut, not refused. */
const MAX_REASON_BYTES = 123;

interface Held {
  sessionId: string;
  accountId: number | undefined;
  lastCallAt: number;
}

export interface SessionSockets {
  attach(socket: WebSocket, sessionId: string, caller: Caller): void;
  /** The socket's person as their session says now, or null once it has ended (the socket is then closed). */
  callerFor(socket: WebSocket): Caller | null;
  closeSession(sessionId: string, why: string): void;
  /** Closes the sockets, idle for their session's idle time, whose session has ended. */
  sweep(): void;
  stop(): void;
}

export const SWEEP_EVERY_MS = 60_000;

export function closeReason(why: string): string {
  let reason = why;
  while (Buffer.byteLength(reason) > MAX_REASON_BYTES) reason = `${reason.slice(0, -2)}…`;
  return reason;
}

const ENDED = 'Your session has ended: sign in again.';

/** The engine says why an account's sessions ended as a clause for its log ("your account was disabled by …"); the person reads a sentence. */
export function endedInWords(why: string): string {
  const words = why.trim();
  if (!words) return ENDED;
  return `${words[0]!.toUpperCase()}${words.slice(1)}${/[.!?]$/.test(words) ? '' : '.'}`;
}

export function createSessionSockets(sessions: Sessions, report: (message: string) => void, now: () => number = Date.now): SessionSockets {
  const held = new Map<WebSocket, Held>();
  const close = (socket: WebSocket, why: string) => {
    held.delete(socket);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CLOSE_CODES.signedOut, closeReason(why));
  };
  const closeWhere = (match: (h: Held) => boolean, why: string) => {
    let count = 0;
    for (const [socket, h] of [...held]) {
      if (!match(h)) continue;
      close(socket, why);
      count++;
    }
    if (count > 0) report(`${count === 1 ? 'A console was' : `${count} consoles were`} closed: ${why}`);
  };
  const unsubscribe: Unsubscribe = sessions.onEnded((accountId, why) => closeWhere((h) => h.accountId === accountId, endedInWords(why)));
  return {
    attach(socket, sessionId, caller) {
      held.set(socket, { sessionId, accountId: caller.accountId, lastCallAt: now() });
      socket.once('close', () => held.delete(socket));
    },
    callerFor(socket) {
      const h = held.get(socket);
      const caller = h ? sessions.check(h.sessionId) : null;
      if (!caller) close(socket, ENDED);
      else h!.lastCallAt = now();
      return caller;
    },
    closeSession(sessionId, why) {
      closeWhere((h) => h.sessionId === sessionId, why);
    },
    sweep() {
      const idleMs = sessions.describe().idleMinutes * 60_000;
      const ended = new Set<string>();
      for (const h of held.values()) {
        if (now() - h.lastCallAt >= idleMs && !ended.has(h.sessionId) && !sessions.check(h.sessionId)) ended.add(h.sessionId);
      }
      if (ended.size > 0) closeWhere((h) => ended.has(h.sessionId), ENDED);
    },
    stop() {
      unsubscribe();
      held.clear();
    },
  };
}
