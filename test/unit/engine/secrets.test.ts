import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, ownerOnlyFileCipher, type SecretCipher } from '../../../electron/engine/secrets';
import { makeDataDir, removeDataDir } from '../../support/host-process';
import { smallDiskForTest } from '../../support/small-disk';

let dir: string;
afterEach(() => removeDataDir(dir));

describe('the file secret store', () => {
  it('keeps secrets in a file only its owner can read', async () => {
    dir = makeDataDir();
    const path = join(dir, 'sub', 'secrets.json');
    const store = createFileSecretStore(path, ownerOnlyFileCipher);
    expect(await store.has('tascomi.private-key')).toBe(false);
    await store.set('tascomi.private-key', 's3cret');
    await store.set('cx.password', 'p@ss');
    expect(await store.get('tascomi.private-key')).toBe('s3cret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.delete('tascomi.private-key');
    expect(await store.has('tascomi.private-key')).toBe(false);
    expect(await store.get('cx.password')).toBe('p@ss');
  });

  it('writes only what the cipher produces', async () => {
    dir = makeDataDir();
    const path = join(dir, 'secrets.json');
    const reversing: SecretCipher = {
      protection: 'test cipher',
      encrypt: async (s) => `enc:${[...s].reverse().join('')}`,
      decrypt: async (s) => [...s.slice(4)].reverse().join(''),
    };
    const store = createFileSecretStore(path, reversing);
    await store.set('webhook.secret', 'abc123');
    expect(readFileSync(path, 'utf8')).not.toContain('abc123');
    expect(await store.get('webhook.secret')).toBe('abc123');
  });

  it('tells the headless host plainly when a secret was encrypted by the desktop app', async () => {
    dir = makeDataDir();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ version: 1, secrets: { 'cx.password': 'safeStorage:v1:AAAA' } }));
    const store = createFileSecretStore(path, ownerOnlyFileCipher);
    await expect(store.get('cx.password')).rejects.toThrow(/saved by the desktop app/);
  });

  it('refuses names that could be paths or keys of another kind', async () => {
    dir = makeDataDir();
    const store = createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher);
    await expect(store.set('../etc/passwd', 'x')).rejects.toThrow(/secret names/);
    await expect(store.get('__proto__')).rejects.toThrow(/secret names/);
  });
});

describe('the file secret store on a full disk', () => {
  it('removes its temporary file when a write fails, and keeps the secrets it had', async (context) => {
    const disk = smallDiskForTest(context, 1);
    dir = makeDataDir();
    const path = join(disk.dir, 'secrets.json');
    const store = createFileSecretStore(path, ownerOnlyFileCipher);
    await store.set('webhook.secret', 'kept');
    disk.fill();
    await expect(store.set('tascomi.private-key', 'k'.repeat(64 * 1024))).rejects.toThrow(/ENOSPC|no space/i);
    expect(readdirSync(disk.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    disk.free();
    expect(await store.get('webhook.secret')).toBe('kept');
    expect(await store.has('tascomi.private-key')).toBe(false);
  });
});
