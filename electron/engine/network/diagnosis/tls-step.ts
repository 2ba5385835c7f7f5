/**
 * TLS: the handshake over the connection, then the certificate judged by us (not by the handshake,
 * so that its subject, issuer and expiry can be shown even when it fails): trusted, in date, and
 * for this name. A plain http address (a test system) skips it.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateFacts, DiagnosisStep } from '../../../../shared/domain/network';
import type { Target } from './address-step';
import type { AdviceContext } from './connector-check';
import { errorCode, opened, type StepLimits } from './sockets';
import { elapsed, passed, seconds, skipped, StepFailure } from './steps';

/** A certificate expiring sooner than this is mentioned (the step still passes). */
const EXPIRY_WARNING_DAYS = 14;

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

export interface TlsOptions {
  label: string;
  limits: StepLimits;
  /** Now, in milliseconds, for the days left on the certificate. */
  now(): number;
  /** Certificates to trust instead of the system's (tests). */
  ca?: string | Buffer | (string | Buffer)[];
  blockedCallerAdvice?: AdviceContext['blockedCallerAdvice'];
}

/**
 * Resolves with the channel the HTTP step speaks on: the TLS socket (the caller closes it before
 * the connection under it), or the connection itself for plain http.
 */
export async function secureChannel(
  target: Pick<Target, 'host' | 'port' | 'secure'>,
  socket: net.Socket,
  options: TlsOptions,
): Promise<{ channel: net.Socket; secured?: tls.TLSSocket; step: DiagnosisStep }> {
  if (!target.secure) return { channel: socket, step: skipped('tls', 'Not used: the address is plain http (a test system on this machine).') };
  const { host, port } = target;
  const started = performance.now();
  let secured: tls.TLSSocket;
  try {
    secured = await handshake(socket, host, options);
  } catch (error) {
    const code = errorCode(error);
    throw new StepFailure(
      'tls',
      elapsed(started),
      code === 'ETIMEDOUT'
        ? `The secure connection with ${host}:${port} was not set up within ${seconds(options.limits.timeoutMs)}.`
        : `The secure connection with ${host}:${port} failed: ${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}.`,
      code === 'ECONNRESET' || code === 'ETIMEDOUT'
        ? ((await options.blockedCallerAdvice?.(code === 'ETIMEDOUT' ? 'timeout' : 'reset')) ?? 'A firewall or proxy may be blocking secure connections to this address: ask IT.')
        : `Check that the address is the https address of ${options.label}, on the right port.`,
    );
  }
  const ms = elapsed(started);
  try {
    const facts = judgeCertificate(secured, host, port, ms, options);
    const expiry =
      facts.expiresInDays < EXPIRY_WARNING_DAYS
        ? ` It expires in ${facts.expiresInDays} days: tell the administrators of ${options.label}.`
        : ` It expires in ${facts.expiresInDays} days.`;
    const step = passed('tls', ms, `${secured.getProtocol() ?? 'TLS'} with a trusted certificate.${about(facts)}${expiry}`, { certificate: facts });
    return { channel: secured, secured, step };
  } catch (error) {
    secured.destroy();
    throw error;
  }
}

function handshake(socket: net.Socket, host: string, options: TlsOptions): Promise<tls.TLSSocket> {
  const secure = () =>
    tls.connect({
      socket,
      servername: net.isIP(host) ? undefined : host,
      // We judge the certificate ourselves, so that its facts can be shown even when it fails.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(options.ca ? { ca: options.ca } : {}),
    });
  return opened(secure, 'secureConnect', options.limits);
}

const about = (facts: CertificateFacts) => ` Certificate for ${facts.subject}, issued by ${facts.issuer}.`;

/** The certificate's facts when it is trusted, in date and for `host`; a StepFailure saying which it is not. */
function judgeCertificate(secured: tls.TLSSocket, host: string, port: number, ms: number, options: TlsOptions): CertificateFacts {
  const cert = secured.getPeerCertificate(false);
  const facts = certificateFacts(cert, options.now());
  if (!facts) throw new StepFailure('tls', ms, `${host}:${port} sent no certificate.`, `Tell the administrators of ${options.label}.`);
  const authError = secured.authorizationError ? String(secured.authorizationError) : undefined;
  const identityError = tls.checkServerIdentity(host, cert);
  const { label } = options;
  if (authError && UNTRUSTED_CODES.has(authError)) {
    throw new StepFailure(
      'tls',
      ms,
      `This workstation does not trust the certificate (${authError}${facts.selfSigned ? ': it is self-signed' : ''}).${about(facts)}`,
      `A certificate this workstation does not trust usually means a proxy or firewall is inspecting secure traffic and re-signing it (the issuer above is then your council's or the firewall's, not a public authority). Ask IT to exempt ${host} from inspection, or to give casebridge the inspection certificate (NODE_EXTRA_CA_CERTS). If the issuer is ${label} itself, ask its administrators for a certificate from a public authority.`,
      facts,
    );
  }
  if (authError === 'CERT_HAS_EXPIRED' || authError === 'CERT_NOT_YET_VALID') {
    throw new StepFailure(
      'tls',
      ms,
      authError === 'CERT_HAS_EXPIRED'
        ? `The certificate expired ${-facts.expiresInDays} days ago (${facts.validTo}).${about(facts)}`
        : `The certificate is not valid yet.${about(facts)}`,
      `Check this workstation's date and time first; if they are right, tell the administrators of ${label} that their certificate needs renewing.`,
      facts,
    );
  }
  if (identityError || authError === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    throw new StepFailure(
      'tls',
      ms,
      `The certificate is not for ${host}${identityError ? `: ${identityError.message}` : '.'}${about(facts)}`,
      `Check the address of ${label}. If it is right, a proxy or firewall may be answering in its place: ask IT.`,
      facts,
    );
  }
  if (authError)
    throw new StepFailure('tls', ms, `The certificate was refused (${authError}).${about(facts)}`, `Tell IT and the administrators of ${label}, with this diagnosis.`, facts);
  return facts;
}

function formatName(name: unknown): string {
  if (!name || typeof name !== 'object') return '(none)';
  const parts = Object.entries(name as Record<string, unknown>).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`);
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

/** What a person checks on a certificate; undefined when none was sent. */
export function certificateFacts(cert: tls.PeerCertificate, nowMs: number): CertificateFacts | undefined {
  if (!cert || !cert.valid_to) return undefined;
  const validTo = Date.parse(cert.valid_to);
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  return {
    subject,
    issuer,
    validTo: Number.isFinite(validTo) ? new Date(validTo).toISOString() : cert.valid_to,
    expiresInDays: Number.isFinite(validTo) ? Math.floor((validTo - nowMs) / 86_400_000) : 0,
    selfSigned: subject === issuer,
  };
}
