import { describe, expect, it, vi } from 'vitest';
import { headerNumber, isSuccess, readJson, redirectFailure, unreadableFailure } from '../../../../../electron/engine/connectors/http/answer';
import type { HttpAnswer } from '../../../../../electron/engine/connectors/http/send';

function answer(status: number, headers: Record<string, string> = {}, text = ''): HttpAnswer & { redactions: () => number } {
  const response = vi.fn(() => `HTTP ${status} (redacted)`);
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    text,
    request: 'GET https://remote.example/api/things',
    response,
    sentAtMs: 0,
    receivedAtMs: 0,
    redactions: () => response.mock.calls.length,
  };
}

const WORDS = { remote: 'Remote', urlSetting: 'API URL' };

describe('reading an answer', () => {
  it('success is a 2xx only', () => {
    expect([199, 200, 204, 299, 300, 404].map(isSuccess)).toEqual([false, true, true, true, false, false]);
  });

  it('a number header is a number, or null when absent, blank or not a number', () => {
    const headers = answer(200, { 'x-total': ' 42 ', blank: ' ', word: 'many' }).headers;
    expect(headerNumber(headers, 'X-Total')).toBe(42);
    expect(headerNumber(headers, 'blank')).toBeNull();
    expect(headerNumber(headers, 'word')).toBeNull();
    expect(headerNumber(headers, 'missing')).toBeNull();
  });

  it('a body is JSON, or named for what it is instead', () => {
    expect(readJson('{"id":1}')).toEqual({ ok: true, value: { id: 1 } });
    expect(readJson('null')).toEqual({ ok: true, value: null });
    expect(readJson('  \n')).toEqual({ ok: false, what: 'an empty body' });
    expect(readJson('<html><title>Proxy login</title></html>')).toEqual({ ok: false, what: 'something that is not JSON' });
  });

  it('a redirect is a validation failure of the base URL that names where it points', () => {
    const moved = answer(301, { location: 'https://new.example/api' });
    expect(redirectFailure(moved, WORDS)).toEqual({
      kind: 'validation',
      status: 301,
      message: 'Remote redirected the request to https://new.example/api (HTTP 301). Check the API URL: it may need to be the address it redirects to.',
      fields: { baseUrl: 'redirected' },
      request: moved.request,
      response: 'HTTP 301 (redacted)',
    });
    expect(redirectFailure(answer(307), WORDS)!.message).toBe('Remote redirected the request (HTTP 307). Check the API URL.');
  });

  it('any other answer is no redirect, and is not redacted for asking', () => {
    for (const status of [200, 299, 400, 500]) {
      const a = answer(status);
      expect(redirectFailure(a, WORDS)).toBeUndefined();
      expect(a.redactions()).toBe(0);
    }
  });

  it('an unreadable answer is a remote failure that points at proxies and the address setting', () => {
    const page = answer(200, {}, '<html/>');
    expect(unreadableFailure(page, WORDS, 'something that is not JSON')).toEqual({
      kind: 'remote',
      status: 200,
      message:
        'Remote answered with something that is not JSON (HTTP 200). If this keeps happening, a proxy or login page may be in the way; check the API URL and the proxy settings.',
      request: page.request,
      response: 'HTTP 200 (redacted)',
    });
  });
});
