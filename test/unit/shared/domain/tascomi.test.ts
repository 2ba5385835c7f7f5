import { describe, expect, it } from 'vitest';
import { checkTascomiBaseUrl, isTascomiHost, tascomiBaseUrlOf } from '../../../../shared/domain/tascomi';

describe('the Tascomi base URL advice', () => {
  it('knows both domains: *.tascomi.com and *.idoxcloud.com (councils were moved in 2025)', () => {
    for (const host of ['my-council.tascomi.com', 'my-council.idoxcloud.com', 'MY-COUNCIL.IDOXCLOUD.COM']) expect(isTascomiHost(host), host).toBe(true);
    for (const host of ['tascomi.com.example.net', 'idoxcloud.com.evil.test', 'notidoxcloud.com', 'login.example.net', '127.0.0.1']) expect(isTascomiHost(host), host).toBe(false);
    expect(checkTascomiBaseUrl('https://my-council.idoxcloud.com/rest/')).toEqual({ ok: true, baseUrl: 'https://my-council.idoxcloud.com/rest' });
    expect(checkTascomiBaseUrl('https://my-council.tascomi.com/rest')).toEqual({ ok: true, baseUrl: 'https://my-council.tascomi.com/rest' });
    expect(checkTascomiBaseUrl('https://my-council.idoxcloud.com/rest/v1/complaints')).toEqual({
      ok: false,
      reason: 'Remove "/v1/complaints" from the API base url: casebridge adds the version (/v1/) itself. Use https://my-council.idoxcloud.com/rest',
    });
    const empty = checkTascomiBaseUrl('');
    expect(empty.ok ? '' : empty.reason).toMatch(/https:\/\/my-council\.idoxcloud\.com\/rest .*\.tascomi\.com/);
  });

  it('the base URL of an API address: up to the version part, on https only', () => {
    expect(tascomiBaseUrlOf(new URL('https://a.idoxcloud.com/rest/v1/complaints?page=2'))).toBe('https://a.idoxcloud.com/rest');
    expect(tascomiBaseUrlOf(new URL('https://a.idoxcloud.com/rest/v2'))).toBe('https://a.idoxcloud.com/rest');
    expect(tascomiBaseUrlOf(new URL('https://a.idoxcloud.com/login'))).toBeUndefined();
    expect(tascomiBaseUrlOf(new URL('http://a.idoxcloud.com/rest/v1/x'))).toBeUndefined();
  });
});
