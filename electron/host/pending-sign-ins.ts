/**
 * Single sign-ons under way: what the provider's redirect back must be checked against (state,
 * nonce, PKCE verifier), kept on the server and found by a short-lived random cookie, so none of
 * it travels through the browser. Each is used once; older than SSO_PENDING_SECONDS, it is gone.
 */
import { randomBytes } from 'node:crypto';
import { SSO_PENDING_SECONDS } from './cookies';

/** Sign-ins under way at once; past this the oldest is dropped (a flood of starts cannot grow memory). */
const MAX_PENDING = 1_000;

export interface PendingSignIns<P> {
  add(pending: P): string;
  /** The sign-in for this cookie, once: undefined when unknown, used or too old. */
  take(id: string | undefined): P | undefined;
}

export function createPendingSignIns<P>(now: () => number): PendingSignIns<P> {
  const entries = new Map<string, { pending: P; startedAt: number }>();
  const fresh = (startedAt: number) => now() - startedAt < SSO_PENDING_SECONDS * 1000;
  return {
    add(pending) {
      for (const [id, entry] of entries) if (!fresh(entry.startedAt)) entries.delete(id);
      if (entries.size >= MAX_PENDING) entries.delete(entries.keys().next().value!);
      const id = randomBytes(24).toString('base64url');
      entries.set(id, { pending, startedAt: now() });
      return id;
    },
    take(id) {
      if (!id) return undefined;
      const entry = entries.get(id);
      entries.delete(id);
      return entry && fresh(entry.startedAt) ? entry.pending : undefined;
    },
  };
}
