/**
 * What the webhook admits before it reads a body. Anyone who can reach the listener can post to it
 * before a signature is checked, so without limits a flood could hold thousands of 1 MB bodies in
 * memory or take the engine's core from the CRM. Limits are per remote address, plus one for the
 * whole host (addresses are cheap to an attacker on a network). A refused request is answered at
 * once, with Retry-After, and its connection closed without reading its body.
 *
 * Decisions (the defaults, in WEBHOOK_LIMITS, and why):
 * - 32 connections at once per address: a CRM posts from a pool of one to 16 connections; twice
 *   that leaves room for its reconnects. Extra connections get 429.
 * - 5,000 requests a second per address (a token bucket holding one second's worth): above what the
 *   engine stores (about 3,000 cases a second), so a CRM re-sending a backlog from one address is
 *   paced by the engine, never by this limit; a flood from one address is cut to it. 429 with
 *   Retry-After in whole seconds (the wait for the next token, at least 1).
 * - 64 MB of bodies in hand at once, whatever the addresses: 64 bodies of the 1 MB maximum, or
 *   thousands of ordinary cases (a few kB each). A body counts for its declared length (the maximum
 *   when it is sent in chunks) from before it is read until its answer is sent. 503: the host is
 *   busy, not the sender at fault.
 * These are constants, not settings: no council has asked to tune them; tests pass their own.
 */
import type { Clock } from '../clock';

export interface WebhookLimits {
  maxConnectionsPerAddress: number;
  requestsPerSecondPerAddress: number;
  /** The largest body accepted (413 above it). */
  maxBodyBytes: number;
  /** Bytes of bodies being read or waiting for their answer at once, for the whole listener. */
  maxBodyBytesInHand: number;
}

export const WEBHOOK_LIMITS: WebhookLimits = {
  maxConnectionsPerAddress: 32,
  requestsPerSecondPerAddress: 5_000,
  maxBodyBytes: 1_000_000,
  maxBodyBytesInHand: 64_000_000,
};

/**
 * Buckets kept at most. Past this, quiet addresses (full buckets) are forgotten, then the oldest:
 * with this many addresses sending at once the host-wide body limit is what protects the engine.
 */
const BUCKETS_KEPT = 10_000;

interface Bucket {
  tokens: number;
  atMs: number;
}

export interface Admission {
  /** Counts a new connection; false (not counted) when the address already has its maximum. */
  openConnection(address: string): boolean;
  closeConnection(address: string): void;
  /** Takes one request from the address's allowance; when there is none, the whole seconds to wait. */
  takeRequest(address: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Holds `bytes` of the host's body allowance; undefined when they do not fit. The release is idempotent. */
  holdBody(bytes: number): (() => void) | undefined;
}

export function createAdmission(limits: WebhookLimits, clock: Pick<Clock, 'millis'>): Admission {
  const connections = new Map<string, number>();
  const buckets = new Map<string, Bucket>();
  const rate = limits.requestsPerSecondPerAddress;
  let bodyBytesInHand = 0;

  const refill = (bucket: Bucket, nowMs: number) => {
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * rate);
    bucket.atMs = nowMs;
  };
  const makeRoom = (nowMs: number) => {
    for (const [address, bucket] of buckets) {
      refill(bucket, nowMs);
      if (bucket.tokens >= rate) buckets.delete(address);
    }
    // A tenth at once, so the scan above runs once per thousand new addresses, not for each.
    for (const address of buckets.keys()) {
      if (buckets.size < BUCKETS_KEPT * 0.9) break;
      buckets.delete(address);
    }
  };

  return {
    openConnection(address) {
      const open = connections.get(address) ?? 0;
      if (open >= limits.maxConnectionsPerAddress) return false;
      connections.set(address, open + 1);
      return true;
    },
    closeConnection(address) {
      const open = (connections.get(address) ?? 1) - 1;
      if (open <= 0) connections.delete(address);
      else connections.set(address, open);
    },
    takeRequest(address) {
      const nowMs = clock.millis();
      let bucket = buckets.get(address);
      if (!bucket) {
        if (buckets.size >= BUCKETS_KEPT) makeRoom(nowMs);
        bucket = { tokens: rate, atMs: nowMs };
        buckets.set(address, bucket);
      } else refill(bucket, nowMs);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
    },
    holdBody(bytes) {
      if (bodyBytesInHand + bytes > limits.maxBodyBytesInHand) return undefined;
      bodyBytesInHand += bytes;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        bodyBytesInHand -= bytes;
      };
    },
  };
}
