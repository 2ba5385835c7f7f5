/**
 * The public address, from a "what is my address" service played by a local server on 127.0.0.1:
 * good answers (bare text, JSON), bad ones (HTML, a hostile JSON, an error), a slow one, and off.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPublicAddressUrl, DEFAULT_NETWORK_SETTINGS, NetworkSettingsSchema } from '../../../../shared/domain/network';
import { parseAddressAnswer, readPublicAddress } from '../../../../electron/engine/network/public-address';
import { closedPort, startLocalServer, type LocalServer } from '../../../support/local-server';

let service: LocalServer | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function serviceAnswering(status: number, body: string, type = 'text/plain'): Promise<string> {
  service = await startLocalServer((_req, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  return `http://127.0.0.1:${service.port}/`;
}
const on = (url: string) => ({ publicAddressEnabled: true, publicAddressUrl: url });

describe('readPublicAddress', () => {
  it('reads a bare IPv4 address, with its source and time', async () => {
    const url = await serviceAnswering(200, '203.0.113.7\n');
    const found = await readPublicAddress(on(url), { proxyEnv: {} });
    expect(found).toMatchObject({ status: 'found', address: '203.0.113.7', family: 'IPv4', source: url });
    expect(service!.requests).toHaveLength(1);
  });

  it('reads JSON {"ip": ...}, IPv6 included', async () => {
    const url = await serviceAnswering(200, '{"ip":"2001:db8::7"}', 'application/json');
    expect(await readPublicAddress(on(url), { proxyEnv: {} })).toMatchObject({ status: 'found', address: '2001:db8::7', family: 'IPv6' });
  });

  it('refuses an answer that is not an address, quoting it safely', async () => {
    const url = await serviceAnswering(200, '<html><script>alert(1)</script>\u0007</html>', 'text/html');
    const found = await readPublicAddress(on(url), { proxyEnv: {} });
    expect(found.status).toBe('failed');
    expect(found.status === 'failed' && found.reason).toMatch(/answered with something that is not an IP address: "<html><script>alert\(1\)<\/script> <\/html>"/);
  });

  it('says which HTTP status the service answered', async () => {
    const url = await serviceAnswering(503, 'busy');
    const found = await readPublicAddress(on(url), { proxyEnv: {} });
    expect(found).toEqual({ status: 'failed', source: url, reason: `The service at ${url} answered HTTP 503: "busy".` });
  });

  it('gives up on a slow service after the timeout, saying so', async () => {
    service = await startLocalServer(() => {
      /* never answers */
    });
    const url = `http://127.0.0.1:${service.port}/`;
    const found = await readPublicAddress(on(url), { proxyEnv: {}, timeoutMs: 150 });
    expect(found).toEqual({ status: 'failed', source: url, reason: `The service at ${url} did not answer within 0.15 s.` });
  });

  it('says when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const found = await readPublicAddress(on(url), { proxyEnv: {} });
    expect(found.status === 'failed' && found.reason).toMatch(/could not be reached: the connection was refused \(ECONNREFUSED\)/);
  });

  it('asks nothing while switched off (the default)', async () => {
    const url = await serviceAnswering(200, '203.0.113.7');
    expect(await readPublicAddress({ publicAddressEnabled: false, publicAddressUrl: url }, { proxyEnv: {} })).toEqual({ status: 'off', source: url });
    expect(service!.requests).toHaveLength(0);
    expect(DEFAULT_NETWORK_SETTINGS.publicAddressEnabled).toBe(false);
  });
});

describe('parseAddressAnswer', () => {
  it.each([
    ['198.51.100.1', '198.51.100.1'],
    ['  2001:db8::1  ', '2001:db8::1'],
    ['{"ip": "198.51.100.2", "country": "GB"}', '198.51.100.2'],
  ])('accepts %j', (body, address) => {
    expect(parseAddressAnswer(body)).toMatchObject({ ok: true, address });
  });
  it.each([
    ['', /nothing/],
    ['198.51.100.1 198.51.100.2', /not an IP address/],
    ['999.1.1.1', /not an IP address/],
    ['fe80::1%eth0', /not an IP address/],
    ['{"ip": 12}', /without an "ip" text field/],
    ['{"ip": "1.2.3.4"', /neither an address nor JSON/],
    ['127.0.0.1', /not an address a remote system could see/],
    ['0.0.0.0', /not an address a remote system could see/],
    ['1'.repeat(3000), /too long/],
  ])('refuses %j', (body, reason) => {
    const parsed = parseAddressAnswer(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('the service address setting', () => {
  it('must be https, or http only to this machine, without credentials', () => {
    expect(checkPublicAddressUrl('https://api.ipify.org?format=json')).toEqual({ ok: true, url: 'https://api.ipify.org/?format=json' });
    expect(checkPublicAddressUrl('http://127.0.0.1:9000/')).toMatchObject({ ok: true });
    expect(checkPublicAddressUrl('http://ifconfig.me')).toMatchObject({ ok: false, reason: /must start with https:\/\// });
    expect(checkPublicAddressUrl('https://user:pw@example.com/')).toMatchObject({ ok: false, reason: /user name or password/ });
    expect(checkPublicAddressUrl('not a url')).toMatchObject({ ok: false, reason: /is not a web address/ });
    expect(checkPublicAddressUrl('')).toMatchObject({ ok: false, reason: /Enter the address/ });
  });
  it('is checked by the saved settings schema', () => {
    const parsed = NetworkSettingsSchema.safeParse({ publicAddressEnabled: true, publicAddressUrl: 'ftp://x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['publicAddressUrl'], message: expect.stringMatching(/https/) });
  });
});
