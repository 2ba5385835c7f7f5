/**
 * The channel form's values and the draft the engine takes, both ways. One form holds every kind's
 * fields, so switching Email to Teams and back loses nothing typed; only the chosen kind's fields
 * are sent. Pure: test/unit/renderer/features/alerts/channel-form.test.ts.
 */
import type { ContractIssue } from '../../../../shared/contract';
import type { AlertChannelDraft, AlertChannelKind, AlertChannelView, AlertSendFailureClass, SmtpSecurity } from '../../../../shared/domain/alerts';

export interface ChannelForm {
  name: string;
  enabled: boolean;
  kind: AlertChannelKind;
  host: string;
  /** '' while the field is empty (Mantine's NumberInput gives a string then). */
  port: number | '';
  security: SmtpSecurity;
  username: string;
  from: string;
  /** The addresses, one a line, as typed. */
  to: string;
  /** The webhook's address (the Teams URL is its secret). */
  url: string;
  /** The password, the Teams URL or the signing secret; '' keeps the stored one. */
  secret: string;
}

/** STARTTLS on 587 is what council relays (Exchange Online, most on-premises relays) take. */
export const DEFAULT_SMTP_PORT = 587;

export const SMTP_SECURITY_LABELS: Readonly<Record<SmtpSecurity, string>> = {
  starttls: 'STARTTLS',
  tls: 'TLS',
  none: 'None',
};

export function blankChannelForm(): ChannelForm {
  return { name: '', enabled: true, kind: 'email', host: '', port: DEFAULT_SMTP_PORT, security: 'starttls', username: '', from: '', to: '', url: '', secret: '' };
}

/** A saved channel in the form: its secret is never read back, so the field starts empty. */
export function formFromChannel(channel: AlertChannelView): ChannelForm {
  const form = { ...blankChannelForm(), name: channel.name, enabled: channel.enabled, kind: channel.kind };
  switch (channel.kind) {
    case 'email':
      return { ...form, host: channel.host, port: channel.port, security: channel.security, username: channel.username, from: channel.from, to: channel.to.join('\n') };
    case 'teams':
      return form;
    case 'webhook':
      return { ...form, url: channel.url };
  }
}

/** Addresses typed one a line (commas and semicolons also split them, as pasted from Outlook), blanks dropped. */
export function addressesFrom(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/**
 * The channel as the engine takes it: only the chosen kind's fields. An empty port goes as 0, which
 * the engine refuses at the port field, so the words under it are the engine's.
 */
export function draftFromForm(form: ChannelForm): AlertChannelDraft {
  const common = { name: form.name, enabled: form.enabled };
  switch (form.kind) {
    case 'email':
      return {
        ...common,
        kind: 'email',
        host: form.host.trim(),
        port: form.port === '' ? 0 : form.port,
        security: form.security,
        username: form.username.trim(),
        from: form.from.trim(),
        to: addressesFrom(form.to),
      };
    case 'teams':
      return { ...common, kind: 'teams' };
    case 'webhook':
      return { ...common, kind: 'webhook', url: form.url.trim() };
  }
}

/** What the secret field says about the stored one, by kind (never the secret itself). */
export function secretHint(kind: AlertChannelKind, secretSet: boolean): string {
  if (kind === 'teams')
    return secretSet
      ? 'A URL is kept; paste a new one to replace it.'
      : "The channel's incoming webhook URL, from Teams (Connectors or Workflows). Kept in this machine's protected secret store.";
  if (kind === 'webhook')
    return secretSet
      ? 'A signing secret is kept; type a new one to replace it.'
      : 'At least 16 characters. Each post is signed with it (HMAC-SHA256) so the receiver can tell it came from casebridge.';
  return secretSet ? 'A password is kept; type a new one to replace it.' : 'Only when the relay asks for a user name and password.';
}

/** A failure class as a heading; the engine's reason under it says exactly what happened. */
export const SEND_FAILURE_LABELS: Readonly<Record<AlertSendFailureClass, string>> = {
  dns: 'Name not found',
  connection: 'Could not connect',
  timeout: 'No answer in time',
  tls: 'Secure connection failed',
  auth: 'Sign-in refused',
  'sender-refused': 'Sender refused',
  'recipient-refused': 'Recipient refused',
  refused: 'Refused',
  server: 'Server error',
  setup: 'Settings incomplete',
};

/**
 * An objection to one of the To addresses (`channel.to.1`) names the address: the To field holds
 * them all, so "enter an email address" alone would not say which line is wrong.
 */
export function namingAddresses(issues: readonly ContractIssue[], to: readonly string[]): ContractIssue[] {
  return issues.map((issue) => {
    const match = /^channel\.to\.(\d+)$/.exec(issue.path);
    const address = match ? to[Number(match[1])] : undefined;
    return address === undefined ? issue : { ...issue, message: `${address}: ${issue.message}` };
  });
}
