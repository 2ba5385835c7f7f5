/**
 * Signed-in sessions (people.ts's Sessions): the id goes in the person's cookie, only its SHA-256
 * is stored, so a copy of the database signs no one in.
 *
 * Decisions:
 * - `check` reads the session with its account every time (one indexed lookup): a disabled
 *   account, a new role or a new name counts at the next call, not at the next sign-in.
 * - Idle and absolute timeouts are measured on the injected clock; a session past either is
 *   deleted when it is next checked, and every new sign-in sweeps the ones nobody came back to.
 * - last_seen_at is written at most once a minute per session: a console makes many calls a
 *   minute, and the idle timeout is counted in tens of minutes.
 * - `end` (signing out of one console) tells no listener: the host closes that session's sockets
 *   itself. `endAllFor` tells them, as an account's open consoles must all go at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Unsubscribe } from '../../../shared/contract';
import type { Caller } from '../../../shared/domain/people';
import { isoInZone, type Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { SessionRepo } from '../store/session-repo';
import { callerOfAccount } from './account-row';
import type { Sessions } from './people';

export const DEFAULT_SESSION_TIMEOUTS = { idleMinutes: 30, absoluteHours: 12 };
const TOUCH_EVERY_MS = 60_000;
/** 32 random bytes in base64url: 43 characters. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface SessionsDeps {
  repo: SessionRepo;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  /** Account names for the records of a sign-out (the session row keeps only the account id). */
  accountName: (accountId: number) => string;
  /** The name records carry for the account (its display name), for entries written outside any call. */
  personName?: (accountId: number) => string | undefined;
  timeouts?: { idleMinutes: number; absoluteHours: number };
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

export function createSessions(deps: SessionsDeps): Sessions {
  const { repo, clock } = deps;
  const timeouts = deps.timeouts ?? DEFAULT_SESSION_TIMEOUTS;
  if (!(timeouts.idleMinutes > 0 && timeouts.absoluteHours > 0)) throw new Error('Session timeouts must be more than zero.');
  const idleMs = timeouts.idleMinutes * 60_000;
  const absoluteMs = timeouts.absoluteHours * 3_600_000;
  const listeners = new Set<(accountId: number, why: string) => void>();
  const log = (message: string, accountId?: number) => {
    const person = accountId === undefined ? undefined : deps.personName?.(accountId);
    deps.log.write({ level: 'info', source: 'accounts', message, ...(person ? { person } : {}) });
  };

  return {
    start(caller: Caller, method) {
      if (caller.accountId === undefined) throw new Error(`A session is for a signed-in account; ${caller.name} has none.`);
      const now = clock.millis();
      repo.deleteExpired(now - idleMs, now - absoluteMs);
      const id = randomBytes(32).toString('base64url');
      repo.insert({ idHash: hashOf(id), accountId: caller.accountId, method, createdAt: now, lastSeenAt: now });
      return { id, expiresAt: isoInZone(now + absoluteMs, clock.zone) };
    },

    check(id) {
      if (typeof id !== 'string' || !SESSION_ID.test(id)) return null;
      const idHash = hashOf(id);
      const session = repo.withAccount(idHash);
      if (!session) return null;
      const now = clock.millis();
      if (session.disabled || now - session.lastSeenAt >= idleMs || now - session.createdAt >= absoluteMs) {
        repo.delete(idHash);
        return null;
      }
      if (now - session.lastSeenAt >= TOUCH_EVERY_MS) repo.touch(idHash, now);
      return callerOfAccount(session.accountId, session);
    },

    end(id) {
      if (typeof id !== 'string' || !SESSION_ID.test(id)) return;
      const accountId = repo.delete(hashOf(id));
      if (accountId !== undefined) log(`${deps.accountName(accountId)} signed out.`, accountId);
    },

    endAllFor(accountId, why) {
      const ended = repo.deleteAllFor(accountId);
      if (ended > 0) log(`${deps.accountName(accountId)}: ${ended === 1 ? 'their session ended' : `their ${ended} sessions ended`} (${why}).`, accountId);
      for (const listener of [...listeners]) {
        try {
          listener(accountId, why);
        } catch (error) {
          deps.log.write({ level: 'error', source: 'accounts', message: `A listener for ended sessions failed: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    },

    onEnded(listener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    describe: () => ({ ...timeouts }),
  };
}
