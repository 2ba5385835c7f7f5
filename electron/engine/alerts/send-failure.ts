/**
 * Why an alert could not be sent, in ONE table (RULES): what nodemailer, node:http(s) and our own
 * HTTP post throw, mapped to the classes of shared/domain/alerts.ts ALERT_SEND_FAILURES, each with
 * words an IT officer can act on. The deliveries, the log and "Send test alert" all show these words.
 *
 * Decisions:
 * - Every class is retried except `setup` (RETRYABLE): a relay that refuses today may take the
 *   message after its administrators change a rule, and the attempt budget bounds the rest; a
 *   channel with no secret will not fix itself.
 * - The words name the host and port, never a secret. A Teams incoming webhook URL IS its secret
 *   (anyone holding it can post to the channel), so only its host is ever shown; withoutSecret()
 *   takes the secret out of whatever words are left as a last guard (a relay that echoes a command).
 * - A relay's or receiver's own reply is quoted (cut short, with any web address in it blanked),
 *   because "550 5.7.60 SMTP; Client does not have permissions to send as this sender" is what the
 *   relay's administrators will ask for.
 * - A send stopped by its signal (the engine stopping) is class `timeout` with `aborted` set: it did
 *   not finish and will be tried again; the caller can tell it apart and not count it as a failure.
 */
import { ALERT_SEND_FAILURES, type AlertChannel, type AlertSendFailureClass } from '../../../shared/domain/alerts';

export const RETRYABLE: Readonly<Record<AlertSendFailureClass, boolean>> = Object.fromEntries(ALERT_SEND_FAILURES.map((c) => [c, c !== 'setup'])) as Record<
  AlertSendFailureClass,
  boolean
>;

export class AlertSendError extends Error {
  override readonly name = 'AlertSendError';
  readonly errorClass: AlertSendFailureClass;
  readonly retryable: boolean;
  /** Stopped by the caller's signal, not failed: nothing is wrong with the channel. */
  readonly aborted: boolean;

  constructor(errorClass: AlertSendFailureClass, message: string, options: { cause?: unknown; aborted?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errorClass = errorClass;
    this.retryable = RETRYABLE[errorClass];
    this.aborted = options.aborted ?? false;
  }
}

/** A far side that answered over HTTP with something other than 2xx (thrown by channels/http-post.ts). */
export class HttpAnswerError extends Error {
  override readonly name = 'HttpAnswerError';
  constructor(
    readonly status: number,
    /** The start of the answer's body, as the far side wrote it. */
    readonly said: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Where the send went: the channel's relay or URL host, and the sender's limits, for the words. */
export interface SendContext {
  /** The host (and port) spoken to; a Teams channel must pass them (its URL is the secret). */
  host?: string;
  port?: number;
  timeoutMs?: number;
}

/** A channel that cannot send as it is set up: the caller's words, class `setup`, never retried. */
export function setupFailure(message: string): AlertSendError {
  return new AlertSendError('setup', message);
}

/** A channel switched off on the Alerts page: nothing is sent through it. */
export function channelSwitchedOff(channel: Pick<AlertChannel, 'name'>): AlertSendError {
  return setupFailure(`The channel '${channel.name}' is switched off: switch it on on the Alerts page to send alerts through it.`);
}

// ---------------------------------------------------------------------------------------------
// What an error says, gathered from its cause chain

interface Facts {
  /** Every code on the chain: nodemailer's own (ETLS) and the system's under it (originalCode, ECONNREFUSED). */
  codes: string[];
  /** Every message on the chain, joined. */
  text: string;
  responseCode?: number;
  response?: string;
  /** The SMTP command in flight (MAIL FROM, RCPT TO, DATA, STARTTLS, AUTH PLAIN...). */
  command?: string;
  rejected?: string[];
  status?: number;
  said?: string;
  timeoutType?: string;
  aborted: boolean;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  originalCode?: unknown;
  errno?: unknown;
  message?: unknown;
  cause?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  rejected?: unknown;
  timeoutType?: unknown;
}

function factsOf(error: unknown): Facts {
  const links: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && links.length < 6) {
    links.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  const codes = links.flatMap((l) => [l.code, l.originalCode, l.errno].filter((c): c is string => typeof c === 'string' && c !== ''));
  const text = links.map((l) => (typeof l.message === 'string' ? l.message : '')).join(' | ') || String(error);
  const first = links[0] ?? {};
  const http = error instanceof HttpAnswerError ? error : undefined;
  return {
    codes,
    text,
    responseCode: typeof first.responseCode === 'number' ? first.responseCode : undefined,
    response: typeof first.response === 'string' ? first.response : undefined,
    command: typeof first.command === 'string' ? first.command : undefined,
    rejected: Array.isArray(first.rejected) ? first.rejected.map(String) : undefined,
    status: http?.status,
    said: http?.said,
    timeoutType: typeof first.timeoutType === 'string' ? first.timeoutType : undefined,
    aborted: links.some((l) => l.name === 'AbortError' || l.code === 'ABORT_ERR' || l.code === 'EABORT'),
  };
}

const has = (f: Facts, ...codes: string[]) => f.codes.some((c) => codes.includes(c));
const TLS_CODE = /^(ETLS|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS|ERR_SSL|EPROTO$|HOSTNAME_MISMATCH)/;
const TLS_WORDS = /certificate|self[- ]signed|wrong version number|handshake|\bSSL\b|\bTLS\b|STARTTLS/i;
const isTls = (f: Facts) => f.codes.some((c) => TLS_CODE.test(c)) || (f.status === undefined && !isSmtpReply(f) && TLS_WORDS.test(f.text));
const isSmtpReply = (f: Facts) => f.responseCode !== undefined && f.command !== 'STARTTLS' && !has(f, 'ETLS');
const smtpClass = (f: Facts) => (f.responseCode === undefined ? undefined : Math.floor(f.responseCode / 100));

// ---------------------------------------------------------------------------------------------
// The words

interface Where {
  channel: AlertChannel;
  host: string;
  port?: number;
  timeoutMs?: number;
}

const at = (w: Where) => (w.port === undefined ? w.host : `${w.host}:${w.port}`);
function farSide(w: Where): string {
  if (w.channel.kind === 'email') return `The relay ${at(w)}`;
  if (w.channel.kind === 'teams') return `Teams (${w.host})`;
  return `The webhook receiver ${at(w)}`;
}
const farSideLower = (w: Where) => farSide(w).replace(/^The /, 'the ');

/** Blanks web addresses (a Teams URL is a secret) and cuts long replies short. */
function quote(text: string | undefined, max = 200): string {
  if (!text) return '';
  const clean = text
    .replace(/\bhttps?:\/\/[^\s)"'<>]+/gi, '[address]')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
const itSaid = (text: string | undefined) => (quote(text) ? ` (it said "${quote(text)}")` : '');
const firstCode = (f: Facts, pattern: RegExp) => f.codes.find((c) => pattern.test(c));
const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` within ${Math.round(ms / 100) / 10} s`);

/** As the network diagnosis says it (network/diagnosis/tls-step.ts): an inspecting firewall is the usual cause. */
const inspectionAdvice = (w: Where) =>
  `If the council's firewall inspects secure traffic and re-signs it, ask IT to exempt ${w.host} from inspection, or to give casebridge the inspection certificate (NODE_EXTRA_CA_CERTS); otherwise ${w.host} needs a certificate from an authority this computer trusts.`;

function tlsWords(f: Facts, w: Where): string {
  const email = w.channel.kind === 'email';
  if (email && (f.command === 'STARTTLS' || /STARTTLS/.test(f.text)) && !/certificate/i.test(f.text)) {
    return `${farSide(w)} did not agree to a secure connection (STARTTLS)${itSaid(f.response)}. If the port is 465, choose TLS instead; otherwise ask the relay's administrators to offer STARTTLS on this port. casebridge does not send mail in the clear when STARTTLS is chosen.`;
  }
  if (has(f, 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID') || /certificate has expired|not yet valid/i.test(f.text)) {
    return `The certificate of ${at(w)} is out of date. Check this computer's date and time first; if they are right, its administrators must renew the certificate.`;
  }
  if (has(f, 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH') || /does not match certificate|altnames/i.test(f.text)) {
    return `The certificate of ${at(w)} is not for the name ${w.host}. Use the host name the certificate is issued for${email ? " in the channel's settings" : ''}; if the name is right, a firewall or proxy may be answering in its place: ask IT.`;
  }
  const untrusted = firstCode(f, /^(DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_UNTRUSTED)/);
  if (untrusted || /self[- ]signed|unable to (get|verify)|certificate chain|unknown ca/i.test(f.text)) {
    return `This computer does not trust the certificate of ${at(w)}${untrusted ? ` (${untrusted})` : ''}. ${inspectionAdvice(w)}`;
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(f.text) || has(f, 'ERR_SSL_WRONG_VERSION_NUMBER')) {
    return email
      ? `${farSide(w)} answered in plain text where TLS was expected. Port 465 uses TLS from the start; ports 587 and 25 use STARTTLS: choose the security that matches the port.`
      : `${at(w)} did not speak TLS on that port: check the address (https and the right port).`;
  }
  return `The secure (TLS) connection with ${at(w)} failed${itSaid(f.response ?? f.text)}. ${inspectionAdvice(w)}`;
}

function authWords(f: Facts, w: Where): string {
  if (f.responseCode === 530 || (f.command !== undefined && /^(MAIL|RCPT)/.test(f.command))) {
    return `${farSide(w)} wants a sign-in before it takes mail${itSaid(f.response)}. Enter the user name and password its administrators gave, or ask them to let this computer's address send without one.`;
  }
  if (f.responseCode === 534) {
    return `${farSide(w)} refused the sign-in method${itSaid(f.response)}. For Microsoft 365, SMTP AUTH must be switched on for the mailbox; otherwise ask the relay's administrators which sign-in it takes.`;
  }
  if (has(f, 'ENOAUTH') || /missing credentials/i.test(f.text)) {
    return `${farSide(w)} needs a password for this user name and none is stored: enter it in the channel's settings.`;
  }
  return `${farSide(w)} refused the user name or password${itSaid(f.response)}. Check the user name and enter the password again; for Microsoft 365, SMTP AUTH must be switched on for the mailbox.`;
}

function httpRefusedWords(f: Facts, w: Where): string {
  const status = f.status!;
  const said = itSaid(f.said);
  if (status >= 300 && status < 400) {
    return `${farSide(w)} answered with a redirect (HTTP ${status}). Alerts do not follow redirects: put the final address in the channel's settings.`;
  }
  if (w.channel.kind === 'teams') {
    if (status === 401 || status === 403 || status === 404 || status === 410) {
      return `${farSide(w)} refused the message (HTTP ${status}): the Teams URL was removed or is wrong${said}. Add a new incoming webhook (or Workflows flow) to the channel in Teams and paste its URL in this channel's settings.`;
    }
    return `${farSide(w)} did not accept the message (HTTP ${status})${said}. Check that the URL is the channel's incoming webhook or a Workflows flow that posts an Adaptive Card.`;
  }
  if (status === 401 || status === 403) {
    return `${farSide(w)} refused the message (HTTP ${status})${said}: check that it holds the same signing secret as this channel.`;
  }
  if (status === 404 || status === 410) return `${farSide(w)} has nothing at that address (HTTP ${status})${said}: check the URL's path.`;
  return `${farSide(w)} did not accept the message (HTTP ${status})${said}. Ask its administrators what it expects.`;
}

function connectionWords(f: Facts, w: Where): string {
  const email = w.channel.kind === 'email';
  if (has(f, 'ECONNREFUSED')) {
    return `Nothing took the connection at ${at(w)} (it was refused). ${email ? 'Check the port (587 for STARTTLS, 465 for TLS, 25) and that the relay is running' : 'Check the address and its port, and that the receiver is running'}; a firewall may also refuse it.`;
  }
  if (has(f, 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN')) {
    return `This computer has no network route to ${at(w)}. Check its network connection, and ask IT whether the firewall lets it reach ${w.host}.`;
  }
  if (has(f, 'ECONNRESET', 'EPIPE', 'ECONNECTION') || /socket hang up|closed unexpectedly/i.test(f.text)) {
    return `The connection to ${at(w)} was cut off before ${farSideLower(w)} answered${itSaid(f.response)}. A firewall or proxy, or the far side itself, closed it; ask IT whether this computer may reach ${w.host} on port ${w.port ?? 443}.`;
  }
  const code = f.codes.find((c) => c !== 'ESOCKET');
  return `Could not send to ${at(w)}${code ? ` (${code})` : ''}. Check the network and the channel's settings; it will be tried again.`;
}

/** Which of nodemailer's waits ran out, in words. */
const TIMEOUT_STEPS: Record<string, string> = {
  CONNECT_TIMEOUT: ' (the connection was not taken)',
  GREETING_TIMEOUT: ' (it took the connection but never greeted)',
  UPGRADE_TIMEOUT: ' (the secure connection was not set up)',
  SOCKET_TIMEOUT: ' (it went quiet in the middle of the conversation)',
};

// ---------------------------------------------------------------------------------------------
// The table: the first rule that matches decides the class and the words.

interface Rule {
  errorClass: AlertSendFailureClass;
  matches(f: Facts, w: Where): boolean;
  words(f: Facts, w: Where): string;
}

const RULES: readonly Rule[] = [
  {
    errorClass: 'timeout',
    matches: (f) => f.aborted,
    words: (_f, w) => `The send to ${at(w)} was stopped before it finished (casebridge is stopping); it will be tried again.`,
  },
  {
    errorClass: 'dns',
    matches: (f) => has(f, 'EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'ESERVFAIL'),
    words: (f, w) =>
      `${w.channel.kind === 'email' ? 'The relay' : 'The host'} ${w.host} could not be found (DNS${has(f, 'EAI_AGAIN') ? ', a temporary failure' : ''}). Check the ${
        w.channel.kind === 'email' ? "host name in the channel's settings" : 'address'
      } for typos, and that this computer can look names up (its DNS servers, and the proxy rules if it has no direct route out).`,
  },
  {
    errorClass: 'timeout',
    matches: (f) => has(f, 'ETIMEDOUT', 'ESOCKETTIMEDOUT') || f.timeoutType !== undefined || f.status === 408,
    words: (f, w) => {
      const step = f.timeoutType === undefined ? '' : (TIMEOUT_STEPS[f.timeoutType] ?? '');
      return `${farSide(w)} did not answer${seconds(w.timeoutMs)}${step}. A firewall may be dropping traffic to ${at(w)}, or the far side is overloaded; it will be tried again.`;
    },
  },
  { errorClass: 'tls', matches: isTls, words: tlsWords },
  {
    errorClass: 'auth',
    matches: (f) => has(f, 'EAUTH', 'ENOAUTH') || (f.responseCode !== undefined && [530, 534, 535].includes(f.responseCode)),
    words: authWords,
  },
  {
    errorClass: 'sender-refused',
    matches: (f) => (f.command === 'MAIL FROM' && smtpClass(f) !== 4) || (has(f, 'EENVELOPE') && /^Invalid sender/.test(f.text)),
    words: (f, w) =>
      `${farSide(w)} refused the sender address ${w.channel.kind === 'email' ? w.channel.from : ''}${itSaid(f.response)}. Use a From address this account (or this computer) may send as, or ask the relay's administrators to allow it.`,
  },
  {
    errorClass: 'recipient-refused',
    matches: (f) => (f.command === 'RCPT TO' && smtpClass(f) !== 4) || (has(f, 'EENVELOPE') && /^(Invalid recipient|No recipients)/.test(f.text)),
    words: (f, w) =>
      `${farSide(w)} refused every address to send to${f.rejected?.length ? ` (${f.rejected.join(', ')})` : ''}${itSaid(f.response)}. Check the addresses; a relay that only delivers inside the council refuses outside ones.`,
  },
  {
    errorClass: 'refused',
    matches: (f) => smtpClass(f) === 5,
    words: (f, w) =>
      `${farSide(w)} refused the message itself${itSaid(f.response)}. Its spam or content rules may have stopped it: ask the relay's administrators, quoting its answer.`,
  },
  {
    errorClass: 'server',
    matches: (f) => smtpClass(f) === 4,
    words: (f, w) => `${farSide(w)} is not taking mail just now${itSaid(f.response)}; it will be tried again. If this lasts, ask the relay's administrators.`,
  },
  {
    errorClass: 'server',
    matches: (f) => f.status !== undefined && (f.status >= 500 || f.status === 429),
    words: (f, w) =>
      f.status === 429
        ? `${farSide(w)} asked casebridge to slow down (HTTP 429)${itSaid(f.said)}; it will be tried again.`
        : `${farSide(w)} had a problem (HTTP ${f.status})${itSaid(f.said)}; it will be tried again. If this lasts, check the service's status page or ask its administrators.`,
  },
  { errorClass: 'refused', matches: (f) => f.status !== undefined, words: httpRefusedWords },
  { errorClass: 'connection', matches: () => true, words: connectionWords },
];

/**
 * The class and words of a failed send through `channel`. An AlertSendError passes through as it
 * is; anything else goes through RULES.
 */
export function classifySendFailure(error: unknown, channel: AlertChannel, context: SendContext = {}): AlertSendError {
  if (error instanceof AlertSendError) return error;
  const where: Where = { channel, ...defaultWhere(channel), ...definedOnly(context) };
  const facts = factsOf(error);
  const rule = RULES.find((r) => r.matches(facts, where))!;
  return new AlertSendError(rule.errorClass, rule.words(facts, where), { cause: error, aborted: facts.aborted });
}

function defaultWhere(channel: AlertChannel): { host: string; port?: number } {
  if (channel.kind === 'email') return { host: channel.host, port: channel.port };
  if (channel.kind === 'webhook') {
    try {
      const url = new URL(channel.url);
      return { host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
    } catch {
      return { host: 'the receiver' };
    }
  }
  return { host: 'Teams' };
}

function definedOnly(context: SendContext): SendContext {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
}

/**
 * The same failure with the secret (and, for a URL, its path and query) taken out of its words: the
 * last guard, for a far side that echoes what it was sent.
 */
export function withoutSecret(error: AlertSendError, secret: string | undefined): AlertSendError {
  if (!secret) return error;
  const hidden = [secret];
  try {
    const url = new URL(secret);
    if (url.pathname.length > 1) hidden.push(url.pathname);
    if (url.search) hidden.push(url.search.slice(1));
  } catch {
    // Not a URL: the secret itself is enough.
  }
  let message = error.message;
  for (const text of hidden) if (text.length >= 4) message = message.split(text).join('[secret]');
  if (message === error.message) return error;
  return new AlertSendError(error.errorClass, message, { cause: error.cause, aborted: error.aborted });
}
