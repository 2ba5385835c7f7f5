/**
 * Whether to connect to a casebridge server, by its certificate (trust on first use): the first
 * time, the person compares the fingerprint with the one the server printed and trusts it; later,
 * the same fingerprint connects without a question, and a different one refuses with a warning that
 * someone may be intercepting. Trusting a changed certificate takes a deliberate second step.
 *
 * Decisions:
 * - Every question defaults to not connecting (Enter and Escape both decline).
 * - Plain http (a server on this computer) has no certificate: it connects without a question.
 * - The dialog is passed in (Electron's `dialog.showMessageBox` in the shell), so tests answer it.
 */
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { ServerMode, ServerPin } from './console-mode';
import type { ServerCertificate } from './server-certificate';

export type Ask = (options: MessageBoxOptions) => Promise<Pick<MessageBoxReturnValue, 'response' | 'checkboxChecked'>>;

export type ServerCheck = { kind: 'connect'; mode: ServerMode; trustedNow: boolean } | { kind: 'declined' } | { kind: 'unreachable'; message: string };

export interface ServerCheckDeps {
  readCertificate(url: string): Promise<ServerCertificate>;
  ask: Ask;
  now(): Date;
}

const hostOf = (url: string) => new URL(url).host;

function certificateDetails(certificate: ServerCertificate): string {
  return `Issued to: ${certificate.subject || '(no name)'}\nIssued by: ${certificate.issuer || '(no name)'}\nValid from ${certificate.validFrom} to ${certificate.validTo}`;
}

async function askFirstUse(url: string, certificate: ServerCertificate, ask: Ask): Promise<boolean> {
  const { response } = await ask({
    type: 'question',
    title: 'Check the server’s certificate',
    message: `Is this the casebridge server at ${hostOf(url)}?`,
    detail:
      `This is the first time this computer connects to it. Its certificate’s fingerprint (SHA-256) is:\n\n${certificate.fingerprint}\n\n` +
      `Compare it with the one the server printed when it started, or the one its administrator gives you. Trust it only if they are the same.\n\n` +
      certificateDetails(certificate),
    buttons: ['Cancel', 'Trust and connect'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

async function askChanged(pin: ServerPin, certificate: ServerCertificate, ask: Ask): Promise<boolean> {
  const warning = await ask({
    type: 'warning',
    title: 'The server’s certificate has changed',
    message: `The server at ${hostOf(pin.url)} presents a different certificate from the one you trusted. Someone may be intercepting the connection, so casebridge has not connected.`,
    detail:
      `Trusted on ${pin.trustedAt}:\n${pin.fingerprint}\n\nPresented now:\n${certificate.fingerprint}\n\n` +
      `If the server’s administrator has replaced its certificate, ask them for the new fingerprint and compare it before trusting it.\n\n` +
      certificateDetails(certificate),
    buttons: ['Do not connect', 'Trust the new certificate…'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (warning.response !== 1) return false;
  const confirm = await ask({
    type: 'warning',
    title: 'Trust the new certificate?',
    message: `Trust the new certificate of ${hostOf(pin.url)} from now on?`,
    detail: `New fingerprint (SHA-256):\n${certificate.fingerprint}`,
    checkboxLabel: 'I have compared this fingerprint with the one the server’s administrator gave me, and they are the same.',
    checkboxChecked: false,
    buttons: ['Cancel', 'Trust the new certificate'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return confirm.response === 1 && confirm.checkboxChecked;
}

/**
 * Checks the server at `url` against what was trusted before (`trusted`, the certificate saved for a
 * server, when it is for the same host and port) and answers whether to connect, and the mode to save when so.
 */
export async function checkServer(url: string, trusted: ServerPin | undefined, deps: ServerCheckDeps): Promise<ServerCheck> {
  if (new URL(url).protocol === 'http:') return { kind: 'connect', mode: { mode: 'server', url }, trustedNow: false };
  let certificate: ServerCertificate;
  try {
    certificate = await deps.readCertificate(url);
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  // A certificate belongs to a host and port, whatever page of it was asked for.
  const pinned = trusted && new URL(trusted.url).origin === new URL(url).origin ? trusted : undefined;
  if (pinned?.fingerprint === certificate.fingerprint) return { kind: 'connect', mode: { mode: 'server', ...pinned, url }, trustedNow: false };
  const trust = pinned ? await askChanged(pinned, certificate, deps.ask) : await askFirstUse(url, certificate, deps.ask);
  if (!trust) return { kind: 'declined' };
  return { kind: 'connect', mode: { mode: 'server', url, fingerprint: certificate.fingerprint, trustedAt: deps.now().toISOString() }, trustedNow: true };
}
