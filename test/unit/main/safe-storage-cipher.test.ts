import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileSecretStore } from '../../../electron/engine/secrets';
import { ALLOW_PLAINTEXT_ENV, createSafeStorageCipher, type SafeStorageLike } from '../../../electron/main/safe-storage-cipher';
import { makeDataDir, removeDataDir } from '../../support/host-process';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** A stand-in for Electron's safeStorage: XOR with a key, so the stored bytes differ from the text. */
function fakeSafeStorage({ available = true, backend = 'gnome_libsecret' as Backend, shouldReEncrypt = false } = {}) {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b, i) => b ^ (0x5a + (i % 7))));
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptStringAsync: vi.fn(async (plain: string) => xor(Buffer.from(`v10${plain}`, 'utf8'))),
    decryptStringAsync: vi.fn(async (encrypted: Buffer) => {
      const text = xor(encrypted).toString('utf8');
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: text.slice(3), shouldReEncrypt };
    }),
  };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDataDir(dir);
  dir = undefined;
});

describe('createSafeStorageCipher', () => {
  it('round-trips a secret through safeStorage and stores base64 of the encrypted bytes', async () => {
    const safeStorage = fakeSafeStorage();
    const cipher = await createSafeStorageCipher(safeStorage, { platform: 'linux', env: {} });
    const stored = await cipher.encrypt('s3cret £ key');
    expect(stored).not.toContain('s3cret');
    const body = stored.replace(/^safeStorage:v1:/, '');
    expect(body).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(body, 'base64')).toEqual(await safeStorage.encryptStringAsync.mock.results[0]!.value);
    expect(await cipher.decrypt(stored)).toBe('s3cret £ key');
    expect(cipher.protection).toContain('gnome_libsecret');
  });

  it('keeps the secrets file free of the plain text when used by the file secret store', async () => {
    dir = makeDataDir();
    const path = join(dir, 'secrets.json');
    const store = createFileSecretStore(path, await createSafeStorageCipher(fakeSafeStorage(), { platform: 'win32', env: {} }));
    await store.set('cx.password', 'hunter2-hunter2');
    expect(readFileSync(path, 'utf8')).not.toContain('hunter2');
    expect(await store.get('cx.password')).toBe('hunter2-hunter2');
    expect(store.protection).toContain('DPAPI');
  });

  it('still decrypts a value safeStorage wants re-encrypted', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage({ shouldReEncrypt: true }), { platform: 'darwin', env: {} });
    expect(await cipher.decrypt(await cipher.encrypt('abc'))).toBe('abc');
  });

  it('refuses a stored value it did not write, with a clear message', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage(), { platform: 'linux', env: {} });
    await expect(cipher.decrypt('plain-text-from-the-headless-host')).rejects.toThrow(/not written by the desktop app/);
    await expect(cipher.decrypt('safeStorage:v1:***')).rejects.toThrow(/not written by the desktop app/);
  });

  it('names the secret and the file it cannot read, and quotes nothing of a hand-edited value', async () => {
    dir = makeDataDir();
    const path = join(dir, 'secrets.json');
    const secret = 'SECRET-abc123xyz';
    writeFileSync(path, JSON.stringify({ version: 1, secrets: { 'cx.password': secret, 'tascomi.private-key': `safeStorage:v1:${secret}` } }));
    const store = createFileSecretStore(path, await createSafeStorageCipher(fakeSafeStorage(), { platform: 'win32', env: {} }));
    for (const name of ['cx.password', 'tascomi.private-key']) {
      const message = await store.get(name).then(
        () => '',
        (error: Error) => error.message,
      );
      expect(message).toContain(`The secret "${name}" in the secrets file ${path} cannot be read: A stored secret was not written by the desktop app`);
      for (let i = 0; i + 4 <= secret.length; i++) expect(message).not.toContain(secret.slice(i, i + 4));
    }
  });

  it('refuses the Linux basic_text backend by default, saying how to fix it', async () => {
    const warn = vi.fn();
    const attempt = createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), { platform: 'linux', env: {}, warn });
    await expect(attempt).rejects.toThrow(/basic_text/);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toMatch(/gnome-keyring/i);
    expect(message).toMatch(/KWallet/);
    expect(message).toContain('--password-store=gnome-libsecret');
    expect(message).toContain(`${ALLOW_PLAINTEXT_ENV}=1`);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each(['0', 'true', 'yes', ''])('still refuses basic_text when %s=%j (only 1 accepts the risk)', async (value) => {
    await expect(createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), { platform: 'linux', env: { [ALLOW_PLAINTEXT_ENV]: value } })).rejects.toThrow(/basic_text/);
  });

  it(`accepts basic_text with ${ALLOW_PLAINTEXT_ENV}=1, warning loudly and saying it is not protected`, async () => {
    const warn = vi.fn();
    const cipher = await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), {
      platform: 'linux',
      env: { [ALLOW_PLAINTEXT_ENV]: '1' },
      warn,
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/NOT protected/);
    expect(cipher.protection).toMatch(/NOT protected/);
    expect(await cipher.decrypt(await cipher.encrypt('x'))).toBe('x');
  });

  it('does not consult the Linux backend on other platforms', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const cipher = await createSafeStorageCipher(safeStorage, { platform: 'darwin', env: {} });
    expect(cipher.protection).toContain('Keychain');
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('refuses when async encryption is not available at all', async () => {
    const safeStorage = fakeSafeStorage({ available: false });
    await expect(createSafeStorageCipher(safeStorage, { platform: 'win32', env: { [ALLOW_PLAINTEXT_ENV]: '1' } })).rejects.toThrow(/safeStorage encryption is not available/);
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });
});
