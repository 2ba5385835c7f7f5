/**
 * Sign-in, bearer tokens, API permission and the IP allowlist. Tokens are opaque random strings
 * that live `tokenLifetimeSeconds` on the server's clock; a token dies early when its user is
 * removed, changes password or loses API permission.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { describeIssues } from './faults';
import type { CxUser } from './types';

export const DEMO_USER: Readonly<{ username: string; password: string }> = Object.freeze({
  username: 'casebridge.api',
  password: 'casebridge-demo-password',
});

/** A housing officer who uses the Cx screens but has no API permission. */
export const NO_API_USER: Readonly<{ username: string; password: string }> = Object.freeze({
  username: 'jsmith.housing',
  password: 'housing-screens-only',
});

export const DEFAULT_ALLOWLIST: readonly string[] = Object.freeze(['127.0.0.1', '::1']);

export const BAD_CREDENTIALS_MESSAGE = 'The username or password is incorrect';

const userShape = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  apiAccess: z.boolean().optional(),
  companies: z.union([z.literal('all'), z.array(z.string().min(1))]).optional(),
});

export function parseUser(input: unknown): Required<CxUser> {
  const parsed = userShape.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid user: ${describeIssues(parsed.error)}`);
  const { username, password, apiAccess, companies } = parsed.data;
  return { username, password, apiAccess: apiAccess ?? true, companies: companies === undefined || companies === 'all' ? 'all' : [...companies] };
}

/** A user as the admin endpoint shows it: never the password. */
export function publicUser(user: Required<CxUser>) {
  return { username: user.username, apiAccess: user.apiAccess, companies: user.companies };
}

export function passwordMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Session {
  token: string;
  username: string;
  /** The password the token was issued under: changing the password ends the session. */
  password: string;
  expiresAt: number;
}

export class Tokens {
  private readonly sessions = new Map<string, Session>();

  issue(user: Required<CxUser>, serverNow: number, lifetimeMs: number): Session {
    this.sweep(serverNow);
    const session = {
      token: randomBytes(32).toString('base64url'),
      username: user.username,
      password: user.password,
      expiresAt: Math.floor((serverNow + lifetimeMs) / 1000) * 1000,
    }; // whole seconds, as answered
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for a token, or why there is none. */
  check(token: string, users: Map<string, Required<CxUser>>, serverNow: number): { session: Session; user: Required<CxUser> } | 'unknown' | 'expired' {
    const session = this.sessions.get(token);
    if (!session) return 'unknown';
    const user = users.get(session.username);
    if (!user || user.password !== session.password) {
      this.sessions.delete(token);
      return 'unknown';
    }
    // expiresAt is the first instant the token is no longer good.
    if (serverNow >= session.expiresAt) return 'expired';
    return { session, user };
  }

  /** Every token stops working now (admin: "expire tokens"). */
  expireAll(serverNow: number): number {
    for (const session of this.sessions.values()) session.expiresAt = Math.min(session.expiresAt, serverNow);
    return this.sessions.size;
  }

  count(): number {
    return this.sessions.size;
  }

  /** Forget tokens expired over a day ago, so a long benchmark does not grow the map forever. */
  private sweep(serverNow: number): void {
    for (const [token, session] of this.sessions) if (session.expiresAt < serverNow - 86_400_000) this.sessions.delete(token);
  }
}

/** `::ffff:127.0.0.1` (an IPv4 caller on a dual-stack socket) is the IPv4 address. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * How a blocked caller is answered: our JSON 403, or as a firewall in front of a hosted service
 * usually answers (nothing public shows Cx's): the connection held unanswered, cut, or an HTML page.
 */
export const ALLOWLIST_ANSWERS = ['json403', 'timeout', 'refused', 'html'] as const;
export type AllowlistAnswer = (typeof ALLOWLIST_ANSWERS)[number];

export function parseAllowlistAnswer(value: unknown): AllowlistAnswer {
  if (typeof value === 'string' && (ALLOWLIST_ANSWERS as readonly string[]).includes(value)) return value as AllowlistAnswer;
  throw new Error(`Invalid allowlist answer ${JSON.stringify(value)}: choose ${ALLOWLIST_ANSWERS.slice(0, -1).join(', ')} or ${ALLOWLIST_ANSWERS.at(-1)}`);
}

/** The addresses and CIDR blocks allowed to call the API, and how the others are answered. */
export class Allowlist {
  private entries: string[] = [];
  private list = new BlockList();
  private blockedAnswer: AllowlistAnswer = 'json403';

  constructor(entries: readonly string[], answer: unknown = 'json403') {
    this.replace(entries);
    this.setAnswer(answer);
  }

  get answer(): AllowlistAnswer {
    return this.blockedAnswer;
  }

  setAnswer(answer: unknown): void {
    this.blockedAnswer = parseAllowlistAnswer(answer);
  }

  get(): string[] {
    return [...this.entries];
  }

  /** Replaces the whole list; every entry is checked first, so a bad one changes nothing. */
  replace(entries: readonly unknown[]): void {
    const list = new BlockList();
    const clean: string[] = [];
    for (const [i, raw] of entries.entries()) {
      if (typeof raw !== 'string') throw new Error(`Invalid allowlist: entry ${i} must be a string (an address or a CIDR block)`);
      const entry = raw.trim();
      const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
      const address = cidr ? cidr[1]! : normaliseAddress(entry);
      const family = isIP(address);
      if (family === 0) throw new Error(`Invalid allowlist: entry ${i} "${raw}" is not an IP address or CIDR block`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (cidr) {
        const prefix = Number(cidr[2]);
        if (prefix > (family === 4 ? 32 : 128)) throw new Error(`Invalid allowlist: entry ${i} "${raw}" has a prefix longer than the address`);
        list.addSubnet(address, prefix, type);
      } else list.addAddress(address, type);
      clean.push(cidr ? entry : address);
    }
    this.list = list;
    this.entries = clean;
  }

  allows(remoteAddress: string): boolean {
    const address = normaliseAddress(remoteAddress);
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
