import type { Caller } from '../../shared/domain/people';
import { startTestEngine, type TestEngine } from './engine';

/** scrypt light enough for tests that hash many times (password-hash.test.ts checks the real parameters). */
export const LIGHT_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A test engine whose people hash with LIGHT_SCRYPT, on the default session timeouts. */
export function startPeopleEngine(): TestEngine {
  return startTestEngine({ people: { scrypt: LIGHT_SCRYPT } });
}

/** Every log entry the accounts wrote, oldest first. */
export function accountsLog(t: TestEngine): string[] {
  return t.engine.log
    .recent(1000)
    .filter((e) => e.source === 'accounts')
    .map((e) => e.message)
    .reverse();
}

/** The first administrator, made as the setup makes them. */
export async function firstAdministrator(t: TestEngine, password = 'the first admin password'): Promise<Caller> {
  return t.engine.people.accounts.createFirstAdministrator({ username: 'alex', displayName: 'Alex Admin', password });
}
