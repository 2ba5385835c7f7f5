/**
 * DNS: the addresses of the name that is dialled (the proxy's, when there is one: the proxy looks
 * the remote name up itself). An IP address has no name to look up.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import type { DiagnosisStep } from '../../../../shared/domain/network';
import type { Target } from './address-step';
import { bounded, errorCode, type StepLimits } from './sockets';
import { elapsed, passed, seconds, skipped, StepFailure } from './steps';

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: Lookup = (name) => dnsLookup(name, { all: true, verbatim: true });

export interface DnsOptions {
  label: string;
  limits: StepLimits;
  lookup?: Lookup;
}

export async function lookUpName(target: Pick<Target, 'dial' | 'proxy'>, options: DnsOptions): Promise<{ addresses: string[]; step: DiagnosisStep }> {
  const name = target.dial.host;
  if (net.isIP(name)) return { addresses: [name], step: skipped('dns', `${name} is an IP address: there is no name to look up.`) };
  const lookup = options.lookup ?? systemLookup;
  const started = performance.now();
  let addresses: string[];
  try {
    const found = await bounded<{ address: string }[]>(options.limits, (resolve, reject) => void lookup(name).then(resolve, reject));
    addresses = found.map((a) => a.address);
    if (addresses.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' });
  } catch (error) {
    throw lookupFailure(error, name, Boolean(target.proxy), options, elapsed(started));
  }
  return { addresses, step: passed('dns', elapsed(started), `${name} is ${addresses.join(', ')}.`) };
}

function lookupFailure(error: unknown, name: string, viaProxy: boolean, options: DnsOptions, ms: number): StepFailure {
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'ENODATA') {
    return new StepFailure(
      'dns',
      ms,
      `The name ${name} was not found (${code}).`,
      viaProxy
        ? 'Check the proxy address in HTTPS_PROXY / HTTP_PROXY for typing errors, or ask IT for the right one.'
        : `Check the address of ${options.label} for typing errors. If it is right, this workstation cannot resolve it: on a network that reaches the internet only through a proxy, set HTTPS_PROXY for casebridge; otherwise ask IT to check DNS.`,
    );
  }
  return new StepFailure(
    'dns',
    ms,
    code === 'ETIMEDOUT'
      ? `The name ${name} could not be looked up: DNS did not answer within ${seconds(options.limits.timeoutMs)}.`
      : `The name ${name} could not be looked up (${code ?? String(error)}).`,
    "Check this workstation's network connection (and VPN, if the system is reached through one), then ask IT to check its DNS servers.",
  );
}
