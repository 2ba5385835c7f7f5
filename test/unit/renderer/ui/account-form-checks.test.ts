import { describe, expect, it } from 'vitest';
import { checkNewPassword, checkPerson, hasProblems } from '../../../../renderer/src/ui/account-form-checks';

describe("a person's details before they are sent", () => {
  it("says what is wrong with each field, in the engine's words", () => {
    expect(checkPerson({ displayName: '  ', username: 'J' })).toEqual({ displayName: 'say who this is', username: 'at least 2 characters' });
    expect(checkPerson({ displayName: 'Jo Bloggs', username: 'jo bloggs' })).toEqual({ username: 'letters, digits and . _ @ - only, starting with a letter or digit' });
    expect(hasProblems(checkPerson({ displayName: 'Jo Bloggs', username: 'JBloggs' }))).toBe(false);
  });

  it('wants a long enough password, typed the same twice', () => {
    expect(checkNewPassword('short', 'short')).toEqual({ password: 'at least 12 characters' });
    expect(checkNewPassword('correct horse battery', 'correct horse batery')).toEqual({ repeat: 'does not match the password above' });
    expect(checkNewPassword('correct horse battery', 'correct horse battery')).toEqual({});
  });
});
