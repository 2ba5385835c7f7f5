/** The secret field's hint: only when a secret is stored, the field is empty and the form names another address or user. */
import { describe, expect, it } from 'vitest';
import { CX_STORED_PASSWORD } from '../../../../../shared/domain/civica-cx';
import { storedSecretHint, type SecretFieldState } from '../../../../../renderer/src/features/connections/stored-secret-hint';

const saved = { baseUrl: 'https://cx.council.example', user: 'casebridge.api' };
const state = (form: Partial<SecretFieldState['form']>, set = true): SecretFieldState => ({
  stored: { set, saved },
  form: { ...saved, typed: '', enabled: true, ...form },
});

describe('the stored secret hint', () => {
  it('is silent for the saved address and user, however written, or when a secret is typed or none is stored', () => {
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ baseUrl: 'https://CX.council.example/', user: ' casebridge.api ' }))).toBeUndefined();
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ baseUrl: 'https://cx.elsewhere.example', typed: 'new' }))).toBeUndefined();
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ baseUrl: 'https://cx.elsewhere.example' }, false))).toBeUndefined();
  });

  it("says the engine's words for another address or user", () => {
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ baseUrl: 'https://cx.elsewhere.example' }))).toBe(
      'The saved password is only sent to the saved address https://cx.council.example as the saved username; type it again to use https://cx.elsewhere.example.',
    );
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ user: 'someone.else' }))).toMatch(/type it again to use another username\.$/);
  });

  it('adds, while the form is switched off, that saving without it removes the saved secret', () => {
    expect(storedSecretHint(CX_STORED_PASSWORD, state({ baseUrl: '', enabled: false }))).toMatch(
      /type it again to use another address\. Saved switched off without it, the saved password is removed\.$/,
    );
  });
});
