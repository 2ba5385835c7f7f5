/**
 * The stored-secret guard alone, on a real secrets file: a typed secret always goes, the stored one
 * only to the saved binding, and a save of another binding is refused while enabled or forgets the
 * secret while disabled. (Through the engine's calls: test/unit/engine/calls/stored-secret-guard.test.ts.)
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallRefusedError } from '../../../../shared/dispatch';
import { CX_STORED_PASSWORD } from '../../../../shared/domain/civica-cx';
import type { SecretBinding } from '../../../../shared/domain/stored-secret';
import { createStoredSecret } from '../../../../electron/engine/connectors/stored-secret';
import { createFileSecretStore, ownerOnlyFileCipher, type SecretStore } from '../../../../electron/engine/secrets';
import { makeDataDir, removeDataDir } from '../../../support/host-process';

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDataDir(dir);
  dir = undefined;
});

const SAVED: SecretBinding = { baseUrl: 'https://cx.council.example', user: 'casebridge.api' };
const ELSEWHERE: SecretBinding = { baseUrl: 'https://cx.elsewhere.example', user: 'casebridge.api' };

/** A guard over a secrets file holding `stored`; `reads` counts how often the secret's value was read. */
async function guard(stored?: string) {
  dir = makeDataDir();
  const secrets: SecretStore = createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher);
  if (stored !== undefined) await secrets.set('civica-cx.password', stored);
  const reads = { count: 0 };
  const counted: SecretStore = { ...secrets, get: (name) => (reads.count++, secrets.get(name)) };
  return { secrets, reads, secret: createStoredSecret({ secrets: counted, name: 'civica-cx.password', kind: CX_STORED_PASSWORD, saved: () => SAVED }) };
}

/** The refusal a call gets: on the password field, with the rule's words. */
async function refusal(promise: Promise<unknown>): Promise<CallRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallRefusedError);
  const refused = error as CallRefusedError;
  expect(refused.code).toBe('invalid_input');
  expect(refused.issues).toEqual([{ path: 'password', message: refused.message }]);
  return refused;
}

describe('a call with the stored secret', () => {
  it('gets it for the saved address and user, and the typed one anywhere', async () => {
    const { secret } = await guard('s3cret');
    expect(await secret.forCall(undefined, SAVED)).toBe('s3cret');
    expect(await secret.forCall('', { ...SAVED, baseUrl: `${SAVED.baseUrl}/` })).toBe('s3cret');
    expect(await secret.forCall('typed', ELSEWHERE)).toBe('typed');
  });

  it('is refused for another address or user, without reading the secret', async () => {
    const { secret, reads } = await guard('s3cret');
    expect((await refusal(secret.forCall(undefined, ELSEWHERE))).message).toMatch(
      /only sent to the saved address https:\/\/cx\.council\.example.*to use https:\/\/cx\.elsewhere\.example/,
    );
    expect((await refusal(secret.forCall('', { ...SAVED, user: 'someone' }))).message).toMatch(/another username/);
    expect(reads.count).toBe(0);
  });

  it('answers nothing when no secret is stored, wherever it goes (the caller says none is set)', async () => {
    const { secret } = await guard();
    expect(await secret.forCall(undefined, ELSEWHERE)).toBeUndefined();
    expect(await secret.isSet()).toBe(false);
  });
});

describe('a save', () => {
  it('stores a typed secret only when committed', async () => {
    const { secrets, secret } = await guard('old');
    const plan = await secret.forSave('new', ELSEWHERE, true);
    expect(plan.value).toBe('new');
    expect(await secrets.get('civica-cx.password')).toBe('old');
    await plan.commit();
    expect(await secrets.get('civica-cx.password')).toBe('new');
  });

  it('keeps the stored secret for the saved binding', async () => {
    const { secrets, secret } = await guard('s3cret');
    const plan = await secret.forSave(undefined, SAVED, true);
    expect(plan).toMatchObject({ value: 's3cret' });
    expect(plan.note).toBeUndefined();
    await plan.commit();
    expect(await secrets.get('civica-cx.password')).toBe('s3cret');
  });

  it('of another binding while enabled is refused, and the secret kept', async () => {
    const { secrets, secret } = await guard('s3cret');
    await refusal(secret.forSave(undefined, ELSEWHERE, true));
    expect(await secrets.get('civica-cx.password')).toBe('s3cret');
  });

  it('of another binding while disabled goes ahead and forgets the secret, saying why', async () => {
    const { secrets, secret } = await guard('s3cret');
    const plan = await secret.forSave(undefined, { baseUrl: '', user: '' }, false);
    expect(plan.value).toBeUndefined();
    expect(plan.note).toMatch(/saved password was removed: it was only for https:\/\/cx\.council\.example as the saved username/);
    await plan.commit();
    expect(await secrets.has('civica-cx.password')).toBe(false);
  });
});
