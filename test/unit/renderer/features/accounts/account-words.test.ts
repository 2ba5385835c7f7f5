import { describe, expect, it } from 'vitest';
import { PasswordSchema } from '../../../../../shared/domain/people';
import { accountState, firstPassword } from '../../../../../renderer/src/features/accounts/account-words';

const NOW = Date.parse('2026-12-05T09:00:00Z');

describe("an account's state in words", () => {
  it('says disabled before any lock, then a lock still running, else enabled', () => {
    expect(accountState({ disabled: true, lockedUntil: '2026-12-05T09:30:00Z' }, NOW, 'UTC')).toEqual({ kind: 'disabled', words: 'Disabled' });
    expect(accountState({ disabled: false, lockedUntil: '2026-12-05T09:30:00Z' }, NOW, 'UTC')).toEqual({ kind: 'locked', words: 'Locked until 2026-12-05 09:30' });
    expect(accountState({ disabled: false, lockedUntil: '2026-12-05T08:59:00Z' }, NOW, 'UTC')).toEqual({ kind: 'enabled', words: 'Enabled' });
    expect(accountState({ disabled: false }, NOW, 'UTC')).toEqual({ kind: 'enabled', words: 'Enabled' });
  });
});

describe('a first password', () => {
  it('is accepted by the engine, in groups of five, without look-alike characters', () => {
    const password = firstPassword();
    expect(PasswordSchema.safeParse(password).success).toBe(true);
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
  });

  it('differs each time', () => {
    expect(new Set(Array.from({ length: 50 }, () => firstPassword())).size).toBe(50);
  });

  it('draws again rather than take a byte that would favour some characters', () => {
    // 56 characters: bytes from 224 up would favour the first 32, so they are skipped.
    let call = 0;
    const bytes = (count: number) => (call++ === 0 ? new Uint8Array(count).fill(255) : new Uint8Array(count).fill(1));
    expect(firstPassword(bytes)).toBe('bbbbb-bbbbb-bbbbb-bbbbb');
    expect(call).toBe(2);
  });
});
