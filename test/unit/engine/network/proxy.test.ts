import { describe, expect, it } from 'vitest';
import { describeProxySetup, proxyVariables } from '../../../../electron/engine/network/proxy';

const targets = [{ connector: 'tascomi' as const, label: 'Tascomi / Idox Cloud', target: 'https://my-council.tascomi.com/rest' }];

describe('the proxy in use', () => {
  it('is none, with every connection direct, when no variable is set', () => {
    expect(describeProxySetup({}, targets)).toEqual({ source: 'none', variables: [], routes: [{ ...targets[0], route: 'direct (no proxy)' }] });
  });

  it('comes from HTTPS_PROXY for an https connection, credentials never shown', () => {
    const info = describeProxySetup({ HTTPS_PROXY: 'http://jo:secret@proxy.council.local:8080', NO_PROXY: '.council.local' }, targets);
    expect(info.source).toBe('environment');
    expect(info.variables).toEqual([
      { name: 'HTTPS_PROXY', value: 'http://proxy.council.local:8080 (with a user name and password, not shown)' },
      { name: 'NO_PROXY', value: '.council.local' },
    ]);
    expect(info.routes[0]!.route).toBe('proxy http://proxy.council.local:8080');
    expect(JSON.stringify(info)).not.toContain('secret');
  });

  it('follows NO_PROXY, as the connectors do', () => {
    const info = describeProxySetup({ https_proxy: 'proxy.council.local:3128', no_proxy: 'tascomi.com' }, targets);
    expect(info.variables[0]).toEqual({ name: 'https_proxy', value: 'proxy.council.local:3128' });
    expect(info.routes[0]!.route).toBe('direct (no proxy)');
  });

  it('reads lower case before upper case, as the transport does', () => {
    expect(proxyVariables({ http_proxy: 'http://a:1', HTTP_PROXY: 'http://b:2' })).toEqual([{ name: 'http_proxy', value: 'http://a:1' }]);
  });
});
