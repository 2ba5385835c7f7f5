/**
 * The redaction skeleton alone, with plain rules a test can read: what it does itself (the request
 * line, secret headers, the answer's status and shown headers, a list by its ids, a body that is
 * empty or not JSON) and that everything else is the connector's rule.
 */
import { describe, expect, it } from 'vitest';
import { errorWords, redactRequestWith, redactResponseWith, type RequestRules, type ResponseRules } from '../../../../../electron/engine/connectors/http/redact';

const requestRules: RequestRules<string> = {
  secretHeaders: ['X-Signature'],
  describeQuery: (pairs) => pairs.map(([k]) => `${k}=*`).join('&'),
  describeBody: (body) => `${body.length} chars`,
};

const responseRules: ResponseRules = {
  shownResponseHeaders: ['date', 'x-total'],
  idOf: (record) => (record && typeof record === 'object' && 'ref' in record ? String((record as { ref: unknown }).ref) : undefined),
  describeObject: (record) => `object with ${Object.keys(record).length} key(s)`,
};

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe('the request for the log', () => {
  it('keeps the method and address, describes the query and body by the connector’s rules', () => {
    const text = redactRequestWith(requestRules, { method: 'post', url: 'https://user:pw@remote.example/api/things?name=Okafor&page=2', body: 'a=1&b=2' });
    expect(text).toBe('POST https://remote.example/api/things?name=*&page=*\nbody: 7 chars');
  });

  it('never shows credentials: the usual headers and the connector’s secret ones are left out, or masked when the rules say so', () => {
    const request = {
      method: 'GET',
      url: 'https://remote.example/api',
      headers: { Accept: 'application/json', Authorization: 'Bearer abc', Cookie: 's=1', 'x-signature': 'deadbeef' },
    };
    expect(redactRequestWith(requestRules, request)).toBe('GET https://remote.example/api\nAccept: application/json');
    expect(redactRequestWith({ ...requestRules, maskSecretHeaders: true }, request)).toBe(
      'GET https://remote.example/api\nAccept: application/json; Authorization: [redacted]; Cookie: [redacted]; x-signature: [redacted]',
    );
  });

  it('an address it cannot read is named so, not shown', () => {
    expect(redactRequestWith(requestRules, { method: 'GET', url: 'not a url with secret=1' })).toBe('GET [unreadable URL]');
  });
});

describe('the answer for the log', () => {
  it('the status and only the headers worth showing, in the rules’ order', () => {
    const text = redactResponseWith(responseRules, { status: 204, headers: headers({ 'x-total': '3', 'set-cookie': 's=1', date: 'Mon, 15 Jun 2026 10:00:21 GMT' }) });
    expect(text).toBe('HTTP 204\ndate: Mon, 15 Jun 2026 10:00:21 GMT; x-total: 3\nbody: empty');
  });

  it('a list by its records’ ids, twenty at most', () => {
    const list = Array.from({ length: 25 }, (_, i) => (i === 1 ? { other: 1 } : { ref: `R${i}`, name: 'Okafor' }));
    const text = redactResponseWith(responseRules, { status: 200, body: JSON.stringify(list) });
    expect(text).toBe(`HTTP 200\nbody: 25 record(s), ids R0, ?, ${Array.from({ length: 18 }, (_, i) => `R${i + 2}`).join(', ')}, ...`);
    expect(text).not.toContain('Okafor');
    expect(redactResponseWith(responseRules, { status: 200, body: '[]' })).toBe('HTTP 200\nbody: 0 record(s)');
  });

  it('an object as the connector describes it; a bare value shortened', () => {
    expect(redactResponseWith(responseRules, { status: 200, body: '{"a":1,"b":2}' })).toBe('HTTP 200\nbody: object with 2 key(s)');
    expect(redactResponseWith(responseRules, { status: 200, body: JSON.stringify('x'.repeat(500)) })).toBe(`HTTP 200\nbody: "${'x'.repeat(199)}`);
  });

  it('a body that is not JSON by its length only, unless the rules show its start', () => {
    const page = '<html><title>Proxy login</title></html>';
    expect(redactResponseWith(responseRules, { status: 200, body: page })).toBe(`HTTP 200\nbody: not JSON, ${page.length} chars`);
    expect(redactResponseWith({ ...responseRules, showNonJson: true }, { status: 200, body: page })).toBe(`HTTP 200\nbody: not JSON, ${page.length} chars: ${page}`);
  });
});

describe('an error answer’s words', () => {
  it('its message and its per-field reasons', () => {
    expect(errorWords({ message: 'Validation failed', errors: { email: ['is not an email'] } })).toBe('message: "Validation failed" errors: {"email":["is not an email"]}');
    expect(errorWords({ errors: 'bad' })).toBe('message: ""');
  });
});
