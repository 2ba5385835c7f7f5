/**
 * The DNS step alone, with an injected lookup: found, not found, no answer in time, stopped.
 */
import { describe, expect, it } from 'vitest';
import { lookUpName, type Lookup } from '../../../../../electron/engine/network/diagnosis/dns-step';
import { settlesWithin } from '../../../../support/hang-guard';

const direct = { dial: { host: 'tascomi.council.example', port: 443, what: 'tascomi.council.example:443' } };
const viaProxy = { dial: { host: 'proxy.council.local', port: 8080, what: 'the proxy proxy.council.local:8080' }, proxy: new URL('http://proxy.council.local:8080') };
const options = (lookup: Lookup, timeoutMs = 2_000, signal?: AbortSignal) => ({ label: 'Tascomi', limits: { timeoutMs, signal }, lookup });
const never: Lookup = () => new Promise(() => {});

describe('the DNS step', () => {
  it('answers every address found, in the order given', async () => {
    const found = await lookUpName(
      direct,
      options(async () => [
        { address: '2001:db8::7', family: 6 },
        { address: '192.0.2.7', family: 4 },
      ]),
    );
    expect(found.addresses).toEqual(['2001:db8::7', '192.0.2.7']);
    expect(found.step).toMatchObject({ name: 'dns', status: 'ok', detail: 'tascomi.council.example is 2001:db8::7, 192.0.2.7.' });
  });

  it('skips an IP address without asking DNS', async () => {
    const found = await lookUpName(
      { dial: { host: '192.0.2.7', port: 443, what: '192.0.2.7:443' } },
      options(() => Promise.reject(new Error('asked'))),
    );
    expect(found).toMatchObject({ addresses: ['192.0.2.7'], step: { status: 'skipped', detail: '192.0.2.7 is an IP address: there is no name to look up.' } });
  });

  it('a name not found (or with no addresses) says what to check: the address, or the proxy variable', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    await expect(
      lookUpName(
        direct,
        options(() => Promise.reject(notFound)),
      ),
    ).rejects.toMatchObject({
      step: 'dns',
      detail: 'The name tascomi.council.example was not found (ENOTFOUND).',
      advice: expect.stringMatching(/^Check the address of Tascomi for typing errors\..*HTTPS_PROXY/),
    });
    await expect(
      lookUpName(
        viaProxy,
        options(async () => []),
      ),
    ).rejects.toMatchObject({
      detail: 'The name proxy.council.local was not found (ENOTFOUND).',
      advice: expect.stringMatching(/^Check the proxy address in HTTPS_PROXY/),
    });
  });

  it('gives up when DNS does not answer in time', async () => {
    await expect(lookUpName(direct, options(never, 50))).rejects.toMatchObject({
      detail: 'The name tascomi.council.example could not be looked up: DNS did not answer within 0.05 s.',
      advice: expect.stringMatching(/DNS servers/),
    });
  });

  it('stops at once when the diagnosis is stopped, however long the step may take', async () => {
    const controller = new AbortController();
    const waiting = lookUpName(direct, options(never, 60_000, controller.signal));
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped lookup')).rejects.toMatchObject({ step: 'dns', detail: expect.stringMatching(/ABORT_ERR/) });
  });
});
