/**
 * The Network page: this workstation's addresses (for the remote systems' IP allowlists), the
 * public address remote systems see (read from a configurable "what is my address" service), the
 * proxy in use, and step-by-step diagnoses of each configured connection.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../loopback';
import { CONNECTOR_IDS } from './job';

/** The connections the Network page can show and diagnose: every connector. */
export const NETWORK_CONNECTOR_IDS = CONNECTOR_IDS;
export const NetworkConnectorIdSchema = z.enum(NETWORK_CONNECTOR_IDS);
export type NetworkConnectorId = z.infer<typeof NetworkConnectorIdSchema>;

/**
 * The default "what is my address" service. It is OFF by default: asking it sends a request from
 * the council's network to a third party, which an IT officer should choose to do. ipify answers
 * `{"ip": "..."}` over https, keeps no logs by its own statement, and is what most guides use.
 */
export const DEFAULT_PUBLIC_ADDRESS_URL = 'https://api.ipify.org/?format=json';
/** How long the service may take before we give up (it is shown on the page, never retried). */
export const DEFAULT_PUBLIC_ADDRESS_TIMEOUT_MS = 5_000;

export type PublicAddressUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** https only (plain http only to this machine, for a test service); no credentials. */
export function checkPublicAddressUrl(input: string): PublicAddressUrlCheck {
  const raw = (input ?? '').trim();
  if (!raw) return { ok: false, reason: `Enter the address of a "what is my address" service, for example ${DEFAULT_PUBLIC_ADDRESS_URL}` };
  if (raw.length > 500) return { ok: false, reason: 'The address is longer than 500 characters.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `"${raw.slice(0, 100)}" is not a web address. Enter it in full, for example ${DEFAULT_PUBLIC_ADDRESS_URL}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: false, reason: 'The address must start with https:// (plain http is accepted only for a service on this machine).' };
  }
  if (url.username || url.password) return { ok: false, reason: 'The address must not contain a user name or password.' };
  return { ok: true, url: url.href };
}

export const NetworkSettingsSchema = z
  .object({
    /** Whether the page asks the service for the public address. */
    publicAddressEnabled: z.boolean(),
    publicAddressUrl: z
      .string()
      .max(500)
      .transform((value, ctx) => {
        const check = checkPublicAddressUrl(value);
        if (!check.ok) {
          ctx.addIssue({ code: 'custom', message: check.reason });
          return z.NEVER;
        }
        return check.url;
      }),
  })
  .strict();
export type NetworkSettings = z.output<typeof NetworkSettingsSchema>;
export type NetworkSettingsInput = z.input<typeof NetworkSettingsSchema>;

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = { publicAddressEnabled: false, publicAddressUrl: DEFAULT_PUBLIC_ADDRESS_URL };

/** One address of one network interface of this workstation (internal/loopback ones are left out). */
export interface InterfaceAddress {
  /** The operating system's name for the interface (eth0, Ethernet, Wi-Fi). */
  interfaceName: string;
  family: 'IPv4' | 'IPv6';
  address: string;
  /** address/prefix, when the system says. */
  cidr: string | null;
  /** IPv6 link-local (fe80::/10) addresses are never seen by remote systems. */
  linkLocal: boolean;
}

export type PublicAddress =
  | { status: 'found'; address: string; family: 'IPv4' | 'IPv6'; source: string; ms: number }
  | { status: 'off'; source: string }
  | { status: 'failed'; source: string; reason: string };

export interface ProxyVariable {
  name: string;
  /** Credentials removed. */
  value: string;
}

export interface ProxyInfo {
  /** Where the setting comes from: the environment variables, or none (direct). */
  source: 'environment' | 'none';
  /** Each variable that is set (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), credentials removed. */
  variables: ProxyVariable[];
  /** The route each configured connection takes ("direct (no proxy)" or "proxy http://host:port"). */
  routes: { connector: NetworkConnectorId; label: string; target: string; route: string }[];
}

export interface ConnectionSummary {
  connector: NetworkConnectorId;
  label: string;
  /** Enabled with an address and keys: it can be diagnosed. */
  configured: boolean;
  baseUrl?: string;
  /** Why it cannot be diagnosed yet. */
  reason?: string;
}

export interface NetworkInfo {
  hostname: string;
  interfaces: InterfaceAddress[];
  publicAddress: PublicAddress;
  proxy: ProxyInfo;
  connections: ConnectionSummary[];
  settings: NetworkSettings;
  /** ISO 8601 in the engine's zone. */
  checkedAt: string;
}

/** The steps every diagnosis has, in order. */
export const DIAGNOSIS_STEP_NAMES = ['address', 'dns', 'tcp', 'tls', 'http', 'authenticate', 'clock'] as const;
/** Steps only some connectors' checks answer, after the others (Tascomi: its duplicate guard's field). */
export const CONNECTOR_STEP_NAMES = ['case_reference'] as const;
export type DiagnosisStepName = (typeof DIAGNOSIS_STEP_NAMES)[number] | (typeof CONNECTOR_STEP_NAMES)[number];

export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  validTo: string;
  /** Whole days from now until it expires (negative once expired). */
  expiresInDays: number;
  selfSigned: boolean;
}

/**
 * One step of a diagnosis. `ok` is false only for the step that failed; steps that do not apply
 * (TLS for a plain http test system) are `skipped`, and steps after a failure are `not-run`. A
 * `warning` passed (`ok`) but found something to act on, said in its advice (Tascomi's duplicate
 * guard off).
 */
export interface DiagnosisStep {
  name: DiagnosisStepName;
  label: string;
  status: 'ok' | 'warning' | 'failed' | 'skipped' | 'not-run';
  ok: boolean;
  ms: number;
  detail: string;
  /** What to do about a failure or a warning, in plain words. */
  advice?: string;
  certificate?: CertificateFacts;
}

export interface Diagnosis {
  /** A ConnectorId; a string so that a connector's check can plug in before its id is added. */
  connector: string;
  label: string;
  target: string;
  route: string;
  ok: boolean;
  steps: DiagnosisStep[];
  /** The first failure, in plain words. */
  reason?: string;
  /** The addresses a remote administrator would need to allow (public first). */
  allowlistAddresses: string[];
  startedAt: string;
}

export const DiagnoseConnectionInputSchema = z.object({ connector: NetworkConnectorIdSchema }).strict();
export type DiagnoseConnectionInput = z.input<typeof DiagnoseConnectionInputSchema>;

/** The short text "Copy all for an email" produces: ready to send to a remote system's administrators. */
export function allowlistEmailText(info: Pick<NetworkInfo, 'hostname' | 'interfaces' | 'publicAddress'>): string {
  const lines: string[] = ['Hello,', '', `Please allow these addresses of our casebridge workstation (${info.hostname}) to reach your system:`, ''];
  if (info.publicAddress.status === 'found') {
    lines.push(`Public address (what your system sees): ${info.publicAddress.address}`);
  }
  const usable = info.interfaces.filter((a) => !a.linkLocal);
  if (usable.length > 0) {
    if (info.publicAddress.status === 'found') lines.push('');
    lines.push('Local addresses (if you reach us over a private network or VPN):');
    for (const a of usable) lines.push(`- ${a.address} (${a.family}, ${a.interfaceName})`);
  }
  if (info.publicAddress.status !== 'found' && usable.length === 0) lines.push('(no address found: please ask our IT team)');
  lines.push('', 'Thank you.');
  return lines.join('\n');
}
