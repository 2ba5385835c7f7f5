/**
 * The address step alone: the address and the route read from a connection's settings and the
 * environment. Nothing is dialled.
 */
import { describe, expect, it } from 'vitest';
import { AddressFailure, readAddress } from '../../../../../electron/engine/network/diagnosis/address-step';

const check = (baseUrl: string, httpUrl?: string) => ({ label: 'Civica Cx', baseUrl, ...(httpUrl ? { httpUrl } : {}) });
function failureOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('the address step passed');
}

describe('the address step', () => {
  it('reads a direct https address: the host and port dialled are the remote system', () => {
    const { target, step } = readAddress(check('https://cx.council.example/', 'https://cx.council.example/api/v1/companies'), {});
    expect(target).toMatchObject({
      host: 'cx.council.example',
      port: 443,
      secure: true,
      route: 'direct (no proxy)',
      dial: { host: 'cx.council.example', port: 443, what: 'cx.council.example:443' },
    });
    expect(target.proxy).toBeUndefined();
    expect(target.httpUrl.pathname).toBe('/api/v1/companies');
    expect(step).toEqual({ name: 'address', label: 'Address and route', status: 'ok', ok: true, ms: 0, detail: 'https://cx.council.example, direct (no proxy).' });
  });

  it('through a proxy, dials the proxy; an IPv6 address loses its brackets', () => {
    const { target } = readAddress(check('http://[2001:db8::1]:8080/rest'), { HTTP_PROXY: 'http://[fd00::5]:3128' });
    expect(target).toMatchObject({
      host: '2001:db8::1',
      port: 8080,
      secure: false,
      route: 'proxy http://[fd00::5]:3128',
      dial: { host: 'fd00::5', port: 3128, what: 'the proxy fd00::5:3128' },
    });
    expect(target.proxy?.href).toBe('http://[fd00::5]:3128/');
  });

  it('refuses what is not a web address, and other protocols, pointing at the Connections page', () => {
    expect(failureOf(() => readAddress(check('not an address'), {}))).toMatchObject({ step: 'address', detail: '"not an address" is not a web address.' });
    const other = failureOf(() => readAddress(check('ftp://files.example/'), {}));
    expect(other).toBeInstanceOf(AddressFailure);
    expect(other).toMatchObject({
      step: 'address',
      detail: '"ftp:" addresses cannot be diagnosed: only https (and http for a test system).',
      advice: 'Correct the address of Civica Cx on the Connections page.',
      route: undefined,
    });
  });

  it('a proxy variable that cannot be read fails, and still says which route was chosen', () => {
    const failure = failureOf(() => readAddress(check('https://cx.council.example/'), { HTTPS_PROXY: 'http://proxy:notaport' }));
    expect(failure).toBeInstanceOf(AddressFailure);
    expect(failure).toMatchObject({ detail: 'The proxy address in the environment cannot be read.', route: expect.stringMatching(/^proxy /) });
  });
});
