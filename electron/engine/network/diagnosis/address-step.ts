/**
 * The first step: the address of the connection, read as the connector would read it, and the route
 * its transport would take (the proxy from the environment, or direct). Nothing leaves this machine.
 */
import { describeProxy, selectProxy, type ProxyEnv } from '../../connectors/http/transport';
import { quoteUntrusted } from '../public-address';
import type { ConnectorCheck } from './connector-check';
import { passed, StepFailure } from './steps';
import type { DiagnosisStep } from '../../../../shared/domain/network';

export const ROUTE_NOT_DECIDED = 'not decided (the address could not be read)';

/** Where the diagnosis goes, and the first hop it dials (the proxy, when there is one). */
export interface Target {
  url: URL;
  /** What the HTTP step asks for. */
  httpUrl: URL;
  /** The remote system's host (an IPv6 address without brackets) and port. */
  host: string;
  port: number;
  secure: boolean;
  /** The route in words: "direct (no proxy)", "proxy http://…". */
  route: string;
  proxy?: URL;
  /** What is dialled: the proxy (it looks the remote name up itself) or the remote system. */
  dial: { host: string; port: number; what: string };
}

/** Failed at the address; `route` says which route was chosen, when it was. */
export class AddressFailure extends StepFailure {
  constructor(
    detail: string,
    advice: string,
    readonly route?: string,
  ) {
    super('address', 0, detail, advice);
  }
}

const unbracketed = (hostname: string) => hostname.replace(/^\[|\]$/g, '');
const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

export function readAddress(check: Pick<ConnectorCheck, 'baseUrl' | 'httpUrl' | 'label'>, env: ProxyEnv): { target: Target; step: DiagnosisStep } {
  const correct = `Correct the address of ${check.label} on the Connections page.`;
  let url: URL;
  try {
    url = new URL(check.baseUrl);
  } catch {
    throw new AddressFailure(`"${quoteUntrusted(check.baseUrl, 100)}" is not a web address.`, correct);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AddressFailure(`"${url.protocol}" addresses cannot be diagnosed: only https (and http for a test system).`, correct);
  }
  const httpUrl = new URL(check.httpUrl ?? check.baseUrl);
  const host = unbracketed(url.hostname);
  const port = portOf(url);
  const proxyAddress = selectProxy(url, env);
  const route = describeProxy(proxyAddress);
  let proxy: URL | undefined;
  if (proxyAddress) {
    try {
      proxy = new URL(proxyAddress);
    } catch {
      throw new AddressFailure(`The proxy address in the environment cannot be read.`, 'Correct HTTPS_PROXY / HTTP_PROXY (for example http://proxy.council.local:8080).', route);
    }
  }
  const dial = proxy
    ? { host: unbracketed(proxy.hostname), port: portOf(proxy), what: `the proxy ${unbracketed(proxy.hostname)}:${portOf(proxy)}` }
    : { host, port, what: `${host}:${port}` };
  const target: Target = { url, httpUrl, host, port, secure: url.protocol === 'https:', route, dial, ...(proxy ? { proxy } : {}) };
  return { target, step: passed('address', 0, `${url.origin}, ${route}.`) };
}
