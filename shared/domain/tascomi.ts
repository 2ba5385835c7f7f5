/**
 * Tascomi / Idox Cloud connection settings as the console edits them, and the answers of the
 * connection test and the API access check. The private key is a secret: the console may send a
 * new one, but only ever hears whether one is set.
 */
import { z } from 'zod';
import { baseUrlProblem, baseUrlSchema, isTestHost, type BaseUrlCheck } from './base-url';
import type { StoredSecretKind } from './stored-secret';
import { DEFAULT_RATE_LIMIT, StoredRateLimitSchema } from './rate-limit';
import { TimeZoneSchema } from './time-zone';

/**
 * The domains Tascomi instances live on: councils were moved from *.tascomi.com to *.idoxcloud.com
 * in 2025 (Hackney's public ingestion code shows the move), and both still answer.
 */
export const TASCOMI_DOMAINS = ['idoxcloud.com', 'tascomi.com'] as const;

/** A host under one of TASCOMI_DOMAINS (a council's own sub-domain), compared as DNS does: ignoring case. */
export function isTascomiHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return TASCOMI_DOMAINS.some((domain) => host.endsWith(`.${domain}`));
}

const EXAMPLE = 'https://my-council.idoxcloud.com/rest (or .tascomi.com for a council not yet moved)';

/** Where the version part (/v1, /v1/complaints...) starts in a path, or -1 when there is none. */
const versionStart = (path: string): number => /\/v\d+(\/.*)?$/i.exec(path)?.index ?? -1;

/**
 * The base URL an https API address belongs to (its origin and path up to the version part, as the
 * form expects it), or undefined when the address has no version part or is not https.
 */
export function tascomiBaseUrlOf(url: URL): string | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  const at = versionStart(path);
  return url.protocol === 'https:' && at >= 0 ? `${url.origin}${path.slice(0, at)}` : undefined;
}

/**
 * The API base URL as the admin types it: the seed's "https://my-council.tascomi.com/rest",
 * WITHOUT the /v1/ the Tascomi documentation shows (casebridge adds it), so a pasted documentation
 * URL is the commonest mistake: say exactly what to remove. The console checks as the admin types;
 * the engine checks again before it saves or connects.
 */
export function checkTascomiBaseUrl(input: string): BaseUrlCheck {
  const raw = (input ?? '').trim();
  if (!raw) return { ok: false, reason: `The API base url is empty. Enter it as Tascomi gave it, for example ${EXAMPLE}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `"${raw.slice(0, 100)}" is not a web address. Enter it in full, for example ${EXAMPLE}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isTestHost(url.hostname))) {
    return { ok: false, reason: `The API base url must start with https:// (plain http is accepted only for a test system on this machine).` };
  }
  if (url.username || url.password) return { ok: false, reason: 'The API base url must not contain a user name or password; the API keys go in their own settings.' };
  if (url.search || url.hash) return { ok: false, reason: 'The API base url must not contain "?" or "#" parts (for example ?public_key=...). Enter only the address up to /rest.' };
  const path = url.pathname.replace(/\/+$/, '');
  const version = versionStart(path);
  if (version >= 0) {
    return {
      ok: false,
      reason: `Remove "${path.slice(version)}" from the API base url: casebridge adds the version (/v1/) itself. Use ${url.origin}${path.slice(0, version)}`,
    };
  }
  return { ok: true, baseUrl: `${url.origin}${path}` };
}

/** Why a base URL is not acceptable, or undefined when it is. */
export const tascomiBaseUrlProblem = (value: string): string | undefined => baseUrlProblem(checkTascomiBaseUrl, value);

export const TascomiBaseUrlSchema = baseUrlSchema(checkTascomiBaseUrl, false);

export const DEFAULT_STREET_RECORD_TEXT = 'STREET RECORD';
export const DEFAULT_CODE_LIST_TTL_SECONDS = 3600;

const SettingsFields = {
  enabled: z.boolean(),
  baseUrl: baseUrlSchema(checkTascomiBaseUrl, true),
  publicKey: z.string().trim().max(200),
  timeZone: TimeZoneSchema,
  streetRecordText: z.string().trim().min(1, 'the Street Record text cannot be empty').max(100),
  codeListTtlSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600),
  rateLimit: StoredRateLimitSchema,
};

/** What is stored (the private key is kept apart, in the secret store). */
export const TascomiSettingsSchema = z.object(SettingsFields).strict();
export type TascomiSettings = z.infer<typeof TascomiSettingsSchema>;

export const DEFAULT_TASCOMI_SETTINGS: TascomiSettings = {
  enabled: false,
  baseUrl: '',
  publicKey: '',
  timeZone: 'Europe/London',
  streetRecordText: DEFAULT_STREET_RECORD_TEXT,
  codeListTtlSeconds: DEFAULT_CODE_LIST_TTL_SECONDS,
  rateLimit: DEFAULT_RATE_LIMIT,
};

/** What the console sends: the settings, and a new private key only when it is being replaced. */
export const TascomiSettingsInputSchema = z
  .object({ ...SettingsFields, privateKey: z.string().max(500).optional() })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.enabled) return;
    if (!input.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'enter the API base url to enable the integration' });
    if (!input.publicKey) ctx.addIssue({ code: 'custom', path: ['publicKey'], message: 'enter the API public key to enable the integration' });
  });
export type TascomiSettingsInput = z.input<typeof TascomiSettingsInputSchema>;

/** The form values a connection test or access check runs with (saved or not). */
export const TascomiProbeInputSchema = z
  .object({
    baseUrl: TascomiBaseUrlSchema,
    publicKey: z.string().trim().min(1, 'enter the API public key').max(200),
    privateKey: z.string().max(500).optional(),
    timeZone: TimeZoneSchema,
  })
  .strict();
export type TascomiProbeInput = z.input<typeof TascomiProbeInputSchema>;

/** The stored private key signs only for the saved base url and public key. */
export const TASCOMI_STORED_KEY: StoredSecretKind = { field: 'privateKey', secret: 'API private key', user: 'public key', relation: 'with' };

/** What the console sees of the settings. */
export type TascomiSettingsView = TascomiSettings & { privateKeySet: boolean; savedAt?: string };

export type ConnectionStepName = 'url' | 'reach' | 'authenticate' | 'clock' | 'case_reference';
export interface ConnectionTestStep {
  step: ConnectionStepName;
  label: string;
  ok: boolean;
  /** Passed, but with something the admin must know (the test as a whole still passes). */
  warning?: boolean;
  ms: number;
  detail: string;
}

/**
 * Whether the complaints field holding the case reference can be searched, so a retry after a lost
 * answer finds the Service Request it made: 'off' when Tascomi ignores or refuses a filter on it,
 * 'unknown' when it could not be checked.
 */
export interface DuplicateGuardCheck {
  guard: 'on' | 'off' | 'unknown';
  field: string;
  detail: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionTestStep[];
  /** The case reference field's check (the last step), when the test got that far. */
  duplicateGuard?: DuplicateGuardCheck;
  /** The server's clock minus this machine's, when it could be measured. */
  clockOffsetMs?: number;
  /** The first failure in plain words. */
  reason?: string;
}

export interface SaveTascomiResult {
  saved: boolean;
  settings: TascomiSettingsView;
  /** The verification run before saving an enabled integration. */
  test?: ConnectionTestResult;
}

/**
 * How an access result is known: `confirmed` when it was seen (a listing answered; a person's
 * confirmation created, updated and read back a record, or Tascomi refused it), `inferred` when it
 * rests on a reading of an answer no public source documents (the write probe's 403/404, a 403 on
 * a listing).
 */
export type AccessKnown = 'confirmed' | 'inferred';
export interface AccessBasis {
  known: AccessKnown;
  /** How, in words a council IT person can check. */
  how: string;
}
export interface ApiAccessRow {
  table: string;
  label: string;
  /** null when it could not be checked. */
  view: boolean | null;
  createUpdate: boolean | null;
  required: { view: boolean; createUpdate: boolean };
  /** True when the key lacks something this table needs. */
  lacking: boolean;
  /** How `view` is known (absent when it was not checked). */
  viewBasis?: AccessBasis;
  /** How `createUpdate` is known (absent when it was not checked). */
  createUpdateBasis?: AccessBasis;
}
export interface ApiAccessResult {
  ok: boolean;
  rows: ApiAccessRow[];
  reason?: string;
  /** Set when the verdict rests on inference: which results, and how to confirm them. */
  inference?: string;
}

/** One table's part of the write access confirmation. */
export interface WriteAccessCheck {
  table: string;
  label: string;
  /** confirmed: created, read back, updated and read back; refused: Tascomi refused the key (permission); not_confirmed: anything else. */
  outcome: 'confirmed' | 'refused' | 'not_confirmed';
  /** What happened, in Tascomi's words when it refused, and what to do. */
  detail: string;
  /** The record this check created (also when a later step failed), for the admin to remove. */
  createdId?: string;
}
/** The answer of the person-started write access confirmation. */
export interface WriteAccessConfirmation {
  ok: boolean;
  /** The mark every created record carries (CASEBRIDGE-ACCESS-CHECK-<time>). */
  marker: string;
  checks: WriteAccessCheck[];
  /** Every record created, for the admin to remove in Tascomi (casebridge never deletes). */
  created: { table: string; id: string }[];
  reason?: string;
}

/** One cached code list, as the console shows it after a refresh. */
export interface CodeListSummary {
  name: string;
  label: string;
  count: number;
  /** ISO 8601, when it was read from Tascomi. */
  fetchedAt: string;
}

/** Why Tascomi still lists a code entry that may not be used: `ceased` = 't', or `enabled` = 'f'. */
export type CodeEntryInactive = 'ceased' | 'disabled';

/** A code-list entry as pickers show it: the code a template names, its description, and its id. */
export interface CodeEntryView {
  id: string;
  code?: string;
  label: string;
  /** Neither ceased nor disabled, in every list. */
  active: boolean;
  /** Why it is not active (absent when it is). */
  inactive?: CodeEntryInactive;
}

/**
 * The one wording for a code that names an entry not in use, after the value ("code "X" ..." in a
 * preview, "The mapped field "X" ..." at submission); `why` is unknown only for hand-made entries.
 */
export function inactiveCodeReason(listName: string, why: CodeEntryInactive | undefined): string {
  if (why === 'disabled') return `in ${listName} is disabled in Tascomi (enabled = 'f'); choose another`;
  if (why === 'ceased') return `in ${listName} is ceased in Tascomi (ceased = 't'); choose another`;
  return `in ${listName} is not in use in Tascomi (ceased or disabled); choose another`;
}
