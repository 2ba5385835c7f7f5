import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostNamesFor, type Machine } from '../../../electron/host/allowed-hosts';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;

function machine(interfaces: Record<string, NetworkInterfaceInfo[]>, name = 'Council-PC'): Machine & { interfaces: Record<string, NetworkInterfaceInfo[]> } {
  const m = { interfaces, networkInterfaces: () => m.interfaces, hostname: () => name };
  return m;
}

const office = () =>
  machine({
    lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
    eth0: [iface('192.168.1.5', 'IPv4'), iface('fe80::a00:27ff:fe4e:66a1', 'IPv6')],
  });

describe('the names a browser may use for the host', () => {
  it('bound to loopback: the loopback names only, at its port', () => {
    const names = hostNamesFor('127.0.0.1', 8080, office());
    for (const ok of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) expect(names.allows(ok), ok).toBe(true);
    for (const no of ['192.168.1.5:8080', 'council-pc:8080', 'rebound.example:8080', '127.0.0.1:8081', '127.0.0.1', '']) expect(names.allows(no), no).toBe(false);
    expect(names.consoleHost).toBe('127.0.0.1');
    expect(names.otherHosts()).toEqual([]);
  });

  it('bound to 0.0.0.0: the machine IPv4 addresses, its name and loopback; the console address is loopback', () => {
    const names = hostNamesFor('0.0.0.0', 8080, office());
    for (const ok of ['127.0.0.1:8080', 'localhost:8080', '192.168.1.5:8080', 'council-pc:8080', 'Council-PC:8080']) expect(names.allows(ok), ok).toBe(true);
    // 0.0.0.0 takes no IPv6 connection; a name that is not this machine is DNS rebinding.
    for (const no of ['[fe80::a00:27ff:fe4e:66a1]:8080', '0.0.0.0:8080', 'rebound.example:8080', '192.168.1.6:8080', '192.168.1.5:9090']) expect(names.allows(no), no).toBe(false);
    expect(names.consoleHost).toBe('127.0.0.1');
    expect(names.otherHosts()).toEqual(['192.168.1.5', 'council-pc']);
  });

  it('bound to ::: IPv6 addresses too, in brackets; the console address is IPv6 loopback', () => {
    const names = hostNamesFor('::', 8080, office());
    for (const ok of ['[fe80::a00:27ff:fe4e:66a1]:8080', '192.168.1.5:8080', '[::1]:8080']) expect(names.allows(ok), ok).toBe(true);
    expect(names.allows('[::]:8080')).toBe(false);
    expect(names.consoleHost).toBe('[::1]');
    expect(names.otherHosts()).toEqual(['192.168.1.5', '[fe80::a00:27ff:fe4e:66a1]', 'council-pc']);
  });

  it('reads the addresses at each connection, so one given out later (DHCP, a VPN) is allowed', () => {
    const m = office();
    const names = hostNamesFor('0.0.0.0', 8080, m);
    expect(names.allows('10.8.0.2:8080')).toBe(false);
    m.interfaces = { ...m.interfaces, tun0: [iface('10.8.0.2', 'IPv4')] };
    expect(names.allows('10.8.0.2:8080')).toBe(true);
  });

  it('bound to one other address: that address only', () => {
    const names = hostNamesFor('192.168.1.5', 8080, office());
    expect(names.allows('192.168.1.5:8080')).toBe(true);
    expect(names.allows('127.0.0.1:8080')).toBe(false);
    expect(names.allows('council-pc:8080')).toBe(false);
    expect(names.consoleHost).toBe('192.168.1.5');
  });

  it('on port 80, a Host without the port (as browsers send it) is the same name', () => {
    const names = hostNamesFor('127.0.0.1', 80, office());
    expect(names.allows('localhost')).toBe(true);
    expect(names.allows('localhost:80')).toBe(true);
  });
});
