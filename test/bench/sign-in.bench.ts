/**
 * What signing in costs: one password hash with the real scrypt parameters (a sign-in spends one),
 * a refused sign-in as a known user against one as an unknown user (the same, so timing does not
 * tell which user names exist), and one `sessions.check`, which every call of a signed-in console
 * makes, on a store with 1,000 accounts and 10,000 sessions. No targets: the design sets none;
 * these say what a council can expect, and the consoles bench counts the check within its calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { hashPassword } from '../../electron/engine/people/password-hash';
import { benchEngine } from './bench-engine';
import { alternatedRounds, median } from './measure';
import { report } from './report';

const HASHES = 9;
const ACCOUNTS = 1_000;
const SESSIONS_PER_ACCOUNT = 10;
const CHECKS = 20_000;

it('sign-in: a password hash, refused sign-ins known and unknown, a session check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-sign-in-'));
  const engine = benchEngine(dir, { startWorkers: false });
  try {
    const hashes: number[] = [];
    for (let i = 0; i < HASHES; i++) {
      const t0 = performance.now();
      await hashPassword(`a password for the bench ${i}`);
      hashes.push(performance.now() - t0);
    }
    report({ name: 'password hash, scrypt N=2^15 r=8 p=1 (median)', value: median(hashes), unit: 'ms' });

    const { accounts, sessions } = engine.people;
    await accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex Admin', password: 'the bench admin password' });
    // A success after each known user's failure keeps the account short of its lock.
    const rounds = await alternatedRounds(6, ['known user, wrong password', 'unknown user'] as const, async (variant) => {
      const t0 = performance.now();
      await accounts.signIn(variant === 'unknown user' ? 'nobody-here' : 'alex', 'not the right password');
      const ms = performance.now() - t0;
      if (variant !== 'unknown user') await accounts.signIn('alex', 'the bench admin password');
      return ms;
    });
    for (const [variant, times] of rounds) report({ name: `refused sign-in, ${variant} (median)`, value: median(times), unit: 'ms' });

    // Accounts from single sign-on need no hash to make, so the store fills quickly.
    const ids: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const outcome = accounts.signInFromProvider({
        issuer: 'https://idp.example',
        subject: `s-${i}`,
        username: `person${i}@council.example`,
        displayName: `Person ${i}`,
        role: 'support',
      });
      if (!outcome.ok) throw new Error(outcome.message);
      for (let s = 0; s < SESSIONS_PER_ACCOUNT; s++) ids.push(sessions.start(outcome.caller, 'oidc').id);
    }
    const perCheck: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      for (let i = 0; i < CHECKS; i++) {
        if (!sessions.check(ids[(i * 7919) % ids.length]!)) throw new Error('a session the bench started was not found');
      }
      perCheck.push(((performance.now() - t0) * 1000) / CHECKS);
    }
    report({ name: `sessions.check, ${ACCOUNTS} accounts and ${ids.length} sessions (median of 5 rounds)`, value: median(perCheck), unit: 'µs' });
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
