/**
 * The secrets file in a backup, sealed with a passphrase: scrypt derives the key, AES-256-GCM
 * encrypts and authenticates. The salt, the scrypt parameters and the nonce are in the file, so a
 * later casebridge with other defaults still opens it; a wrong passphrase fails GCM's check and is
 * said as such, never as garbled secrets.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';

const FORMAT = 'casebridge sealed secrets';
/** 2^15 x 8 x 1: about 32 MiB and a tenth of a second, once per backup or restore. */
const DEFAULT_PARAMS = { N: 32_768, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

const SealedSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(1024).max(1_048_576),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string(),
  }),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string() }),
  data: z.string(),
});

/** The passphrase cannot open the sealed secrets (or they were changed since). */
export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export function checkPassphrase(passphrase: string): string {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new Error(`The passphrase is ${passphrase.length} characters; use at least ${MIN_PASSPHRASE_LENGTH}.`);
  return passphrase;
}

export async function sealSecrets(plain: string, passphrase: string): Promise<string> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, DEFAULT_PARAMS);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const sealed: z.infer<typeof SealedSchema> = {
    format: FORMAT,
    version: 1,
    kdf: { name: 'scrypt', ...DEFAULT_PARAMS, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    data: data.toString('base64'),
  };
  return JSON.stringify(sealed, null, 2);
}

/** `where` names the file in errors. */
export async function openSealedSecrets(text: string, passphrase: string, where: string): Promise<string> {
  let parsed: z.infer<typeof SealedSchema>;
  try {
    parsed = SealedSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(`${where} is not a casebridge sealed secrets file (or it is damaged).`);
  }
  const key = await deriveKey(passphrase, Buffer.from(parsed.kdf.salt, 'base64'), parsed.kdf);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parsed.cipher.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(parsed.cipher.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new WrongPassphraseError(`The passphrase does not open ${where}: it is not the one the backup was made with (or the file was changed since).`);
  }
}
