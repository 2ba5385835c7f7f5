/**
 * Civica Cx connection settings as the console edits them (the seed's "Civica Cx" integration
 * page), and the answers of the company list and the Test API check. The password is a secret:
 * the console may send a new one, but only ever hears whether one is set.
 */
import { z } from 'zod';
import { baseUrlProblem, baseUrlSchema, isTestHost, type BaseUrlCheck } from './base-url';
import { DEFAULT_RATE_LIMIT, StoredRateLimitSchema } from './rate-limit';
import type { StoredSecretKind } from './stored-secret';

/**
 * The API URL as the admin types it: the base URL of the Cx instance, e.g. https://cx.yourdomain.com
 * (casebridge adds /api/v1 itself, so a pasted API address is told what to remove).
 */
export function checkCxBaseUrl(input: string): BaseUrlCheck {
  const raw = (input ?? '').trim();
  if (!raw) return { ok: false, reason: 'The API URL is empty. Enter the base address of your Cx instance, for example https://cx.yourdomain.com' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `"${raw.slice(0, 100)}" is not a web address. Enter it in full, for example https://cx.yourdomain.com` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isTestHost(url.hostname))) {
    return { ok: false, reason: 'The API URL must start with https:// (plain http is accepted only for a test system on this machine).' };
  }
  if (url.username || url.password) return { ok: false, reason: 'The API URL must not contain a user name or password; they go in their own settings.' };
  if (url.search || url.hash) return { ok: false, reason: 'The API URL must not contain "?" or "#" parts. Enter only the base address of the Cx instance.' };
  const path = url.pathname.replace(/\/+$/, '');
  const api = /\/api(\/.*)?$/i.exec(path);
  if (api) {
    return { ok: false, reason: `Remove "${path.slice(api.index)}" from the API URL: casebridge adds /api/v1 itself. Use ${url.origin}${path.slice(0, api.index)}` };
  }
  return { ok: true, baseUrl: `${url.origin}${path}` };
}

export const cxBaseUrlProblem = (value: string): string | undefined => baseUrlProblem(checkCxBaseUrl, value);

export const CxBaseUrlSchema = baseUrlSchema(checkCxBaseUrl, false);

/** The seed recommends 15 minutes for the API refresh. */
export const RECOMMENDED_CX_REFRESH_MINUTES = 15;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CompanyCode = z
  .string()
  .trim()
  .max(50)
  .regex(/^[A-Za-z0-9_-]*$/, 'not a company code');

const SettingsFields = {
  enabled: z.boolean(),
  baseUrl: baseUrlSchema(checkCxBaseUrl, true),
  username: z.string().trim().max(200),
  /** '' until a company is chosen from the list read after a successful connection. */
  companyCode: CompanyCode,
  /** yyyy-MM-dd, or '' for no limit: only repairs created on or after it (and their appointments) are shown. */
  repairsStartDate: z
    .string()
    .trim()
    .refine((v) => v === '' || (DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'must be a date as yyyy-MM-dd'),
  repairCancellation: z.boolean(),
  /** Days of notice needed to cancel an appointment (0 = any time before it). */
  cancellationNoticeDays: z.number().int('must be a whole number of days').min(0, 'cannot be negative').max(365),
  /** How long customer data is served from the cache before it is read again. */
  refreshMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .max(24 * 60),
  rateLimit: StoredRateLimitSchema,
};

/** What is stored (the password is kept apart, in the secret store). */
export const CivicaCxSettingsSchema = z.object(SettingsFields).strict();
export type CivicaCxSettings = z.infer<typeof CivicaCxSettingsSchema>;

export const DEFAULT_CIVICA_CX_SETTINGS: CivicaCxSettings = {
  enabled: false,
  baseUrl: '',
  username: '',
  companyCode: '',
  repairsStartDate: '',
  repairCancellation: true,
  cancellationNoticeDays: 0,
  refreshMinutes: RECOMMENDED_CX_REFRESH_MINUTES,
  rateLimit: DEFAULT_RATE_LIMIT,
};

/** What the console sends: the settings, and a new password only when it is being replaced. */
export const CivicaCxSettingsInputSchema = z
  .object({ ...SettingsFields, password: z.string().max(500).optional() })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.enabled) return;
    if (!input.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'enter the API URL to enable the integration' });
    if (!input.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'enter the username to enable the integration' });
  });
export type CivicaCxSettingsInput = z.input<typeof CivicaCxSettingsInputSchema>;

/** The form's values a company list or Test API runs with; every field may be left out to use the saved ones. */
export const CivicaCxProbeInputSchema = z
  .object({
    baseUrl: CxBaseUrlSchema.optional(),
    username: z.string().trim().min(1, 'enter the username').max(200).optional(),
    password: z.string().max(500).optional(),
    companyCode: CompanyCode.optional(),
  })
  .strict();
export type CivicaCxProbeInput = z.input<typeof CivicaCxProbeInputSchema>;

/** The stored password is sent only to the saved API URL, for the saved username. */
export const CX_STORED_PASSWORD: StoredSecretKind = { field: 'password', secret: 'password', user: 'username', relation: 'as' };

export type CivicaCxSettingsView = CivicaCxSettings & { passwordSet: boolean; savedAt?: string };

export interface CxCompany {
  companyCode: string;
  name: string;
}

export type CxTestStepName = 'url' | 'signIn' | 'companies' | 'company';
export interface CxTestStep {
  step: CxTestStepName;
  label: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export interface CxConnectionTestResult {
  ok: boolean;
  steps: CxTestStep[];
  /** The first failure in plain words. */
  reason?: string;
  /** The failure looks like the IP allowlist in front of Cx: the Network page lists the addresses to allow. */
  allowlist?: boolean;
  /** The companies read on the way (when they could be). */
  companies?: CxCompany[];
}

export interface CxCompaniesResult {
  ok: boolean;
  companies: CxCompany[];
  reason?: string;
  allowlist?: boolean;
}

export interface SaveCivicaCxResult {
  saved: boolean;
  settings: CivicaCxSettingsView;
  /** The verification run before saving an enabled integration. */
  test?: CxConnectionTestResult;
}

/** The words that send the admin to the Network page (the console links them). */
export const CX_ALLOWLIST_POINTER =
  'This looks like the IP allowlist in front of Civica Cx: ask the Cx administrators to allow this workstation’s addresses, which the Network page lists (with "Copy all for an email").';

/**
 * How a caller the IP allowlist blocks most likely meets it, besides Cx's own 403: nothing public
 * shows Cx's answer, and in front of hosted services it is usually one of these. The words of both
 * the Network page's diagnosis and the Connections page's messages; each names the other likely cause.
 */
export const CX_BLOCKED_CALLER = {
  timeout: 'No answer in time most likely means the IP allowlist in front of Civica Cx is silently dropping this workstation’s connections, or Cx is down or overloaded.',
  refused: 'A refused connection most likely means the IP allowlist in front of Civica Cx rejects this workstation, or Cx is not running at this address and port.',
  reset:
    'A connection cut before any answer most likely means the IP allowlist in front of Civica Cx, which lets the connection in and then cuts it for addresses it does not allow.',
  html: 'A web page instead of the API’s JSON most likely means a firewall’s block page: the IP allowlist in front of Civica Cx, or the API URL is not the address of the Cx API.',
} as const;
export type CxBlockedForm = keyof typeof CX_BLOCKED_CALLER;

/**
 * An answer that is a web page where the Cx API answers JSON, and not a server or proxy error (5xx),
 * a redirect or a 404 (a wrong address): most likely a firewall's block page.
 */
export function isCxBlockPage(status: number, contentType: string | null | undefined): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? '') && (status < 300 || (status >= 400 && status < 500 && status !== 404));
}

/** What to ask for, on the Connections page (the console links "Network page"). */
export const CX_ALLOWLIST_ASK = 'Ask the Cx administrators to allow this workstation’s addresses, which the Network page lists (with "Copy all for an email").';
