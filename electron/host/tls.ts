/**
 * The server's certificate: from PEM files, from a PFX, or self-signed in the data folder. Whatever
 * is wrong with it is said at start, naming the file, so the server never listens with a
 * certificate browsers will refuse for a reason nobody was told.
 *
 * Decisions:
 * - The self-signed certificate is made once and kept (people trust its fingerprint), and made
 *   again only when it is within RENEW_DAYS of expiry; then the fingerprint changes and the log says so.
 * - `inspectTls` only reads: `--check` uses it, and a self-signed certificate not made yet is
 *   "will be made on first start", never made by a check.
 * - A PFX's certificate is read back through the secure context Node builds from it, because Node
 *   parses PFX only there.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { generate } from 'selfsigned';

export type TlsSetting = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'pfx'; pfxFile: string; passphraseFile?: string } | { kind: 'self-signed' };

export const TLS_FOLDER = 'tls';
export const SELF_SIGNED_CERT = 'self-signed.crt';
export const SELF_SIGNED_KEY = 'self-signed.key';
/** A self-signed certificate this close to expiry is made again at start. */
export const RENEW_DAYS = 30;
const SELF_SIGNED_VALID_DAYS = 730;
const DAY_MS = 86_400_000;

export interface TlsMaterial {
  /** What `https.createServer` takes. */
  options: SecureContextOptions;
  /** SHA-256, as colon-separated hex pairs: what browsers show. */
  fingerprint: string;
  validTo: Date;
  /** Where it came from, for the start-up lines and `--check`. */
  source: string;
}

export interface TlsContext {
  dataDir: string;
  /** The address the server listens on (a self-signed certificate names it). */
  bindHost: string;
  now: Date;
  /** Told when a self-signed certificate is made or made again. */
  warn?(message: string): void;
}

/** What `--check` says about the certificate, without changing anything. */
export type TlsReport = { ok: true; material?: TlsMaterial; summary: string } | { ok: false; problems: string[] };

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`The ${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

function certificateFrom(pem: Buffer, certFile: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new Error(`The certificate file ${certFile} does not hold a PEM certificate (${(error as Error).message}).`);
  }
}

function materialOf(certificate: X509Certificate, options: SecureContextOptions, source: string): TlsMaterial {
  return { options, fingerprint: certificate.fingerprint256, validTo: new Date(certificate.validTo), source };
}

function fromPemFiles(certFile: string, keyFile: string): TlsMaterial {
  const cert = readFile(certFile, 'certificate file');
  const key = readFile(keyFile, 'key file');
  const certificate = certificateFrom(cert, certFile);
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`The key file ${keyFile} does not hold an unencrypted PEM private key (${(error as Error).message}).`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new Error(`The key file ${keyFile} does not match the certificate ${certFile}.`);
  return materialOf(certificate, { cert, key }, `the certificate ${certFile} with the key ${keyFile}`);
}

function fromPfx(pfxFile: string, passphraseFile: string | undefined): TlsMaterial {
  const pfx = readFile(pfxFile, 'PFX file');
  // The passphrase file's last line break is the editor's, not the passphrase's.
  const passphrase = passphraseFile
    ? readFile(passphraseFile, 'passphrase file')
        .toString('utf8')
        .replace(/\r?\n$/, '')
    : undefined;
  const options = { pfx, ...(passphrase !== undefined ? { passphrase } : {}) };
  let der: Buffer | undefined;
  try {
    const context = createSecureContext(options) as unknown as { context: { getCertificate?(): Buffer | null } };
    der = context.context.getCertificate?.() ?? undefined;
  } catch (error) {
    const message = (error as Error).message;
    if (/mac verify failure|bad decrypt|password/i.test(message)) {
      throw new Error(
        passphraseFile
          ? `The PFX file ${pfxFile} cannot be opened with the passphrase in ${passphraseFile}: the passphrase is wrong.`
          : `The PFX file ${pfxFile} needs a passphrase: put it in a file only this service can read and name it with --tls-passphrase-file.`,
      );
    }
    throw new Error(`The PFX file ${pfxFile} cannot be used (${message}).`);
  }
  if (!der) throw new Error(`The PFX file ${pfxFile} holds no certificate with its key.`);
  return materialOf(new X509Certificate(der), options, `the PFX file ${pfxFile}`);
}

const selfSignedPaths = (dataDir: string) => ({ certFile: join(dataDir, TLS_FOLDER, SELF_SIGNED_CERT), keyFile: join(dataDir, TLS_FOLDER, SELF_SIGNED_KEY) });

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || /^[0:]+$/.test(host);
}

/** The names a self-signed certificate carries: the listening address (every address, when bound to all) and the machine's name. */
export function selfSignedNames(bindHost: string, machineName = hostname(), interfaces = networkInterfaces()): { dns: string[]; ips: string[] } {
  const dns = new Set([machineName.toLowerCase(), 'localhost']);
  const ips = new Set(['127.0.0.1', '::1']);
  if (isWildcard(bindHost)) {
    for (const i of Object.values(interfaces).flatMap((list) => list ?? [])) ips.add(i.address);
  } else if (bindHost === 'localhost') dns.add(bindHost);
  else ips.add(bindHost.replace(/^\[|\]$/g, ''));
  return { dns: [...dns], ips: [...ips] };
}

async function makeSelfSigned(context: TlsContext): Promise<void> {
  const { certFile, keyFile } = selfSignedPaths(context.dataDir);
  const names = selfSignedNames(context.bindHost);
  const made = await generate([{ name: 'commonName', value: names.dns[0]! }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(context.now.getTime() - DAY_MS),
    notAfterDate: new Date(context.now.getTime() + SELF_SIGNED_VALID_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.dns.map((value) => ({ type: 2 as const, value })), ...names.ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  mkdirSync(join(context.dataDir, TLS_FOLDER), { recursive: true, mode: 0o700 });
  // The key first, owner-only, through a temporary file, so a crash never leaves a readable or half-written key.
  const temp = `${keyFile}.tmp`;
  writeFileSync(temp, made.private, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, keyFile);
  writeFileSync(`${certFile}.tmp`, made.cert);
  renameSync(`${certFile}.tmp`, certFile);
}

const daysLeft = (material: TlsMaterial, now: Date) => Math.floor((material.validTo.getTime() - now.getTime()) / DAY_MS);

async function selfSigned(context: TlsContext): Promise<TlsMaterial> {
  const { certFile, keyFile } = selfSignedPaths(context.dataDir);
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await makeSelfSigned(context);
    context.warn?.(`Made a self-signed certificate in ${join(context.dataDir, TLS_FOLDER)}; browsers will ask people to trust it.`);
  } else {
    const current = fromPemFiles(certFile, keyFile);
    const left = daysLeft(current, context.now);
    if (left >= RENEW_DAYS) return { ...current, source: `the self-signed certificate in ${join(context.dataDir, TLS_FOLDER)}` };
    await makeSelfSigned(context);
    context.warn?.(
      `The self-signed certificate ${left < 0 ? 'had expired' : `had ${left} days left`}, so a new one was made: its fingerprint has changed, and people must trust the new one.`,
    );
  }
  return { ...fromPemFiles(certFile, keyFile), source: `the self-signed certificate in ${join(context.dataDir, TLS_FOLDER)}` };
}

/** The certificate to serve with; throws words naming the file that is wrong. */
export async function loadTls(setting: TlsSetting, context: TlsContext): Promise<TlsMaterial> {
  const material =
    setting.kind === 'self-signed'
      ? await selfSigned(context)
      : setting.kind === 'files'
        ? fromPemFiles(setting.certFile, setting.keyFile)
        : fromPfx(setting.pfxFile, setting.passphraseFile);
  if (material.validTo.getTime() <= context.now.getTime()) {
    throw new Error(`The certificate from ${material.source} expired on ${material.validTo.toISOString().slice(0, 10)}: browsers will refuse it. Use a current one.`);
  }
  return material;
}

/** What the certificate would be, for `--check`: read only, nothing made. */
export function inspectTls(setting: TlsSetting, context: Omit<TlsContext, 'warn'>): TlsReport {
  try {
    if (setting.kind === 'self-signed') {
      const { certFile, keyFile } = selfSignedPaths(context.dataDir);
      if (!existsSync(certFile) || !existsSync(keyFile)) {
        return { ok: true, summary: `a self-signed certificate, which will be made in ${join(context.dataDir, TLS_FOLDER)} on first start` };
      }
      const material = fromPemFiles(certFile, keyFile);
      const left = daysLeft(material, context.now);
      if (left < RENEW_DAYS)
        return { ok: true, material, summary: `the self-signed certificate in ${join(context.dataDir, TLS_FOLDER)}, which will be made again on start (${left} days left)` };
      return {
        ok: true,
        material,
        summary: `the self-signed certificate in ${join(context.dataDir, TLS_FOLDER)}, ${left} days left, fingerprint (SHA-256) ${material.fingerprint}`,
      };
    }
    const material = setting.kind === 'files' ? fromPemFiles(setting.certFile, setting.keyFile) : fromPfx(setting.pfxFile, setting.passphraseFile);
    const left = daysLeft(material, context.now);
    if (left < 0) return { ok: false, problems: [`The certificate from ${material.source} expired on ${material.validTo.toISOString().slice(0, 10)}.`] };
    return { ok: true, material, summary: `${material.source}, ${left} days left, fingerprint (SHA-256) ${material.fingerprint}` };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
}
