/**
 * Tascomi's part of a diagnosis: the HTTP step asks the API's /v1/ address (a redirect is explained
 * as the connection test explains it: the new Idox Cloud address to save), and the authentication,
 * clock and case reference steps are the connector's own connection test (diagnostics.ts), with
 * its words and timings, and advice a council IT officer can act on.
 */
import type { DuplicateGuardCheck } from '../../../shared/domain/tascomi';
import type { DiagnosisStep } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import { testConnection } from '../connectors/tascomi/diagnostics';
import { explainTascomiRedirect } from '../connectors/tascomi/redirect';
import type { TascomiTarget } from '../connectors/tascomi/settings-service';
import type { ProxyEnv } from '../connectors/http/transport';
import type { RateLimits } from '../connectors/rate-limits';
import type { ConnectorCheck } from './diagnosis/connector-check';
import { isRedirect } from './diagnosis/http-verdict';
import { STEP_LABELS } from './diagnosis/steps';

export const TASCOMI_LABEL = 'Tascomi / Idox Cloud';

const KEYS_ADVICE =
  'Tascomi refused the API keys. On the Connections page, enter the public and private keys again exactly as Tascomi issued them (no spaces), and check the time zone setting. If they are right, ask the Tascomi administrator whether the key is still enabled.';
const CLOCK_ADVICE =
  "Tascomi checks each request's signed time, so this workstation's clock must be right: set it from an internet time server (Windows: Settings > Time & language > Date & time > Sync now), then diagnose again.";

/** What to do when the duplicate guard is off, or could not be checked (the detail says which). */
function duplicateGuardAdvice(guard: DuplicateGuardCheck | undefined): string {
  if (guard?.guard === 'off')
    return `Ask the Tascomi administrator to add a searchable ${guard.field} column to complaints, then test the connection again on the Connections page. Until then, a job whose answer from Tascomi was lost stops as "Outcome unknown: check Tascomi by hand" instead of being retried.`;
  return 'Test the connection again on the Connections page. If the field still cannot be checked, run "Check API access" there: the key needs View on complaints.';
}

export function tascomiCheck(target: TascomiTarget, deps: { clock: Clock; proxyEnv?: ProxyEnv; timeoutMs?: number; rateLimits?: Pick<RateLimits, 'limiterFor'> }): ConnectorCheck {
  return {
    connector: 'tascomi',
    label: TASCOMI_LABEL,
    baseUrl: target.baseUrl,
    httpUrl: `${target.baseUrl.replace(/\/+$/, '')}/v1/`,
    interpretHttp(answer) {
      if (!isRedirect(answer.status)) return undefined;
      const location = typeof answer.headers.location === 'string' ? answer.headers.location : null;
      return {
        ok: false,
        detail: explainTascomiRedirect(answer.status, target.baseUrl, location),
        advice: 'Correct the API base URL on the Connections page as said here (saving runs the connection test against the new address), then diagnose again.',
      };
    },
    async authenticate() {
      const result = await testConnection(target, { clock: deps.clock, proxyEnv: deps.proxyEnv, timeoutMs: deps.timeoutMs, rateLimits: deps.rateLimits });
      const steps: DiagnosisStep[] = [];
      for (const step of result.steps) {
        const ok = step.ok;
        if (step.step === 'case_reference') {
          // Not a failure: jobs are still sent, but without the guard (the Tascomi queue says so too).
          steps.push({
            name: 'case_reference',
            label: STEP_LABELS.case_reference,
            status: step.warning ? 'warning' : 'ok',
            ok: true,
            ms: step.ms,
            detail: step.detail,
            ...(step.warning ? { advice: duplicateGuardAdvice(result.duplicateGuard) } : {}),
          });
          continue;
        }
        if (step.step === 'url' || step.step === 'reach') {
          // Already diagnosed by the network steps; a failure here is still the connection's.
          if (!ok) {
            steps.push({
              name: 'authenticate',
              label: STEP_LABELS.authenticate,
              status: 'failed',
              ok: false,
              ms: step.ms,
              detail: step.detail,
              advice: 'Test the connection on the Connections page, and correct what it names.',
            });
          }
          continue;
        }
        const name = step.step === 'clock' ? 'clock' : 'authenticate';
        steps.push({
          name,
          label: STEP_LABELS[name],
          status: ok ? 'ok' : 'failed',
          ok,
          ms: step.ms,
          detail: step.detail,
          ...(ok ? {} : { advice: name === 'clock' ? CLOCK_ADVICE : KEYS_ADVICE }),
        });
      }
      return steps;
    },
  };
}
