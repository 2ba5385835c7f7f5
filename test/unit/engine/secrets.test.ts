import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../shared/contract';
import { dispatchCall } from '../../../shared/dispatch';
import { createFileSecretStore, ownerOnlyFileCipher, ownerOnlyProtection, type SecretCipher } from '../../../electron/engine/secrets';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { makeDataDir, removeDataDir } from '../../support/host-process';
import { smallDiskForTest } from '../../support/small-disk';

let dir: string | undefined;
let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.dispose();
  if (dir) removeDataDir(dir);
  dir = engine = undefined;
});

describe('the file secret store', () => {
  it('says truly what protects the plain file: its mode, or on Windows the data folder’s permissions', () => {
    expect(ownerOnlyProtection('linux')).toBe('file readable only by its owner (mode 0600)');
    expect(ownerOnlyProtection('win32')).toBe("file that the data folder's Windows permissions keep private");
    expect(ownerOnlyProtection('win32')).not.toMatch(/mode/);
  });

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

/** A secret a hand edit left in a broken file; no part of it (4 characters or more) may be quoted. */
const SECRET = 'SECRET-abc123xyz';
const NUMBER_SECRET = '98765432';
function partsOf(secret: string): string[] {
  return Array.from({ length: secret.length - 3 }, (_, i) => secret.slice(i, i + 4));
}
function expectNoPartOfSecrets(text: string) {
  for (const part of [...partsOf(SECRET), ...partsOf(NUMBER_SECRET)]) expect(text, `"${part}" quoted in: ${text}`).not.toContain(part);
}

/** Hand edits gone wrong, each holding a secret, and the general words that say what is wrong. */
const BROKEN: [string, string, RegExp][] = [
  ['cut off in a value', `{"version":1,"secrets":{"tascomi.private-key": "${SECRET}`, /is not valid JSON: a text value has no closing quote \(line 1, column \d+\)/],
  ['a value without quotes', `{"version":1,"secrets":{"tascomi.private-key": ${SECRET}}}`, /is not valid JSON: something JSON does not allow there/],
  ['single quotes', `{'version':1,'secrets':{'civica-cx.password':'${SECRET}'}}`, /is not valid JSON: a name is not in double quotes/],
  [
    'a line break in a value',
    `{"version":1,\n"secrets":{"civica-cx.password":"${SECRET.slice(0, 8)}\n${SECRET.slice(8)}"}}`,
    /is not valid JSON: a text value holds a line break or a bad escape \(line 2, column \d+\)/,
  ],
  ['the secrets as a list', `{"version":1,"secrets":["${SECRET}"]}`, /"secrets" holding a list, not an object of secret names and values/],
  ['a secret in the version', `{"version":"${SECRET}","secrets":{}}`, /"version" holding text, not the number 1/],
  ['a number as a secret', `{"version":1,"secrets":{"civica-cx.password":${NUMBER_SECRET}}}`, /the secret "civica-cx\.password" holds a number, not text/],
  ['a secret as a name', `{"version":1,"secrets":{"${SECRET}":true}}`, /a secret whose name is not a secret name holds true or false, not text/],
  ['a list at the top', `["${SECRET}"]`, /holds a list, not an object/],
  ['empty', '', /is empty/],
  ['another version', `{"version":2,"secrets":{"civica-cx.password":"${SECRET}"}}`, /"version" other than 1/],
  [
    'many values of the wrong kind',
    `{"version":1,"secrets":{"a":1,"b":2,"c":3,"d":null,"e":[]}}`,
    /the secret "a" holds a number.*the secret "c" holds a number, not text; and 2 more/,
  ],
];

describe('a hand-edited, malformed secrets file', () => {
  it.each(BROKEN)('%s: the error names the file and what is wrong, says what to do, and quotes nothing of it', async (_name, content, words) => {
    dir = makeDataDir();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, content);
    const store = createFileSecretStore(path, ownerOnlyFileCipher);
    for (const use of [() => store.get('tascomi.private-key'), () => store.has('civica-cx.password'), () => store.set('webhook.secret', 'new')]) {
      const error = await use().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expectNoPartOfSecrets(error!.message);
      expectNoPartOfSecrets(String(error!.stack));
      expect(error!.message).toContain(path);
      expect(error!.message).toMatch(words);
      expect(error!.message).toMatch(/left it untouched.*Correct it.*or move it away/);
    }
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it.each(BROKEN)("%s: neither the engine's answers nor its log quote it", async (_name, content) => {
    engine = startTestEngine();
    writeFileSync(join(engine.dataDir, 'secrets.json'), content);
    const answers: string[] = [];
    const ask = async (name: CallName, input?: unknown) => answers.push(JSON.stringify(await dispatchCall(engine!.engine.handlers, name, input, engine!.engine.localCaller)));
    await ask('getTascomiSettings');
    await ask('testTascomiConnection', { baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub', timeZone: 'Europe/London' });
    await ask('getCivicaCxSettings');
    await ask('listCivicaCxCompanies', {});
    await ask('getNetworkInfo');
    await ask('getIntakeSettings');
    await engine.engine.jobs.runUntilIdle();
    await ask('getQueueStatus');
    // Nothing of the file is quoted in the answers, nor in the log (the queues wait on their
    // settings without reading the secret, which is read only once the settings are complete)...
    const log = JSON.stringify(engine.engine.log.recent(200));
    for (const answer of answers) expectNoPartOfSecrets(answer);
    expectNoPartOfSecrets(log);
    // ...which name the file instead.
    expect(answers.join('\n')).toContain(join(engine.dataDir, 'secrets.json'));
  });
});
