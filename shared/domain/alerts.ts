/**
 * Alerts (design.md section 12's monitoring, taken to where support staff work): when a job dies,
 * a breaker stays open, the sync or the intake stops, the disk fills or the log store fails, a
 * message goes to the council's email (its SMTP relay), a Microsoft Teams channel (its incoming
 * webhook) or a signed HTTPS webhook. What is sent, when and to which channel is set here; the
 * engine groups events, holds repeats back and says when a condition clears (electron/engine/alerts/).
 *
 * A message never carries personal data or a secret: job ids, counts, error classes, connector names.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../loopback';
import { CONNECTOR_IDS, ConnectorIdSchema, type ConnectorId } from './job';

// ---------------------------------------------------------------------------------------------
// Conditions and rules

export const ALERT_CONDITIONS = [
  'job-dead',
  'validation-failures',
  'breaker-open',
  'sync-failing',
  'intake-not-listening',
  'disk-low',
  'log-store-failing',
  'backup-failed',
] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];
export const AlertConditionSchema = z.enum(ALERT_CONDITIONS);

export interface AlertConditionInfo {
  label: string;
  /** What sets it off, in a sentence for the Alerts page. */
  description: string;
  /** Whether a rule names connectors (the others are about the engine itself). */
  perConnector: boolean;
  /** The rule's number, when it has one: what it counts and its bounds. */
  threshold?: { label: string; unit: string; min: number; max: number; default: number };
}

export const ALERT_CONDITION_INFO: Readonly<Record<AlertCondition, AlertConditionInfo>> = {
  'job-dead': { label: 'A job dies', description: 'A job used every attempt and will not be tried again.', perConnector: true },
  'validation-failures': {
    label: 'Validation failures',
    description: 'The remote system refused more cases as invalid in an hour than the number here.',
    perConnector: true,
    threshold: { label: 'More than', unit: 'per hour', min: 1, max: 10_000, default: 20 },
  },
  'breaker-open': {
    label: 'A queue stops sending',
    description: "A connector's breaker has stayed open (the remote cannot be reached) for longer than the number here.",
    perConnector: true,
    threshold: { label: 'Open longer than', unit: 'minutes', min: 1, max: 1_440, default: 10 },
  },
  'sync-failing': { label: 'Two-way sync failing', description: "Tascomi's two-way sync has failed its last polls.", perConnector: false },
  'intake-not-listening': {
    label: 'Case intake not listening',
    description: 'The intake is switched on but is not taking cases (its port is taken, no secret...).',
    perConnector: false,
  },
  'disk-low': { label: 'Disk nearly full', description: "The data folder's disk is nearly full.", perConnector: false },
  'log-store-failing': { label: 'Log or database failing', description: 'Log entries are being lost, or the database cannot be written or is damaged.', perConnector: false },
  'backup-failed': { label: 'Backup failed', description: 'The last backup (daily or by hand) or a restore failed.', perConnector: false },
};

/** A channel's id: a UUID the engine gives it when it is first saved. */
export const AlertChannelIdSchema = z.string().max(36).uuid();

/** One condition's rule: whether it alerts, for which connectors (none named: every one), to which channels. */
export const AlertRuleSchema = z
  .object({
    enabled: z.boolean(),
    /** Empty: every connector (the conditions about the engine itself ignore it). */
    connectors: z.array(ConnectorIdSchema).max(CONNECTOR_IDS.length),
    /** `all`: every channel that is switched on; otherwise the channels' ids. */
    channels: z.union([z.literal('all'), z.array(AlertChannelIdSchema).max(20)]),
    /** The condition's number (ALERT_CONDITION_INFO.threshold), where it has one. */
    threshold: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const ALERT_GROUPING_SECONDS = { min: 10, max: 3_600, default: 120 } as const;
export const ALERT_QUIET_MINUTES = { min: 0, max: 1_440, default: 60 } as const;

export const AlertSettingsSchema = z
  .object({
    rules: z.object(Object.fromEntries(ALERT_CONDITIONS.map((c) => [c, AlertRuleSchema])) as Record<AlertCondition, typeof AlertRuleSchema>).strict(),
    /** Events of one condition within this many seconds of the first go out as one message. */
    groupingSeconds: z.number().int().min(ALERT_GROUPING_SECONDS.min).max(ALERT_GROUPING_SECONDS.max),
    /** After a message, the same condition (and connector) sends nothing more for this long; 0: no quiet period. */
    quietMinutes: z.number().int().min(ALERT_QUIET_MINUTES.min).max(ALERT_QUIET_MINUTES.max),
    /** The address of the browser console (the headless host), for links to the filtered Jobs page; empty: words only. */
    consoleAddress: z
      .string()
      .trim()
      .max(300)
      .refine(
        (value) => value === '' || isWebAddress(value, { loopbackHttp: false, plainHttp: true }),
        'enter the console address in full, such as https://casebridge.council.local:8443',
      )
      .default(''),
  })
  .strict()
  .superRefine((settings, ctx) => {
    for (const condition of ALERT_CONDITIONS) {
      const bounds = ALERT_CONDITION_INFO[condition].threshold;
      const value = settings.rules[condition].threshold;
      if (bounds && value !== undefined && (value < bounds.min || value > bounds.max)) {
        ctx.addIssue({ code: 'custom', path: ['rules', condition, 'threshold'], message: `between ${bounds.min} and ${bounds.max} ${bounds.unit}` });
      }
    }
  });
export type AlertSettings = z.output<typeof AlertSettingsSchema>;
export type AlertSettingsInput = z.input<typeof AlertSettingsSchema>;

/** What a council wants on day one: every condition, every connector, every channel, sensible numbers. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  rules: Object.fromEntries(
    ALERT_CONDITIONS.map((condition) => {
      const threshold = ALERT_CONDITION_INFO[condition].threshold?.default;
      const rule: AlertRule = { enabled: true, connectors: [], channels: 'all', ...(threshold === undefined ? {} : { threshold }) };
      return [condition, rule];
    }),
  ) as Record<AlertCondition, AlertRule>,
  groupingSeconds: ALERT_GROUPING_SECONDS.default,
  quietMinutes: ALERT_QUIET_MINUTES.default,
  consoleAddress: '',
};

/** The rule's number, or the condition's default when the rule has none. */
export function ruleThreshold(settings: AlertSettings, condition: AlertCondition): number {
  return settings.rules[condition].threshold ?? ALERT_CONDITION_INFO[condition].threshold?.default ?? 1;
}

/** Whether a rule covers a connector (no connectors named: every one). */
export function ruleCovers(rule: AlertRule, connector: ConnectorId | undefined): boolean {
  return connector === undefined || rule.connectors.length === 0 || rule.connectors.includes(connector);
}

// ---------------------------------------------------------------------------------------------
// Channels

export const ALERT_CHANNEL_KINDS = ['email', 'teams', 'webhook'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

export const ALERT_CHANNEL_KIND_LABELS: Readonly<Record<AlertChannelKind, string>> = {
  email: 'Email (SMTP relay)',
  teams: 'Microsoft Teams',
  webhook: 'Signed webhook',
};

/** What each kind keeps as its secret, named as its form names it. */
export const ALERT_CHANNEL_SECRET_LABELS: Readonly<Record<AlertChannelKind, string>> = {
  email: 'Password',
  teams: 'Incoming webhook URL',
  webhook: 'Signing secret',
};

/** How the connection to the relay is secured: STARTTLS on a plain port (587, 25), TLS from the start (465), or none. */
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/** An address as relays take it: one local part and one domain, no display name, no spaces. */
export const EmailAddressSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>(),;:"[\]\\]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'enter an email address such as alerts@council.gov.uk');

/**
 * A web address for alerts: https, or plain http only to this machine (a test receiver) unless
 * `plainHttp`; no user name or password in it.
 */
export function isWebAddress(value: string, options: { loopbackHttp: boolean; plainHttp?: boolean }): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (options.plainHttp === true || (options.loopbackHttp && isLoopbackHost(url.hostname)));
}

const WEB_ADDRESS_RULE = 'enter an https:// address in full (plain http only to this machine), with no user name or password in it';
const WebAddressSchema = z
  .string()
  .trim()
  .max(2_000)
  .refine((value) => isWebAddress(value, { loopbackHttp: true }), WEB_ADDRESS_RULE);

const ChannelCommon = {
  name: z.string().trim().min(1, 'name the channel').max(100, 'at most 100 characters'),
  enabled: z.boolean(),
};

export const EmailChannelSchema = z
  .object({
    ...ChannelCommon,
    kind: z.literal('email'),
    host: z
      .string()
      .trim()
      .max(253)
      .refine((h) => HOST_NAME.test(h) || IPV4.test(h), "enter the relay's host name or IP address, such as smtp.council.gov.uk"),
    port: z.number().int().min(1).max(65_535),
    security: z.enum(SMTP_SECURITY),
    /** Empty: the relay takes mail without a sign-in (by this workstation's address). The password is the secret. */
    username: z.string().trim().max(200),
    from: EmailAddressSchema,
    to: z.array(EmailAddressSchema).min(1, 'add at least one address to send to').max(20, 'at most 20 addresses; use a group address for more'),
  })
  .strict();

export const TeamsChannelSchema = z.object({ ...ChannelCommon, kind: z.literal('teams') }).strict();

export const WebhookChannelSchema = z.object({ ...ChannelCommon, kind: z.literal('webhook'), url: WebAddressSchema }).strict();

export const AlertChannelDraftSchema = z.discriminatedUnion('kind', [EmailChannelSchema, TeamsChannelSchema, WebhookChannelSchema]);
export type AlertChannelDraft = z.infer<typeof AlertChannelDraftSchema>;
export type AlertChannel = AlertChannelDraft & { id: string };

/** A channel as the console sees it: never its secret, only whether one is kept. */
export type AlertChannelView = AlertChannel & { secretSet: boolean };

/** Why a channel's settings cannot work, on the field that is wrong; undefined when they can. */
export function channelDraftProblem(draft: AlertChannelDraft, secretSet: boolean): { path: string; message: string } | undefined {
  if (draft.kind === 'email') {
    if (draft.security === 'none' && draft.username !== '' && !isLoopbackHost(draft.host)) {
      return { path: 'security', message: 'a password is never sent unencrypted: choose STARTTLS or TLS, or leave the user name empty' };
    }
    if (draft.username !== '' && !secretSet) return { path: 'secret', message: 'enter the password for this user name' };
  }
  if (draft.kind === 'teams' && !secretSet) return { path: 'secret', message: "paste the channel's incoming webhook URL" };
  if (draft.kind === 'webhook' && !secretSet) return { path: 'secret', message: 'enter a signing secret of at least 16 characters' };
  return undefined;
}

/** The secret field's own check, by kind: the Teams URL is a web address, a signing secret is long enough. */
export function channelSecretProblem(kind: AlertChannelKind, secret: string): string | undefined {
  if (secret === '') return undefined;
  if (kind === 'teams' && !isWebAddress(secret, { loopbackHttp: true })) return `the incoming webhook URL: ${WEB_ADDRESS_RULE}`;
  if (kind === 'webhook' && secret.length < 16) return 'a signing secret has at least 16 characters';
  return undefined;
}

const SecretInput = z.string().max(2_000).optional();

/** Save a channel: a new one without `id`. The secret: absent or empty keeps the stored one. */
export const SaveAlertChannelInputSchema = z
  .object({ id: AlertChannelIdSchema.optional(), channel: AlertChannelDraftSchema, secret: SecretInput })
  .strict()
  .superRefine((input, ctx) => {
    const problem = channelSecretProblem(input.channel.kind, input.secret ?? '');
    if (problem) ctx.addIssue({ code: 'custom', path: ['secret'], message: problem });
  });
export type SaveAlertChannelInput = z.input<typeof SaveAlertChannelInputSchema>;

/** Send a test alert through a channel as the form shows it (saved or not); a blank secret uses the stored one. */
export const TestAlertChannelInputSchema = SaveAlertChannelInputSchema;

// ---------------------------------------------------------------------------------------------
// Messages, sends and deliveries

/** One message: what happened, in counts and classes; never a case's data, a name or a secret. */
export interface AlertMessage {
  /** The condition, or `test` for "Send test alert". */
  condition: AlertCondition | 'test';
  kind: 'alert' | 'recovery' | 'test';
  /** The connector it is about, when it is about one. */
  connector?: ConnectorId;
  /** One line: "casebridge: 300 Tascomi jobs died". */
  title: string;
  /** A sentence or two: what happened and what it means. */
  summary: string;
  /** Counts and classes, label and value (jobs by error class, a few job ids). */
  facts: { label: string; value: string }[];
  /** Where to look: the Jobs page and its filter, in words. */
  instruction: string;
  /** The filtered Jobs page in the browser console, when its address is set. */
  link?: string;
  /** The workstation or server the engine runs on (its host name), so a council with two can tell them apart. */
  source: string;
  /** When the first event it reports happened, and the last (ISO 8601 in the engine's zone). */
  firstAt: string;
  lastAt: string;
}

/** How a send failed: the one table of words is electron/engine/alerts/send-failure.ts. */
export const ALERT_SEND_FAILURES = ['dns', 'connection', 'timeout', 'tls', 'auth', 'sender-refused', 'recipient-refused', 'refused', 'server', 'setup'] as const;
export type AlertSendFailureClass = (typeof ALERT_SEND_FAILURES)[number];

export type AlertTestResult = { ok: true; ms: number; detail: string } | { ok: false; errorClass: AlertSendFailureClass; reason: string };

export const ALERT_DELIVERY_STATES = ['queued', 'running', 'sent', 'dead', 'cancelled'] as const;
export type AlertDeliveryState = (typeof ALERT_DELIVERY_STATES)[number];

export interface AlertDeliveryView {
  id: number;
  channelId: string;
  channelName: string;
  condition: AlertCondition | 'test';
  title: string;
  state: AlertDeliveryState;
  attempts: number;
  maxAttempts: number;
  /** When a queued delivery is due. */
  nextRunAt?: string;
  lastError?: string;
  lastErrorClass?: string;
  lastActionBy?: string;
  sentAt?: string;
  createdAt: string;
  updatedAt: string;
}

export const ListAlertDeliveriesInputSchema = z
  .object({
    states: z.array(z.enum(ALERT_DELIVERY_STATES)).max(ALERT_DELIVERY_STATES.length).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

/** The Alerts page: the settings, the channels, and how many deliveries are waiting or dead. */
export interface AlertSettingsView {
  settings: AlertSettings;
  channels: AlertChannelView[];
}

/** Deliveries a channel's alerts get before they are dead; a person can retry a dead one. */
export const ALERT_DELIVERY_MAX_ATTEMPTS = 8;
