/**
 * Reads the certificate a casebridge server presents, before the app trusts it: a TLS handshake
 * that accepts any certificate (a council's server is usually self-signed, so the person compares
 * the fingerprint instead), reads it, and closes. Nothing is sent over the connection.
 * Also the pin Chromium applies afterwards: exactly that certificate, for that server, nothing else.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';

export interface ServerCertificate {
  /** SHA-256, as Node prints it (AB:CD:…), the same figure the server prints when it starts. */
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

/** Something the person can act on: what happened at which address, and what to check. */
export class ServerCertificateError extends Error {}

const DEFAULT_TIMEOUT_MS = 10_000;

function wordsFor(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${where}. Check the address and port, and that the casebridge server is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name in ${where} is not known on this network. Check the address with the server’s administrator.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this computer. Check the network, or ask IT whether a firewall is in the way.`;
    case 'ECONNRESET':
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${where} did not answer in HTTPS. Check the address: a casebridge server that is not on this computer speaks https, started with --tls.`;
    default:
      return `Could not read the certificate of ${where}: ${error.message}.`;
  }
}

/**
 * The certificate of the server at `url` (https). Fails with a ServerCertificateError in words when
 * nothing listens, the name is unknown, the far end does not speak TLS, or it takes too long.
 */
export function readServerCertificate(url: string, options: { timeoutMs?: number } = {}): Promise<ServerCertificate> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return Promise.reject(new ServerCertificateError(`Only an https server has a certificate to read (${target.protocol}//${target.host}).`));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 443);
  const where = `${target.host}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = connect({
      host,
      port,
      // SNI is for names only (RFC 6066); a server behind an address gets none.
      ...(isIP(host) ? {} : { servername: host }),
      // The point is to read a certificate nobody vouches for yet: the person compares it.
      rejectUnauthorized: false,
    });
    const settle = (outcome: () => void, politely = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (politely) {
        // A close_notify after the handshake, so the server sees a finished connection, not a reset;
        // one that does not hang up in turn is cut off soon after.
        socket.end();
        setTimeout(() => socket.destroy(), 2_000).unref();
      } else {
        socket.destroy();
      }
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new ServerCertificateError(
              `${where} did not complete a secure connection within ${timeoutMs >= 2000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}. Check the address and port, and that the server is running.`,
            ),
          ),
        ),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerX509Certificate();
      if (!certificate) return settle(() => reject(new ServerCertificateError(`${where} finished the secure connection without presenting a certificate.`)));
      settle(() => resolve(describeCertificate(certificate)), true);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => settle(() => reject(new ServerCertificateError(wordsFor(error, where)))));
    // A peer that hangs up before the handshake ends, without an error of its own.
    socket.once('close', () =>
      settle(() => reject(new ServerCertificateError(`${where} closed the connection before presenting a certificate: it does not seem to speak HTTPS.`))),
    );
  });
}

export function describeCertificate(certificate: X509Certificate): ServerCertificate {
  return {
    fingerprint: certificate.fingerprint256,
    subject: certificate.subject.replace(/\n/g, ', '),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    validFrom: certificate.validFrom,
    validTo: certificate.validTo,
  };
}

/** The fingerprint of a PEM certificate (Electron hands certificates over as PEM), or undefined if it is not one. */
export function fingerprintOfPem(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
}

/** Chromium's verdicts for `session.setCertificateVerifyProc`. */
export const VERIFY = { accept: 0, reject: -2, chromiumDecides: -3 } as const;

export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
}

/**
 * For `session.setCertificateVerifyProc` in server mode: the pinned server's host name is accepted
 * with exactly the pinned certificate and refused with any other (even one a public authority
 * signed: a changed certificate is the person's decision, on the next start). Other hosts are
 * left to Chromium. Chromium does not tell the port here; the window cannot go to another
 * origin anyway (navigation is limited to the server's), and the same certificate on another port
 * of the same host is held by the same key.
 */
export function pinnedCertificateVerifier(pin: { url: string; fingerprint: string }): (request: VerifyRequest, callback: (verdict: number) => void) => void {
  const host = new URL(pin.url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (request, callback) => {
    if (request.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== host) return callback(VERIFY.chromiumDecides);
    callback(fingerprintOfPem(request.certificate.data) === pin.fingerprint ? VERIFY.accept : VERIFY.reject);
  };
}
