/**
 * Civica Cx's part of a diagnosis: the HTTP step asks `${base}/api/v1/companies` without a token
 * (a Cx API answers 401 asking for one; a 403 IP_NOT_ALLOWED is the allowlist, explained by the
 * general reading with this workstation's addresses), and the authentication step signs in and
 * lists the companies with the saved username and password. A caller the allowlist blocks may
 * instead meet a timeout, a refused or cut connection, or a firewall's HTML page: each is read as
 * most likely the allowlist (CX_BLOCKED_CALLER, the same words as the Connections page's).
 */
import { CX_BLOCKED_CALLER, isCxBlockPage } from '../../../shared/domain/civica-cx';
import type { DiagnosisStep } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import { API_PREFIX } from '../connectors/civica-cx/dialect';
import { testCxConnection, type CxTarget } from '../connectors/civica-cx/diagnostics';
import type { ProxyEnv } from '../connectors/http/transport';
import type { RateLimits } from '../connectors/rate-limits';
import type { ConnectorCheck } from './diagnosis/connector-check';
import { answerWords } from './diagnosis/http-verdict';
import { STEP_LABELS } from './diagnosis/steps';

export const CX_LABEL = 'Civica Cx';

const CREDENTIALS_ADVICE =
  'On the Connections page, enter the Cx username and password again (both are case-sensitive), and check with the Cx administrators that the user has API permissions and a role in the selected company.';

export function cxCheck(target: CxTarget, deps: { clock: Clock; proxyEnv?: ProxyEnv; timeoutMs?: number; rateLimits?: Pick<RateLimits, 'limiterFor'> }): ConnectorCheck {
  const base = target.baseUrl.replace(/\/+$/, '');
  return {
    connector: 'civica-cx',
    label: CX_LABEL,
    baseUrl: target.baseUrl,
    httpUrl: `${base}${API_PREFIX}/companies`,
    blockedCallerLead: (form) => CX_BLOCKED_CALLER[form],
    async interpretHttp(answer, context) {
      if (isCxBlockPage(answer.status, answer.headers['content-type'])) {
        return {
          ok: false,
          detail: `Civica Cx answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''} with a web page (text/html), not the API's JSON.${answer.body.trim() ? ` It said: "${answerWords(answer.body)}"` : ''}`,
          advice: await context.allowlistAdvice(CX_BLOCKED_CALLER.html),
        };
      }
      if (answer.status === 401) return { ok: true, detail: `The Cx API answered in ${answer.ms} ms and asks for a sign-in (HTTP 401), as it should without a token.` };
      if (answer.status === 404)
        return {
          ok: false,
          detail: `The server answered HTTP 404 for ${API_PREFIX}/companies: this address does not look like a Cx API.`,
          advice: 'Check the API URL on the Connections page: it is the base address of the Cx instance, for example https://cx.yourdomain.com',
        };
      return undefined;
    },
    async authenticate() {
      const result = await testCxConnection(target, { clock: deps.clock, proxyEnv: deps.proxyEnv, timeoutMs: deps.timeoutMs, rateLimits: deps.rateLimits });
      const failed = result.steps.find((s) => !s.ok);
      const ms = result.steps.reduce((sum, s) => sum + s.ms, 0);
      const step: DiagnosisStep = failed
        ? {
            name: 'authenticate',
            label: STEP_LABELS.authenticate,
            status: 'failed',
            ok: false,
            ms,
            detail: failed.detail,
            advice: result.allowlist ? 'Ask the Cx administrators to allow the addresses listed on this page (Copy all for an email), then diagnose again.' : CREDENTIALS_ADVICE,
          }
        : {
            name: 'authenticate',
            label: STEP_LABELS.authenticate,
            status: 'ok',
            ok: true,
            ms,
            detail: `Signed in as ${target.username}; ${result.steps
              .filter((s) => s.step !== 'url')
              .map((s) => s.detail)
              .join(' ')}`,
          };
      return [step];
    },
  };
}
