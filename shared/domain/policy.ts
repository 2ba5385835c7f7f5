/**
 * Machine policy: a JSON file an administrator puts on the machine (as Chrome's and VS Code's
 * policies) that presets or locks settings for everyone who uses casebridge there.
 *
 * Decisions:
 * - Two sections with the same fields: `locked` (always this value, cannot be changed here) and
 *   `presets` (used where nothing has been saved yet). A field in both is an error: the file must
 *   say one thing.
 * - Strict: an unknown field, a wrong type or a bad value refuses the whole file (with every
 *   problem's path and reason), so a mistyped lock is never silently ignored and never half applied.
 * - Each setting is checked by the same schema the console's save uses, so a policy can never hold
 *   a value the engine would refuse from a person.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../loopback';
import { BackupSettingsSchema } from './backup';
import { CaseRetentionSchema } from './case-erasure';
import { CxBaseUrlSchema } from './civica-cx';
import { IntakeSettingsSchema } from './intake';
import { LogSettingsSchema } from './log-filter';
import { TascomiBaseUrlSchema } from './tascomi';

/** The file's name in the machine-wide configuration folder. */
export const POLICY_FILE_NAME = 'policy.json';
/** The environment variable naming another policy file (tests, or an unusual install). */
export const POLICY_FILE_ENV = 'CASEBRIDGE_POLICY_FILE';

/** A web address: https, or plain http only to this machine; no user name or password in it. */
const webAddress = (example: string) =>
  z
    .string()
    .max(2000, 'at most 2,000 characters')
    .refine((text) => {
      try {
        const url = new URL(text);
        return !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
      } catch {
        return false;
      }
    }, `must be a full https:// address with no user name or password in it, for example ${example}`);

const ProxyUrl = z
  .string()
  .max(2000, 'at most 2,000 characters')
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be the proxy’s full address, for example http://proxy.council.local:8080');

export const PolicySettingsSchema = z
  .object({
    /** The proxy every connection goes through (as HTTPS_PROXY / HTTP_PROXY), and the hosts it does not (as NO_PROXY). */
    proxy: z
      .object({ url: ProxyUrl, noProxy: z.string().max(2000, 'at most 2,000 characters').optional() })
      .strict()
      .optional(),
    tascomi: z.object({ baseUrl: TascomiBaseUrlSchema }).strict().optional(),
    civicaCx: z.object({ baseUrl: CxBaseUrlSchema }).strict().optional(),
    intake: IntakeSettingsSchema.pick({ host: true, port: true }).partial().strict().optional(),
    logRetention: LogSettingsSchema.partial().strict().optional(),
    caseRetention: CaseRetentionSchema.partial().strict().optional(),
    backups: BackupSettingsSchema.partial().strict().optional(),
    /** Where the desktop app looks for updates. */
    updateUrl: webAddress('https://updates.council.local/casebridge/').optional(),
    /** The casebridge server whose console the desktop app opens. */
    serverUrl: webAddress('https://casebridge.council.local:8443').optional(),
    /** Whether `--demo` may start (false: it is refused). */
    demoAllowed: z.boolean().optional(),
  })
  .strict();
export type PolicySettings = z.output<typeof PolicySettingsSchema>;

export const PolicyFileSchema = z
  .object({
    version: z.literal(1, 'must be 1 (the only policy file version)'),
    locked: PolicySettingsSchema.optional(),
    presets: PolicySettingsSchema.optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const locked = new Set(policyFieldsOf(file.locked ?? {}));
    for (const field of policyFieldsOf(file.presets ?? {})) {
      if (locked.has(field)) ctx.addIssue({ code: 'custom', path: ['presets', ...field.split('.')], message: `is also locked: keep it in one of "locked" or "presets"` });
    }
  });
export type PolicyFile = z.output<typeof PolicyFileSchema>;

/** Every field a policy can preset or lock, by its path in the file, with what it is called in words. */
export const POLICY_FIELDS = {
  proxy: 'The proxy',
  'tascomi.baseUrl': 'The Tascomi API base URL',
  'civicaCx.baseUrl': 'The Civica Cx API URL',
  'intake.host': 'The case intake address',
  'intake.port': 'The case intake port',
  'logRetention.keepDays': 'How long log entries are kept',
  'logRetention.keepEntries': 'How many log entries are kept',
  'caseRetention.days': 'How long cases are kept',
  'backups.enabled': 'Whether daily backups run',
  'backups.time': 'The daily backup time',
  'backups.keep': 'How many backups are kept',
  'backups.folder': 'The backups folder',
  updateUrl: 'The update address',
  serverUrl: 'The casebridge server',
  demoAllowed: 'Whether demo mode may start',
} as const;
export type PolicyField = keyof typeof POLICY_FIELDS;

const isPolicyField = (path: string): path is PolicyField => Object.hasOwn(POLICY_FIELDS, path);

/** The fields a section sets, by path (the proxy counts as one field: its address and exceptions go together). */
export function policyFieldsOf(settings: PolicySettings): PolicyField[] {
  const fields: PolicyField[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (isPolicyField(key)) fields.push(key);
    else for (const inner of Object.keys(value as object)) if (isPolicyField(`${key}.${inner}`)) fields.push(`${key}.${inner}` as PolicyField);
  }
  return fields;
}

/** A field's value in a section, or undefined when the section does not set it. */
export function policyValue(settings: PolicySettings, field: PolicyField): unknown {
  const [head, tail] = field.split('.') as [keyof PolicySettings, string | undefined];
  const value = settings[head];
  return tail === undefined || value === undefined ? value : (value as Record<string, unknown>)[tail];
}

export interface PolicyProblem {
  /** Where in the file, e.g. `locked.intake.port`; empty for the file as a whole. */
  path: string;
  reason: string;
}

/** What the console hears about the machine policy (getPolicy). */
export type PolicyView =
  | { state: 'none'; file: string }
  | { state: 'applied'; file: string; locked: PolicyField[]; presets: PolicyField[] }
  | { state: 'refused'; file: string; problems: PolicyProblem[] };

/** The sentence a refused change, and a locked field's tooltip, say. */
export function lockedMessage(field: PolicyField, file: string): string {
  return `${POLICY_FIELDS[field]} is set by your organisation's policy (${file}) and cannot be changed here.`;
}
