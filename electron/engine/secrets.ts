/**
 * Secrets (API private keys, passwords, webhook secrets) never live in the database or the renderer.
 * The engine receives a SecretStore from its host: the desktop app's encrypts with Electron's
 * safeStorage, the headless host's relies on a file only its owner can read.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface SecretStore {
  /** Describes the protection, for the About panel and the start-up log ("encrypted with ..."). */
  readonly protection: string;
  get(name: string): Promise<string | undefined>;
  has(name: string): Promise<boolean>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Turns a secret into what is written to disk and back. */
export interface SecretCipher {
  readonly protection: string;
  encrypt(plain: string): Promise<string>;
  decrypt(stored: string): Promise<string>;
}

/** For the headless host: the file itself (mode 0600) is the protection. */
export const ownerOnlyFileCipher: SecretCipher = {
  protection: 'file readable only by its owner (mode 0600)',
  encrypt: async (plain) => plain,
  async decrypt(stored) {
    // The desktop app shares the data folder; what it encrypted with the keychain is not readable here.
    if (stored.startsWith('safeStorage:')) {
      throw new Error(
        'This secret was saved by the desktop app, encrypted with the system keychain; the headless host cannot read it. Enter it again here, or use the desktop app.',
      );
    }
    return stored;
  },
};

const SecretNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'secret names are lower-case letters, digits, dots, dashes');
const SecretFileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/**
 * A JSON file of (possibly encrypted) secrets, written atomically with mode 0600. Reads go to the
 * file each time so two processes on one data folder never overwrite each other's view for long.
 */
export function createFileSecretStore(path: string, cipher: SecretCipher): SecretStore {
  const read = (): Record<string, string> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = SecretFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`The secrets file ${path} is not in the expected format; it was left untouched.`);
    return parsed.data.secrets;
  };
  const write = (secrets: Record<string, string>) => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify({ version: 1, secrets }, null, 2), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
    } catch (error) {
      // A half-written copy of the secrets (a full disk) must not stay beside the file; the
      // write's own error is the one to tell, whatever removing the copy says.
      try {
        rmSync(temp, { force: true });
      } catch {
        // reported through the write's error below
      }
      throw error;
    }
  };
  return {
    protection: cipher.protection,
    async get(name) {
      SecretNameSchema.parse(name);
      const stored = read()[name];
      return stored === undefined ? undefined : cipher.decrypt(stored);
    },
    async has(name) {
      SecretNameSchema.parse(name);
      return read()[name] !== undefined;
    },
    async set(name, value) {
      SecretNameSchema.parse(name);
      const encrypted = await cipher.encrypt(value);
      write({ ...read(), [name]: encrypted });
    },
    async delete(name) {
      SecretNameSchema.parse(name);
      const { [name]: _gone, ...rest } = read();
      write(rest);
    },
  };
}
