/**
 * Test API for Civica Cx, step by step with timings: the API URL, signing in, reading the
 * companies, and (when one is chosen) reading the chosen company. A failure says what failed,
 * and when the cause looks like the IP allowlist (Cx's 403, or a timeout, a refused or cut
 * connection, a firewall's web page), says so and points to the Network page.
 */
import {
  checkCxBaseUrl,
  CX_ALLOWLIST_ASK,
  CX_ALLOWLIST_POINTER,
  CX_BLOCKED_CALLER,
  type CxBlockedForm,
  type CxCompaniesResult,
  type CxConnectionTestResult,
  type CxTestStep,
} from '../../../../shared/domain/civica-cx';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { ConnectorError } from '../errors';
import type { FetchLike, ProxyEnv } from '../http/transport';
import { aheadOfBackground } from '../http/rate-limit';
import type { RateLimits } from '../rate-limits';
import { ALLOWLIST_MESSAGE, BLOCK_PAGE_CODE, createCivicaCxClient, type CivicaCxClient } from './client';

export interface CxTarget {
  baseUrl: string;
  username: string;
  password: string;
  /** '' or undefined: only sign in and read the companies. */
  companyCode?: string;
}

export interface CxDiagnosticsDeps {
  clock: Clock;
  log?: Pick<LogBus, 'write'>;
  fetch?: FetchLike;
  proxyEnv?: ProxyEnv;
  timeoutMs?: number;
  /** The connections' rate limits: a test waits its turn with every other caller of the same Cx. */
  rateLimits?: Pick<RateLimits, 'limiterFor'>;
}

/**
 * How a failure looks like the allowlist, if it does: Cx said so ('json403'), or a firewall answered
 * for it: no answer in time, a refused or cut connection, a web page (CX_BLOCKED_CALLER).
 */
export function allowlistForm(error: unknown): 'json403' | CxBlockedForm | undefined {
  if (!(error instanceof ConnectorError)) return undefined;
  if (error.code === 'IP_NOT_ALLOWED' || (error.kind === 'permission' && error.message === ALLOWLIST_MESSAGE)) return 'json403';
  if (error.code === BLOCK_PAGE_CODE) return 'html';
  if (error.kind === 'timeout' && !error.status) return 'timeout';
  if (error.kind === 'connection' && error.code === 'ECONNRESET') return 'reset';
  if (error.kind === 'connection' && error.code === 'ECONNREFUSED') return 'refused';
  return undefined;
}

/** The failure in words, and, when it looks like the allowlist, why and what to ask for (said once). */
function allowlistWords(detail: string, form: ReturnType<typeof allowlistForm>): string {
  if (!form) return detail;
  if (form === 'json403') return detail.includes('Network page') ? detail : `${detail} ${CX_ALLOWLIST_POINTER}`;
  const why = detail.includes(CX_BLOCKED_CALLER[form]) ? '' : ` ${CX_BLOCKED_CALLER[form]}`;
  return `${detail}${why} ${CX_ALLOWLIST_ASK}`;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const CX_STEP_LABELS = {
  url: 'Check the API URL',
  signIn: 'Sign in with the username and password',
  companies: 'Read the companies',
  company: 'Use the selected company',
} as const;

export interface CxProber {
  testConnection(target: CxTarget): Promise<CxConnectionTestResult>;
  listCompanies(target: CxTarget): Promise<CxCompaniesResult>;
}

export function createCxDiagnostics(deps: CxDiagnosticsDeps): CxProber {
  return {
    testConnection: (target) => testCxConnection(target, deps),
    async listCompanies(target) {
      const result = await testCxConnection({ ...target, companyCode: undefined }, deps);
      return { ok: result.ok, companies: result.companies ?? [], ...(result.reason ? { reason: result.reason } : {}), ...(result.allowlist ? { allowlist: true } : {}) };
    },
  };
}

export async function testCxConnection(target: CxTarget, deps: CxDiagnosticsDeps): Promise<CxConnectionTestResult> {
  const steps: CxTestStep[] = [];
  let allowlist = false;
  const fail = (step: CxTestStep['step'], ms: number, error: unknown): CxConnectionTestResult => {
    const form = allowlistForm(error);
    allowlist = allowlist || form !== undefined;
    const detail = allowlistWords(describe(error), form);
    steps.push({ step, label: CX_STEP_LABELS[step], ok: false, ms, detail });
    return { ok: false, steps, reason: detail, ...(allowlist ? { allowlist: true } : {}) };
  };
  const timed = async <T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> => {
    const started = performance.now();
    try {
      const value = await fn();
      return { value, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { error, ms: Math.round(performance.now() - started) };
    }
  };

  const url = checkCxBaseUrl(target.baseUrl);
  if (!url.ok) return fail('url', 0, new Error(url.reason));
  steps.push({ step: 'url', label: CX_STEP_LABELS.url, ok: true, ms: 0, detail: `${url.baseUrl}/api/v1` });

  let client: CivicaCxClient;
  try {
    client = createCivicaCxClient({
      baseUrl: url.baseUrl,
      username: target.username,
      password: target.password,
      clock: deps.clock,
      fetch: deps.fetch,
      proxyEnv: deps.proxyEnv,
      timeoutMs: deps.timeoutMs ?? 15_000,
      // A person is waiting for a test: it goes ahead of the jobs waiting for the same limit.
      rateLimit: deps.rateLimits && aheadOfBackground(deps.rateLimits.limiterFor('civica-cx', url.baseUrl)),
    });
  } catch (error) {
    return fail('signIn', 0, error);
  }
  try {
    const signedIn = await timed(() => client.signIn());
    if (signedIn.error !== undefined) return fail('signIn', signedIn.ms, signedIn.error);
    steps.push({ step: 'signIn', label: CX_STEP_LABELS.signIn, ok: true, ms: signedIn.ms, detail: `Signed in as ${target.username}.` });

    const read = await timed(() => client.companies());
    if (read.error !== undefined) return fail('companies', read.ms, read.error);
    const companies = read.value!.map((c) => ({ companyCode: c.companyCode, name: c.name }));
    if (companies.length === 0) {
      return {
        ...fail(
          'companies',
          read.ms,
          new Error(`The Cx user "${target.username}" can see no companies. Ask the Cx administrators to give the user a role in the company casebridge should use.`),
        ),
        companies,
      };
    }
    steps.push({
      step: 'companies',
      label: CX_STEP_LABELS.companies,
      ok: true,
      ms: read.ms,
      detail: `${companies.length} compan${companies.length === 1 ? 'y' : 'ies'}: ${companies.map((c) => c.companyCode).join(', ')}.`,
    });

    const code = target.companyCode?.trim();
    if (code) {
      const chosen = companies.find((c) => c.companyCode === code);
      if (!chosen)
        return {
          ...fail(
            'company',
            0,
            new Error(`The selected company ${code} is not among the companies this user can see (${companies.map((c) => c.companyCode).join(', ')}). Choose one of them.`),
          ),
          companies,
        };
      // A call under the company, changing nothing: a contact search that matches no one.
      const probe = await timed(() => client.findContacts(code, { reference: '__casebridge_test__' }));
      if (probe.error !== undefined) return { ...fail('company', probe.ms, probe.error), companies };
      steps.push({ step: 'company', label: CX_STEP_LABELS.company, ok: true, ms: probe.ms, detail: `${chosen.name} (${chosen.companyCode}) answers.` });
    }
    return { ok: true, steps, companies };
  } finally {
    client.close();
  }
}
