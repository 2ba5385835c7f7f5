/**
 * This workstation's own addresses, by interface: every address that is not internal (loopback),
 * IPv4 before IPv6, for the allowlists of the remote systems.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { InterfaceAddress } from '../../../shared/domain/network';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** fe80::/10: valid only on the local link, never seen by a remote system. */
function isLinkLocalV6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

function familyOf(info: NetworkInterfaceInfo): 'IPv4' | 'IPv6' | null {
  // Node 18.0-18.3 briefly reported the family as a number.
  const family = info.family as string | number;
  if (family === 'IPv4' || family === 4) return 'IPv4';
  if (family === 'IPv6' || family === 6) return 'IPv6';
  return null;
}

/** The non-internal addresses of `table` (default: this machine's), sorted by interface then family. */
export function listInterfaceAddresses(table: InterfaceTable = networkInterfaces()): InterfaceAddress[] {
  const found: InterfaceAddress[] = [];
  for (const [name, infos] of Object.entries(table)) {
    for (const info of infos ?? []) {
      const family = familyOf(info);
      if (!family || info.internal) continue;
      // The zone (%eth0) is local to this machine: never part of what a remote system sees.
      const address = info.address.replace(/%.*$/, '');
      found.push({ interfaceName: name, family, address, cidr: info.cidr ?? null, linkLocal: family === 'IPv6' && isLinkLocalV6(address) });
    }
  }
  return found.sort(
    (a, b) => a.interfaceName.localeCompare(b.interfaceName) || a.family.localeCompare(b.family) || Number(a.linkLocal) - Number(b.linkLocal) || a.address.localeCompare(b.address),
  );
}
