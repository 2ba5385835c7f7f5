/**
 * Encrypts secrets at rest with Electron's asynchronous safeStorage (design section 7): the OS
 * keychain on macOS, DPAPI on Windows, the desktop keyring on Linux. On Linux without a keyring
 * Electron silently falls back to `basic_text` (a fixed, public key); that is refused unless the
 * user explicitly accepts it.
 */
import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../engine/secrets';

export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export const ALLOW_PLAINTEXT_ENV = 'CASEBRIDGE_ALLOW_PLAINTEXT_SECRETS';

/** Marks what this cipher wrote, so a value from another writer is reported rather than mis-decrypted. */
const PREFIX = 'safeStorage:v1:';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const UNAVAILABLE_MESSAGE =
  'casebridge cannot protect its secrets: Electron reports that safeStorage encryption is not available on this ' +
  'machine, so API keys and passwords cannot be stored encrypted. On Linux, install and unlock a keyring ' +
  '(gnome-keyring with libsecret, or KWallet) and start casebridge from a desktop session; on macOS and Windows ' +
  'make sure you are signed in to a normal user session. casebridge will not start until this is fixed.';

export const BASIC_TEXT_MESSAGE =
  "casebridge will not start: no system keyring was found, so Electron's safeStorage chose its 'basic_text' " +
  'backend, which only obfuscates data with a fixed key that anyone can look up. API keys and passwords saved ' +
  'that way would be readable by anyone who can read your files. To fix it, install and unlock a keyring such as ' +
  'GNOME Keyring (packages gnome-keyring and libsecret-1-0) or KWallet, and sign in to a desktop session that starts ' +
  'it; if your desktop is not recognised, start casebridge with --password-store=gnome-libsecret (or ' +
  `--password-store=kwallet6). Only if you accept the risk, for example on a test machine, set ${ALLOW_PLAINTEXT_ENV}=1 ` +
  'and casebridge will start with a warning.';

export interface SafeStorageCipherOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
}

/** What protects the secrets, in words for the About panel and the start-up log. */
function describe(platform: NodeJS.Platform, backend: string): string {
  if (platform === 'darwin') return 'file encrypted with Electron safeStorage (macOS Keychain)';
  if (platform === 'win32') return 'file encrypted with Electron safeStorage (Windows DPAPI)';
  return `file encrypted with Electron safeStorage (${backend})`;
}

/** Call after the app is ready (safeStorage needs it). Throws, with what to do, when it must refuse. */
export async function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  { platform = process.platform, env = process.env, warn = (m) => console.warn(m) }: SafeStorageCipherOptions = {},
): Promise<SecretCipher> {
  // Asked first: it initialises the async encryptor, after which the backend is known.
  if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error(UNAVAILABLE_MESSAGE);

  let protection = describe(platform, 'unknown backend');
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text') {
      if (env[ALLOW_PLAINTEXT_ENV] !== '1') throw new Error(BASIC_TEXT_MESSAGE);
      protection = `file NOT protected: Electron safeStorage basic_text (fixed key), accepted by ${ALLOW_PLAINTEXT_ENV}=1`;
      warn(
        `WARNING: casebridge secrets are NOT protected. No system keyring was found and ${ALLOW_PLAINTEXT_ENV}=1 is set, ` +
          "so secrets are stored with safeStorage's basic_text backend, which anyone who can read the data folder can decrypt.",
      );
    } else {
      protection = describe(platform, backend === 'unknown' ? 'backend not reported' : `Linux ${backend}`);
    }
  }

  return {
    protection,
    async encrypt(plain) {
      const encrypted = await safeStorage.encryptStringAsync(plain);
      return PREFIX + Buffer.from(encrypted).toString('base64');
    },
    async decrypt(stored) {
      const body = stored.startsWith(PREFIX) ? stored.slice(PREFIX.length) : undefined;
      if (body === undefined || body.length === 0 || !BASE64.test(body)) {
        throw new Error('A stored secret was not written by the desktop app (it may have been saved by the headless host, or edited by hand); set it again.');
      }
      // shouldReEncrypt is not acted on: the SecretCipher interface cannot rewrite the file, and the
      // value stays readable; the next save of that secret encrypts it with the current key.
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(body, 'base64'));
      return result;
    },
  };
}
