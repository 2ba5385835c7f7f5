/**
 * People and their rights (design.md section 11). One table says what each role may do; the
 * contract table says which permission each call needs; the dispatcher checks the two for every
 * call on every transport, and the console reads the same table to hide what a person may not do.
 *
 * Decisions:
 * - Permissions are areas of work, not calls: a call names one, so adding a call never means
 *   revisiting the roles.
 * - `view` is reading the console with personal details hidden. Opening a resident's details
 *   (revealing a log entry, the Tenants page, subject access, the access audit) needs more.
 * - The administrator has every permission; the other three roles have what their desk needs.
 * - A caller is who the transport vouches for: the signed-in person, or on the desktop's own engine
 *   (and the loopback host's token) the one person at this workstation, as administrator.
 */
import { z } from 'zod';

export const ROLES = ['administrator', 'designer', 'support', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const PERMISSIONS = [
  /** Read the console: jobs, log, cases, templates, settings (personal details hidden). */
  'view',
  /** Change the shared console preferences (theme, time display). */
  'preferences',
  /** Send cases in by hand: the test-case form and case files. */
  'cases',
  /** Templates, references, rules, and refreshing the code lists they use. */
  'templates',
  /** Jobs: retry, cancel, bulk retry, apply a template, pause and resume a queue, poll now. */
  'jobs',
  /** Reveal a log entry's personal details, with a reason the access audit keeps. */
  'reveal',
  /** The Tenants page: search Civica Cx contacts, read their repairs, cancel works orders and visits. */
  'tenants',
  /** Diagnose a connection step by step (the Network page). */
  'diagnose',
  /** Connections, their secrets, the intake webhook, the network and queue settings. */
  'connections',
  /** Accounts and single sign-on. */
  'accounts',
  /** Retention, erasure and subject access requests. */
  'retention',
  /** Read and export the access audit. */
  'audit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: PERMISSIONS,
  designer: ['view', 'preferences', 'cases', 'templates'],
  support: ['view', 'preferences', 'cases', 'jobs', 'reveal', 'tenants', 'diagnose'],
  viewer: ['view'],
};

const ALLOWED: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  administrator: new Set(ROLE_PERMISSIONS.administrator),
  designer: new Set(ROLE_PERMISSIONS.designer),
  support: new Set(ROLE_PERMISSIONS.support),
  viewer: new Set(ROLE_PERMISSIONS.viewer),
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ALLOWED[role].has(permission);
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  designer: 'Designer',
  support: 'Support',
  viewer: 'Viewer',
};

/** The roles that have a permission, in words ("administrators and support staff"), for refusals. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleAllows(role, permission));
}

/** How a caller was vouched for. */
export type CallerSource = 'desktop' | 'token' | 'local' | 'oidc';

/** Who a call is made by, as its transport vouches. */
export interface Caller {
  /** The name records carry: "Sam Patel", or "jsmith (desktop app)". */
  name: string;
  role: Role;
  source: CallerSource;
  /** The account, for signed-in people. */
  accountId?: number;
  username?: string;
}

/** `whoAmI`: the person at this console and what they may do. */
export interface Me {
  name: string;
  role: Role;
  source: CallerSource;
  username?: string;
  permissions: Permission[];
  /** Whether this console signed in (a server with accounts), so it offers sign-out and a password change. */
  signedIn: boolean;
}

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'at least 2 characters')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'letters, digits and . _ @ - only, starting with a letter or digit');
export const DisplayNameSchema = z.string().trim().min(1, 'say who this is').max(100, 'at most 100 characters');
export const PASSWORD_MIN_CHARS = 12;
export const PasswordSchema = z.string().min(PASSWORD_MIN_CHARS, `at least ${PASSWORD_MIN_CHARS} characters`).max(256, 'at most 256 characters');

export type AccountSource = 'local' | 'oidc';

export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  source: AccountSource;
  disabled: boolean;
  /** ISO time until which sign-in is refused after repeated failures. */
  lockedUntil?: string;
  lastSignInAt?: string;
  createdAt: string;
  createdBy: string;
}

export const CreateAccountInputSchema = z.object({ username: UsernameSchema, displayName: DisplayNameSchema, role: RoleSchema, password: PasswordSchema }).strict();
export type CreateAccountInput = z.input<typeof CreateAccountInputSchema>;

export const UpdateAccountInputSchema = z
  .object({ id: z.number().int().positive(), displayName: DisplayNameSchema.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.displayName !== undefined || v.role !== undefined || v.disabled !== undefined, { message: 'say what to change: displayName, role or disabled' });
export type UpdateAccountInput = z.input<typeof UpdateAccountInputSchema>;

export const ResetAccountPasswordInputSchema = z.object({ id: z.number().int().positive(), password: PasswordSchema }).strict();

/** Single sign-on through the council's OpenID Connect provider (Microsoft Entra ID and others). */
export const GroupRoleSchema = z.object({ group: z.string().trim().min(1, 'name the group').max(200), role: RoleSchema }).strict();
export type GroupRole = z.infer<typeof GroupRoleSchema>;

export const SignInSettingsInputSchema = z
  .object({
    enabled: z.boolean(),
    issuer: z
      .string()
      .trim()
      .max(500)
      .refine((v) => v === '' || URL.canParse(v), 'must be a URL such as https://login.microsoftonline.com/<tenant>/v2.0'),
    clientId: z.string().trim().max(200),
    /** A new client secret; left out keeps the stored one. */
    clientSecret: z.string().min(1).max(1000).optional(),
    /** The claim that lists the person's groups (Entra ID: `groups`). */
    groupsClaim: z.string().trim().min(1).max(100).default('groups'),
    groupRoles: z.array(GroupRoleSchema).max(50).default([]),
    buttonLabel: z.string().trim().min(1).max(60).default('Sign in with your council account'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.enabled) return;
    if (!v.issuer) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'needed to switch single sign-on on' });
    if (!v.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'needed to switch single sign-on on' });
    if (v.groupRoles.length === 0) ctx.addIssue({ code: 'custom', path: ['groupRoles'], message: 'map at least one group to a role, or nobody could sign in' });
  });
export type SignInSettingsInput = z.input<typeof SignInSettingsInputSchema>;

export interface SignInSettingsView {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  groupsClaim: string;
  groupRoles: GroupRole[];
  buttonLabel: string;
  /** The address to register with the identity provider as the redirect URI, when the server knows it. */
  redirectUrl?: string;
}
