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

/** What keeps the headless host's plain secrets file private: its mode, or on Windows (no modes) the data folder's permissions. */
export function ownerOnlyProtection(platform: NodeJS.Platform): string {
  return platform === 'win32' ? "file that the data folder's Windows permissions keep private" : 'file readable only by its owner (mode 0600)';
}

/** For the headless host: the file itself is the protection. */
export const ownerOnlyFileCipher: SecretCipher = {
  protection: ownerOnlyProtection(process.platform),
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

/**
 * Why a secrets file cannot be used, in words that never quote it: a hand edit can leave a secret
 * anywhere, and JSON.parse's own message quotes the text around the fault ("SECRET-abc"... is not
 * valid JSON), which then reached the console and the log. So: where the JSON breaks (line and
 * column), or which key holds what kind of value; key names only when they are secret names.
 */
function secretsFileProblem(text: string): { secrets: Record<string, string> } | { problem: string } {
  if (text.trim() === '') return { problem: 'is empty' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `is not valid JSON: ${jsonFault(text, error)}` };
  }
  if (!isPlainObject(data)) return { problem: `holds ${kindOf(data)}, not an object with "version" and "secrets"` };
  if (data.version !== 1) {
    if (data.version === undefined) return { problem: 'has no "version" (it should be 1)' };
    if (typeof data.version === 'number') return { problem: 'has a "version" other than 1: it was written by another version of casebridge' };
    return { problem: `has "version" holding ${kindOf(data.version)}, not the number 1` };
  }
  if (!isPlainObject(data.secrets)) {
    return { problem: data.secrets === undefined ? 'has no "secrets"' : `has "secrets" holding ${kindOf(data.secrets)}, not an object of secret names and values` };
  }
  const wrong = Object.entries(data.secrets)
    .filter(([, value]) => typeof value !== 'string')
    .map(([name, value]) => `${SecretNameSchema.safeParse(name).success ? `the secret "${name}"` : 'a secret whose name is not a secret name'} holds ${kindOf(value)}, not text`);
  if (wrong.length > 0) return { problem: `is not as expected: ${wrong.slice(0, 3).join('; ')}${wrong.length > 3 ? `; and ${wrong.length - 3} more` : ''}` };
  return { secrets: data.secrets as Record<string, string> };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return 'an object';
  }
}

/** What JSON.parse objected to, in general words, by its message (whose quoted text is never used). */
const JSON_FAULTS: [RegExp, string][] = [
  [/Unterminated string/i, 'a text value has no closing quote'],
  [/Bad control character|Bad escaped character/i, 'a text value holds a line break or a bad escape'],
  [/end of JSON input/i, 'it ends before it is complete'],
  [/property name/i, 'a name is not in double quotes, or a comma comes before }'],
  [/Unexpected/i, 'something JSON does not allow there, such as a value without double quotes'],
];

/** What is wrong with the JSON and, when JSON.parse says where, the line and column. */
function jsonFault(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const what = JSON_FAULTS.find(([pattern]) => pattern.test(message))?.[1] ?? 'it cannot be read';
  const position = /at position (\d+)/.exec(message);
  if (!position) return what;
  const before = text.slice(0, Number(position[1]));
  return `${what} (line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')})`;
}

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
    const parsed = secretsFileProblem(text);
    if ('problem' in parsed) {
      throw new Error(
        `The secrets file ${path} ${parsed.problem}. casebridge left it untouched, and does not quote it here as it holds secrets. ` +
          'Correct it in a text editor (it is JSON: {"version": 1, "secrets": {"name": "value"}}), or move it away and enter the secrets again on the Connections page.',
      );
    }
    return parsed.secrets;
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
      if (stored === undefined) return undefined;
      try {
        return await cipher.decrypt(stored);
      } catch (error) {
        // The ciphers' reasons never quote the value; anything else thrown is not repeated.
        throw new Error(`The secret "${name}" in the secrets file ${path} cannot be read: ${error instanceof Error ? error.message : 'it could not be decrypted.'}`);
      }
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
