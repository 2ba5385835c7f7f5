import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTascomiClient } from '../../../../../electron/engine/connectors/tascomi/client';
import { describeProxy, matchesNoProxy, selectProxy } from '../../../../../electron/engine/connectors/http/transport';
import { isLoopbackHost } from '../../../../../shared/loopback';
import { DEMO_KEYS, startHarness, type Harness } from './harness';
import { startLocalServer, type LocalServer } from '../../../../support/local-server';

describe('proxy selection (pure)', () => {
  const env = { HTTPS_PROXY: 'http://proxy.council.local:8080', HTTP_PROXY: 'http://plain-proxy:3128' };

  it('https targets use HTTPS_PROXY, http targets HTTP_PROXY', () => {
    expect(selectProxy('https://nb.tascomi.com/rest', env)).toBe('http://proxy.council.local:8080');
    expect(selectProxy('http://nb.tascomi.com/rest', env)).toBe('http://plain-proxy:3128');
    expect(selectProxy('https://nb.tascomi.com/rest', { HTTP_PROXY: 'http://plain-proxy:3128' })).toBeNull();
    expect(selectProxy('https://nb.tascomi.com/rest', { ALL_PROXY: 'http://all:1' })).toBe('http://all:1');
    expect(selectProxy('https://nb.tascomi.com/rest', {})).toBeNull();
  });

  it('reads lower-case variables first and adds a missing scheme', () => {
    expect(selectProxy('https://nb.tascomi.com/rest', { https_proxy: 'lower:1', HTTPS_PROXY: 'http://upper:2' })).toBe('http://lower:1');
  });

  it('never proxies loopback, whatever the environment says', () => {
    for (const url of ['http://127.0.0.1:4000/rest', 'http://localhost/rest', 'https://api.localhost/rest', 'http://[::1]:8080/rest', 'http://127.8.9.10/rest']) {
      expect(selectProxy(url, { ...env, ALL_PROXY: 'http://all:1' }), url).toBeNull();
      expect(selectProxy(url, env, 'http://explicit:1'), url).toBeNull();
    }
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.council.gov.uk')).toBe(false);
  });

  it('respects NO_PROXY: names, domain suffixes, wildcards, ports, IPs and CIDR ranges', () => {
    const target = (url: string, noProxy: string) => matchesNoProxy(new URL(url), noProxy);
    expect(target('https://nb.tascomi.com/rest', 'tascomi.com')).toBe(true);
    expect(target('https://nb.tascomi.com/rest', '.tascomi.com')).toBe(true);
    expect(target('https://nb.tascomi.com/rest', '*.tascomi.com')).toBe(true);
    expect(target('https://tascomi.com/rest', '.tascomi.com')).toBe(true);
    expect(target('https://nottascomi.com/rest', 'tascomi.com')).toBe(false);
    expect(target('https://nb.tascomi.com/rest', 'intranet, idoxcloud.com')).toBe(false);
    expect(target('https://nb.tascomi.com/rest', 'nb.tascomi.com:443')).toBe(true);
    expect(target('https://nb.tascomi.com/rest', 'nb.tascomi.com:8443')).toBe(false);
    expect(target('http://10.20.30.40/rest', '10.0.0.0/8')).toBe(true);
    expect(target('http://11.20.30.40/rest', '10.0.0.0/8')).toBe(false);
    expect(target('http://192.168.1.5/rest', '192.168.1.5')).toBe(true);
    expect(target('https://anything.example/rest', '*')).toBe(true);
    expect(target('https://nb.tascomi.com/rest', '')).toBe(false);
    expect(selectProxy('https://nb.tascomi.com/rest', { ...env, NO_PROXY: '.tascomi.com' })).toBeNull();
    expect(selectProxy('https://nb.tascomi.com/rest', { ...env, no_proxy: 'tascomi.com' })).toBeNull();
    expect(selectProxy('https://nb.idoxcloud.com/rest', { ...env, NO_PROXY: '.tascomi.com' })).toBe('http://proxy.council.local:8080');
  });

  it('an explicit setting overrides the environment; null means direct', () => {
    expect(selectProxy('https://nb.tascomi.com/rest', env, 'http://setting:9000')).toBe('http://setting:9000');
    expect(selectProxy('https://nb.tascomi.com/rest', env, null)).toBeNull();
    expect(selectProxy('https://nb.tascomi.com/rest', { NO_PROXY: 'tascomi.com' }, 'http://setting:9000')).toBeNull();
  });

  it('describes a proxy without its credentials', () => {
    expect(describeProxy('http://user:secret@proxy:8080')).toBe('proxy http://proxy:8080');
    expect(describeProxy(null)).toBe('direct (no proxy)');
  });
});

describe('through a real HTTP proxy', () => {
  let h: Harness | undefined;
  let proxy: LocalServer | undefined;
  afterEach(async () => {
    await h?.close();
    await proxy?.close();
  });

  it('the default transport sends an http target through HTTP_PROXY (the target name never resolved here)', async () => {
    h = await startHarness();
    const emulatorPort = new URL(h.emulator.baseUrl).port;
    const seen: string[] = [];
    // A forwarding proxy that sends everything to the emulator, whatever host was asked for.
    proxy = await startLocalServer((req, res) => {
      seen.push(req.url ?? '');
      const target = new URL(req.url ?? '/');
      const upstream = httpRequest({ host: '127.0.0.1', port: emulatorPort, method: req.method, path: target.pathname + target.search, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    const client = createTascomiClient({
      baseUrl: 'http://northbridge.tascomi.example/rest',
      ...DEMO_KEYS,
      clock: h.clock,
      proxyEnv: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    try {
      expect((await client.list('core_functions')).total).toBe(6);
      expect(seen).toEqual(['http://northbridge.tascomi.example/rest/v1/core_functions?page=1']);
    } finally {
      client.close();
    }
  });
});
