/**
 * Which names a browser may use for this server (its Host header), and the console addresses to
 * print. Any other Host is a DNS-rebinding attempt (a foreign name made to resolve here) and is
 * refused, so only names that are this machine's own may be used.
 *
 * - Bound to loopback: the loopback names.
 * - Bound to one other address: that address only.
 * - Bound to every address (0.0.0.0, or :: which also takes IPv4): the machine's interface
 *   addresses (read at each connection, so an address that changes later still works), the
 *   loopback names and the machine's host name. The console address printed is loopback, which
 *   works on this machine; the others are listed for other machines.
 */
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isLoopbackHost } from '../../shared/loopback';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface Machine {
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
  hostname(): string;
}
const thisMachine: Machine = { networkInterfaces, hostname };

function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || /^[0:]+$/.test(host);
}

/** An address as it appears in a URL or a Host header: IPv6 in brackets. */
function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

export interface HostNames {
  /** Whether a Host header (`name:port`) names this server. */
  allows(hostHeader: string): boolean;
  /** The host for the console URL printed to open on this machine. */
  consoleHost: string;
  /** Other hosts other machines may use (a wildcard bind's interface addresses and host name). */
  otherHosts(): string[];
}

export function hostNamesFor(bindHost: string, port: number, machine: Machine = thisMachine): HostNames {
  const ipv4Only = bindHost === '0.0.0.0';
  const interfaceHosts = (external: boolean) =>
    Object.values(machine.networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((i) => (!ipv4Only || i.family === 'IPv4') && (!external || !i.internal))
      .map((i) => urlHost(i.address.toLowerCase()));
  const names = (): string[] => {
    if (isWildcardAddress(bindHost)) return [...LOOPBACK_NAMES, ...interfaceHosts(false), machine.hostname().toLowerCase()];
    if (isLoopbackHost(bindHost)) return [urlHost(bindHost), ...LOOPBACK_NAMES];
    return [urlHost(bindHost)];
  };
  return {
    allows(hostHeader) {
      const wanted = hostHeader.toLowerCase();
      // A browser leaves out port 80, the scheme's default.
      return names().some((name) => wanted === `${name}:${port}` || (port === 80 && wanted === name));
    },
    consoleHost: isWildcardAddress(bindHost) ? (ipv4Only ? '127.0.0.1' : '[::1]') : urlHost(bindHost),
    otherHosts: () => (isWildcardAddress(bindHost) ? [...new Set([...interfaceHosts(true), machine.hostname().toLowerCase()])] : []),
  };
}
