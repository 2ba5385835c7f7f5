/**
 * An email channel: one message through the council's SMTP relay with nodemailer, as plain text
 * and a simple HTML part (every value escaped: a connector's error words can hold anything).
 *
 * Decisions:
 * - One transport per send, closed after: alerts are few, and a pooled connection would sit open
 *   to the relay (and time out there) between them.
 * - STARTTLS is required when chosen (requireTLS): a relay that does not offer it fails the send
 *   rather than getting the password and the message in the clear. `none` ignores STARTTLS even
 *   when offered, as the person chose (the form refuses a password over `none` beyond this machine).
 * - The caller's signal ends the send: nodemailer stops the message and the transport is closed,
 *   which cuts the connection.
 */
import nodemailer from 'nodemailer';
import type { AlertChannel, AlertMessage } from '../../../../shared/domain/alerts';

type EmailChannel = Extract<AlertChannel, { kind: 'email' }>;

export interface EmailSendOptions {
  /** The password, when the channel has a user name. */
  password?: string;
  ca?: string | Buffer | (string | Buffer)[];
  timeoutMs: number;
  signal: AbortSignal;
}

/** The message as plain text: title, summary, facts, what to do, where it came from. */
export function emailText(message: AlertMessage): string {
  const lines = [message.title, '', message.summary, ''];
  if (message.facts.length > 0) lines.push(...message.facts.map((fact) => `${fact.label}: ${fact.value}`), '');
  lines.push(message.instruction);
  if (message.link) lines.push(`Open: ${message.link}`);
  lines.push('', `From casebridge on ${message.source}`, `First event: ${message.firstAt}`, `Last event: ${message.lastAt}`);
  return `${lines.join('\n')}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The same as a simple HTML page: a heading, the summary, a table of facts, the instruction and link. */
export function emailHtml(message: AlertMessage): string {
  const e = escapeHtml;
  const facts =
    message.facts.length > 0
      ? `<table cellpadding="4" style="border-collapse:collapse">${message.facts
          .map((fact) => `<tr><th align="left" style="padding-right:16px">${e(fact.label)}</th><td>${e(fact.value)}</td></tr>`)
          .join('')}</table>`
      : '';
  const link = message.link ? `<p><a href="${e(message.link)}">Open in casebridge</a></p>` : '';
  return [
    '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px">',
    `<h2 style="font-size:16px">${e(message.title)}</h2>`,
    `<p>${e(message.summary)}</p>`,
    facts,
    `<p>${e(message.instruction)}</p>`,
    link,
    `<p style="color:#666;font-size:12px">From casebridge on ${e(message.source)}. First event: ${e(message.firstAt)}. Last event: ${e(message.lastAt)}.</p>`,
    '</body></html>',
  ].join('');
}

/** Sends the message; resolves with the relay's answer ("smtp.x:587 answered 250 OK: queued as ..."). */
export async function sendEmail(channel: EmailChannel, message: AlertMessage, options: EmailSendOptions): Promise<{ detail: string }> {
  const { signal, timeoutMs } = options;
  if (signal.aborted) throw Object.assign(new Error('The send was stopped.'), { name: 'AbortError', code: 'ABORT_ERR' });
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.security === 'tls',
    requireTLS: channel.security === 'starttls',
    ignoreTLS: channel.security === 'none',
    auth: channel.username ? { user: channel.username, pass: options.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
  });
  const onAbort = () => transport.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const info = await transport.sendMail({
      from: channel.from,
      to: channel.to,
      subject: message.title,
      text: emailText(message),
      html: emailHtml(message),
      signal,
    });
    const refused = info.rejected.length > 0 ? `; it refused ${info.rejected.map(String).join(', ')}` : '';
    return { detail: `${channel.host}:${channel.port} answered ${info.response}${refused}` };
  } finally {
    signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}
