import { describe, expect, it } from 'vitest';
import {
  classifyFetchError,
  classifyHttpStatus,
  CONNECTOR_ERROR_KINDS,
  ConnectorError,
  isRetryable,
  parseRetryAfter,
  RETRY_RULES,
} from '../../../../electron/engine/connectors/errors';

/** What node-fetch 3 throws for a system error: a FetchError copying the code. */
function fetchError(code: string, reason = code): Error {
  return Object.assign(new Error(`request to https://x.tascomi.com/rest/v1/complaints failed, reason: ${reason}`), { name: 'FetchError', type: 'system', code, errno: code });
}
/** What Node's global fetch (undici) throws: a TypeError with the system error as its cause. */
function undiciError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code }) });
}

describe('the retry table', () => {
  it('has one row per kind and says which are retryable', () => {
    expect(Object.keys(RETRY_RULES).sort()).toEqual([...CONNECTOR_ERROR_KINDS].sort());
    const retryable = CONNECTOR_ERROR_KINDS.filter((k) => isRetryable(k));
    expect(retryable.sort()).toEqual(['connection', 'rate_limit', 'remote', 'timeout']);
  });

  it('retries an authentication failure only when it was marked as at a minute boundary', () => {
    expect(new ConnectorError({ kind: 'authentication', status: 401 }).retryable).toBe(false);
    expect(new ConnectorError({ kind: 'authentication', status: 401, atMinuteBoundary: true }).retryable).toBe(true);
  });

  it('never retries validation, permission or not found, whatever else is set', () => {
    for (const kind of ['validation', 'permission', 'not_found'] as const) {
      expect(new ConnectorError({ kind, atMinuteBoundary: true }).retryable).toBe(false);
    }
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [401, 'authentication', false],
    [403, 'permission', false],
    [404, 'not_found', false],
    [400, 'validation', false],
    [422, 'validation', false],
    [408, 'timeout', true],
    [429, 'rate_limit', true],
    [500, 'remote', true],
    [502, 'remote', true],
    [503, 'remote', true],
  ] as const)('HTTP %i is %s (retryable: %s)', (status, kind, retryable) => {
    const error = classifyHttpStatus({ status, connector: 'tascomi' });
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
  });

  it('keeps the fields a validation answer names, and says them in the message', () => {
    const error = classifyHttpStatus({ status: 400, connector: 'tascomi', fields: { email: 'is not an email address' }, detail: 'Validation failed for contacts' });
    expect(error.fields).toEqual({ email: 'is not an email address' });
    expect(error.message).toMatch(/email - is not an email address/);
    expect(error.message).toMatch(/will not be retried/);
  });

  it('names the table a permission failure is about', () => {
    const error = classifyHttpStatus({ status: 403, connector: 'tascomi', table: 'complaints' });
    expect(error.table).toBe('complaints');
    expect(error.message).toMatch(/"complaints"/);
  });

  it("a 5xx leaves a write's outcome open; a 4xx does not", () => {
    expect(classifyHttpStatus({ status: 503 }).mayHaveApplied).toBe(true);
    expect(classifyHttpStatus({ status: 400 }).mayHaveApplied).toBe(false);
  });
});

describe('classifyFetchError', () => {
  it.each([
    ['ENOTFOUND', /server name could not be found/],
    ['EAI_AGAIN', /server name could not be found/],
    ['ECONNREFUSED', /refused/],
    ['ECONNRESET', /cut off/],
    ['EPIPE', /cut off/],
  ])('%s from node-fetch is a retryable connection failure with advice', (code, advice) => {
    const error = classifyFetchError(fetchError(code), { connector: 'tascomi' });
    expect(error.kind).toBe('connection');
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(advice);
  });

  it('reads the code from the cause chain of a global fetch error', () => {
    const error = classifyFetchError(undiciError('ECONNREFUSED'));
    expect(error).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', mayHaveApplied: false });
  });

  it('treats "socket hang up" as a reset whose outcome is unknown', () => {
    const error = classifyFetchError(new Error('socket hang up'));
    expect(error).toMatchObject({ kind: 'connection', code: 'ECONNRESET', mayHaveApplied: true });
  });

  it('a refused or unresolved connection never reached the server', () => {
    expect(classifyFetchError(fetchError('ENOTFOUND')).mayHaveApplied).toBe(false);
    expect(classifyFetchError(fetchError('ECONNREFUSED')).mayHaveApplied).toBe(false);
    expect(classifyFetchError(fetchError('ECONNRESET')).mayHaveApplied).toBe(true);
  });

  it('an abort or a system timeout is a timeout', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifyFetchError(abort).kind).toBe('timeout');
    expect(classifyFetchError(abort, { timedOut: true, timeoutMs: 250 })).toMatchObject({ kind: 'timeout', detail: 'no answer within 250 ms', retryable: true });
    expect(classifyFetchError(fetchError('ETIMEDOUT')).kind).toBe('timeout');
    expect(classifyFetchError(undiciError('UND_ERR_CONNECT_TIMEOUT'))).toMatchObject({ kind: 'timeout', mayHaveApplied: false });
  });

  it('explains a certificate failure (HTTPS inspection by a proxy) as a connection failure', () => {
    const error = classifyFetchError(fetchError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/certificate/);
    expect(error.mayHaveApplied).toBe(false);
  });

  it('anything unrecognised is a connection failure (retryable), not a crash', () => {
    expect(classifyFetchError('weird').kind).toBe('connection');
    expect(classifyFetchError(new Error('something odd')).retryable).toBe(true);
  });

  it('passes a ConnectorError through untouched', () => {
    const original = new ConnectorError({ kind: 'validation' });
    expect(classifyFetchError(original)).toBe(original);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-06-15T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 15 Jun 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 15 Jun 2026 09:00:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('messages', () => {
  it('every kind has a plain message', () => {
    for (const kind of CONNECTOR_ERROR_KINDS) {
      const message = new ConnectorError({ kind, connector: 'tascomi' }).message;
      expect(message.length).toBeGreaterThan(30);
      expect(message).not.toMatch(/undefined/);
    }
  });

  it('serialises without the cause or stack', () => {
    const json = new ConnectorError({ kind: 'rate_limit', retryAfterMs: 5000, cause: new Error('x') }).toJSON();
    expect(json).toMatchObject({ kind: 'rate_limit', retryable: true, retryAfterMs: 5000 });
    expect(json).not.toHaveProperty('cause');
    expect(json).not.toHaveProperty('stack');
  });
});
