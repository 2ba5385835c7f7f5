import { describe, expect, it } from 'vitest';
import { explainTascomiRedirect } from '../../../../../electron/engine/connectors/tascomi/redirect';

const OLD = 'https://my-council.tascomi.com/rest';

describe('explaining a redirect from Tascomi', () => {
  it('to *.idoxcloud.com (or *.tascomi.com) with the API path: the base URL to save, without the version part', () => {
    expect(explainTascomiRedirect(301, OLD, 'https://my-council.idoxcloud.com/rest/v1/complaints/12?x=1')).toBe(
      "Tascomi moved this council to https://my-council.idoxcloud.com/rest: save that as the API base url on the Connections page (HTTP 301 from my-council.tascomi.com). The redirect was not followed: casebridge's requests are signed with the API keys, which go only to the saved address.",
    );
    expect(explainTascomiRedirect(308, OLD, 'https://other.tascomi.com/api/rest/v1')).toMatch(/^Tascomi moved this council to https:\/\/other\.tascomi\.com\/api\/rest:/);
  });

  it('a Tascomi host that is not an https API address is not offered as the base URL', () => {
    expect(explainTascomiRedirect(302, OLD, 'https://my-council.idoxcloud.com/login')).toMatch(
      /^Tascomi redirected the request to https:\/\/my-council\.idoxcloud\.com\/login .*not an https API address/,
    );
    expect(explainTascomiRedirect(302, OLD, 'http://my-council.idoxcloud.com/rest/v1/complaints')).not.toMatch(/moved this council/);
  });

  it('any other host, a relative or missing or unreadable Location: named, never suggested, never followed', () => {
    for (const location of ['https://my-council.idoxcloud.com.evil.example/rest/v1/x', 'https://sso.example.net/login']) {
      const message = explainTascomiRedirect(302, OLD, location);
      expect(message, location).toMatch(/which is not a Tascomi or Idox Cloud address/);
      expect(message, location).toMatch(/do not use it as the API base url unless the Tascomi administrator confirms it/);
    }
    expect(explainTascomiRedirect(302, 'http://127.0.0.1:8080/rest', '/rest/v2/x')).toMatch(/to 127\.0\.0\.1, which is not a Tascomi/);
    expect(explainTascomiRedirect(307, OLD, null)).toMatch(/^Tascomi redirected the request \(HTTP 307\) without saying where\..*not followed/);
    expect(explainTascomiRedirect(307, OLD, 'http://[bad')).toMatch(/to an address that cannot be read/);
  });
});
