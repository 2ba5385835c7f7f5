import { expect, it } from 'vitest';
import { openSealedSecrets, sealSecrets, WrongPassphraseError } from '../../../../electron/engine/backup/sealed-secrets';

const secrets = '{"version":1,"secrets":{"tascomi.private-key":"SECRET-abc"}}';

it('round-trips with the passphrase; the sealed file holds its salt and scrypt parameters and not the secret', async () => {
  const sealed = await sealSecrets(secrets, 'a long enough passphrase');
  expect(sealed).not.toContain('SECRET-abc');
  expect(JSON.parse(sealed)).toMatchObject({ kdf: { name: 'scrypt', N: 32_768, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
  expect(await openSealedSecrets(sealed, 'a long enough passphrase', 'x.secrets.enc')).toBe(secrets);
  // A fresh salt and nonce each time: the same secrets never seal to the same bytes.
  expect(await sealSecrets(secrets, 'a long enough passphrase')).not.toBe(sealed);
});

it('refuses a wrong passphrase, and a changed file, as a wrong passphrase naming the file', async () => {
  const sealed = await sealSecrets(secrets, 'a long enough passphrase');
  await expect(openSealedSecrets(sealed, 'another long passphrase', 'x.secrets.enc')).rejects.toThrow(WrongPassphraseError);
  const changed = JSON.parse(sealed);
  changed.data = Buffer.from('tampered').toString('base64');
  await expect(openSealedSecrets(JSON.stringify(changed), 'a long enough passphrase', 'x.secrets.enc')).rejects.toThrow('The passphrase does not open x.secrets.enc');
});

it('refuses a short passphrase and a file that is not sealed secrets', async () => {
  await expect(sealSecrets(secrets, 'short')).rejects.toThrow('The passphrase is 5 characters; use at least 12.');
  await expect(openSealedSecrets('{"version":1}', 'a long enough passphrase', 'x.secrets.enc')).rejects.toThrow('x.secrets.enc is not a casebridge sealed secrets file');
});
