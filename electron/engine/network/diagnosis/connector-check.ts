/**
 * How a connector plugs into the diagnosis: the URL the HTTP step asks for, its own reading of that
 * answer, and its authentication check. The diagnosis itself stays connector-neutral.
 */
import type http from 'node:http';
import type { DiagnosisStep } from '../../../../shared/domain/network';

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** The first 4 KB of the body, as text (untrusted). */
  body: string;
  ms: number;
}

/** How a network failure may be a firewall or allowlist refusing this workstation. */
export type BlockedForm = 'timeout' | 'refused' | 'reset';

export interface StepVerdict {
  ok: boolean;
  detail: string;
  advice?: string;
}

/** What advice needs to know: who to ask, and the addresses to ask for. */
export interface AdviceContext {
  label: string;
  host: string;
  port: number;
  /** The allowlist advice, with this workstation's addresses. */
  allowlistAdvice(lead: string): Promise<string>;
  /** The allowlist advice led by the connector's own words for `form`; absent when it has none. */
  blockedCallerAdvice?(form: BlockedForm): Promise<string>;
}

export interface ConnectorCheck {
  connector: string;
  /** As people name the system: "Tascomi / Idox Cloud", "Civica Cx". */
  label: string;
  baseUrl: string;
  /** What the HTTP step asks for, without credentials (default: the base URL). */
  httpUrl?: string;
  /** The connector's own reading of the HTTP answer; undefined leaves it to the general one. */
  interpretHttp?(answer: HttpAnswer, context: AdviceContext): Promise<StepVerdict | undefined> | StepVerdict | undefined;
  /**
   * The connector's own authentication check: an `authenticate` step, and a `clock` step when it
   * measures the server's clock more exactly than a Date header.
   */
  authenticate?(): Promise<DiagnosisStep[]>;
  /**
   * For a remote whose IP allowlist usually answers a blocked caller with a timeout or a refused
   * or cut connection (Civica Cx): what such a failure most likely means, leading the advice.
   */
  blockedCallerLead?(form: BlockedForm): string;
}

/**
 * The advice for a refusal that may be an allowlist: `lead`, then who to ask to allow which of this
 * workstation's addresses (read only now: finding the public one may take a request).
 */
export function blockedCallerAdviceFor(check: Pick<ConnectorCheck, 'blockedCallerLead'>, allowlistAdvice: (lead: string) => Promise<string>): AdviceContext['blockedCallerAdvice'] {
  const lead = check.blockedCallerLead?.bind(check);
  return lead && ((form) => allowlistAdvice(lead(form)));
}

export function allowlistAdviceFor(label: string, addresses: () => Promise<string[]> | string[]): (lead: string) => Promise<string> {
  return async (lead) => {
    let list: string[] = [];
    try {
      list = await addresses();
    } catch {
      // the advice still stands without the list
    }
    const named = list.length > 0 ? `: ${list.join(', ')}` : '';
    return `${lead} Ask the administrators of ${label} to allow this workstation's addresses${named} (the addresses table above has "Copy all for an email"). If they say the addresses are allowed, ask your IT team whether the council firewall lets this workstation out to that address and port.`;
  };
}
