import { describe, expect, it } from 'vitest';
import { listInterfaceAddresses, type InterfaceTable } from '../../../../electron/engine/network/interfaces';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false, cidr: string | null = null) =>
  ({ address, family, internal, cidr, netmask: '', mac: '00:00:00:00:00:00' }) as NonNullable<InterfaceTable[string]>[number];

describe('listInterfaceAddresses', () => {
  it('lists every non-internal IPv4 and IPv6 address by interface, loopback left out', () => {
    const table: InterfaceTable = {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      'Wi-Fi': [info('2001:db8::25', 'IPv6', false, '2001:db8::25/64'), info('192.168.1.20', 'IPv4', false, '192.168.1.20/24')],
      Ethernet: [info('fe80::1%Ethernet', 'IPv6'), info('10.20.30.40', 'IPv4', false, '10.20.30.40/16')],
    };
    expect(listInterfaceAddresses(table)).toEqual([
      { interfaceName: 'Ethernet', family: 'IPv4', address: '10.20.30.40', cidr: '10.20.30.40/16', linkLocal: false },
      { interfaceName: 'Ethernet', family: 'IPv6', address: 'fe80::1', cidr: null, linkLocal: true },
      { interfaceName: 'Wi-Fi', family: 'IPv4', address: '192.168.1.20', cidr: '192.168.1.20/24', linkLocal: false },
      { interfaceName: 'Wi-Fi', family: 'IPv6', address: '2001:db8::25', cidr: '2001:db8::25/64', linkLocal: false },
    ]);
  });

  it('answers an empty list on a machine with only loopback', () => {
    expect(listInterfaceAddresses({ lo: [info('127.0.0.1', 'IPv4', true)] })).toEqual([]);
  });

  it("reads this machine's interfaces without internal addresses", () => {
    const mine = listInterfaceAddresses();
    expect(mine.every((a) => a.address !== '127.0.0.1' && a.address !== '::1')).toBe(true);
  });
});
