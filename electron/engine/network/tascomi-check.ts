/**
 * Tascomi's part of a diagnosis: the HTTP step asks the API's /v1/ address, and the authentication
 * and clock steps are the connector's own connection test (diagnostics.ts), with its words and
 * timings, and advice a council IT officer can act on.
 */
import type { DiagnosisStep } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import { testConnection } from '../connectors/tascomi/diagnostics';
import type { TascomiTarget } from '../connectors/tascomi/settings-service';
import type { ProxyEnv } from '../connectors/http/transport';
import type { RateLimits } from '../connectors/rate-limits';
import type { ConnectorCheck } from './diagnosis/connector-check';
import { STEP_LABELS } from './diagnosis/steps';

export const TASCOMI_LABEL = 'Tascomi / Idox Cloud';

const KEYS_ADVICE =
  'Tascomi refused the API keys. On the Connections page, enter the public and private keys again exactly as Tascomi issued them (no spaces), and check the time zone setting. If they are right, ask the Tascomi administrator whether the key is still enabled.';
const CLOCK_ADVICE =
  "Tascomi checks each request's signed time, so this workstation's clock must be right: set it from an internet time server (Windows: Settings > Time & language > Date & time > Sync now), then diagnose again.";

export function tascomiCheck(target: TascomiTarget, deps: { clock: Clock; proxyEnv?: ProxyEnv; timeoutMs?: number; rateLimits?: Pick<RateLimits, 'limiterFor'> }): ConnectorCheck {
  return {
    connector: 'tascomi',
    label: TASCOMI_LABEL,
    baseUrl: target.baseUrl,
    httpUrl: `${target.baseUrl.replace(/\/+$/, '')}/v1/`,
    async authenticate() {
      const result = await testConnection(target, { clock: deps.clock, proxyEnv: deps.proxyEnv, timeoutMs: deps.timeoutMs, rateLimits: deps.rateLimits });
      const steps: DiagnosisStep[] = [];
      for (const step of result.steps) {
        const ok = step.ok;
        // Not a network matter: the Connections page's test and the Tascomi queue report it.
        if (step.step === 'case_reference') continue;
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
