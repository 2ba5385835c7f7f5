import { describe, expect, it } from 'vitest';
import { allowlistEmailText, type InterfaceAddress } from '../../../../shared/domain/network';
import { allowlistAddresses } from '../../../../electron/engine/network/network-service';

const interfaces: InterfaceAddress[] = [
  { interfaceName: 'Ethernet', family: 'IPv6', address: 'fe80::1', cidr: null, linkLocal: true },
  { interfaceName: 'Ethernet', family: 'IPv6', address: '2001:db8::5', cidr: '2001:db8::5/64', linkLocal: false },
  { interfaceName: 'Ethernet', family: 'IPv4', address: '10.1.2.3', cidr: '10.1.2.3/16', linkLocal: false },
];

describe('"Copy all for an email"', () => {
  it('is a short ready-to-send text: the public address first, then local ones, never link-local', () => {
    const text = allowlistEmailText({ hostname: 'CB-WS-01', interfaces, publicAddress: { status: 'found', address: '203.0.113.9', family: 'IPv4', source: 'x', ms: 3 } });
    expect(text).toBe(
      [
        'Hello,',
        '',
        'Please allow these addresses of our casebridge workstation (CB-WS-01) to reach your system:',
        '',
        'Public address (what your system sees): 203.0.113.9',
        '',
        'Local addresses (if you reach us over a private network or VPN):',
        '- 2001:db8::5 (IPv6, Ethernet)',
        '- 10.1.2.3 (IPv4, Ethernet)',
        '',
        'Thank you.',
      ].join('\n'),
    );
  });

  it('says so when there is no address at all', () => {
    expect(allowlistEmailText({ hostname: 'h', interfaces: [], publicAddress: { status: 'off', source: 'x' } })).toContain('(no address found: please ask our IT team)');
  });

  it('the diagnosis advice lists the public address, then IPv4, then IPv6, without link-local or repeats', () => {
    expect(allowlistAddresses({ status: 'found', address: '10.1.2.3', family: 'IPv4', source: 'x', ms: 1 }, interfaces)).toEqual(['10.1.2.3', '2001:db8::5']);
    expect(allowlistAddresses({ status: 'failed', source: 'x', reason: 'r' }, interfaces)).toEqual(['10.1.2.3', '2001:db8::5']);
  });
});
