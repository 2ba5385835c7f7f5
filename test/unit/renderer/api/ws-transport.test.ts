import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport } from '../../../../renderer/src/api/ws-transport';
import type { ConnectionState } from '../../../../renderer/src/api/transport';
import { PART_CHARS } from '../../../../shared/call-parts';
import { nested } from '../../../support/boundary-arbitraries';

/** A socket the test drives by hand: it opens, answers and drops when told to. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: { type: string; id: number; name?: string; input?: unknown; index?: number; count?: number; length?: number; text?: string }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event?: { code: number; reason?: string }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code?: number, reason?: string) {
    this.readyState = 3;
    this.onclose?.(code === undefined ? undefined : { code, ...(reason === undefined ? {} : { reason }) });
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

const latest = () => FakeSocket.made.at(-1)!;
function transport(url: string | null = 'ws://127.0.0.1:1/ws?token=t') {
  const states: ConnectionState[] = [];
  const t = createWebSocketTransport({
    url,
    callTimeoutMs: 1_000,
    firstRetryMs: 100,
    maxRetryMs: 400,
    createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
  });
  t.onStateChange((s) => states.push(s));
  return { t, states };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the console WebSocket transport', () => {
  it('sends calls made while connecting once the socket opens, and matches answers by id', async () => {
    const { t, states } = transport();
    const prefs = t.request('getPreferences', undefined);
    const info = t.request('getAppInfo', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(states).toEqual(['open']);
    const [first, second] = latest().sent;
    expect(first).toEqual({ type: 'call', id: first!.id, name: 'getPreferences', input: {} });
    latest().receive({ type: 'result', id: second!.id, result: { ok: true, value: { version: '1' } } });
    latest().receive({ type: 'result', id: first!.id, result: { ok: false, error: { code: 'failed', message: 'no' } } });
    expect(await info).toEqual({ ok: true, value: { version: '1' } });
    expect(await prefs).toEqual({ ok: false, error: { code: 'failed', message: 'no' } });
    t.close();
  });

  it('hands events to their listeners, and ignores frames it does not understand', () => {
    const { t } = transport();
    latest().open();
    const heard: unknown[] = [];
    const off = t.on('log', (entry) => heard.push(entry));
    latest().receive({ type: 'event', name: 'log', payload: { id: 1 } });
    latest().receive({ type: 'event', name: 'fromTheFuture', payload: {} });
    latest().receive('not json');
    latest().receive({ type: 'result' });
    off();
    latest().receive({ type: 'event', name: 'log', payload: { id: 2 } });
    expect(heard).toEqual([{ id: 1 }]);
    t.close();
  });

  it('says the connection is lost, fails calls in flight with why, and reconnects with backoff', async () => {
    const { t, states } = transport();
    latest().open();
    const inFlight = t.request('getAppInfo', {});
    latest().drop();
    await expect(inFlight).rejects.toMatchObject({ code: 'not_connected', message: expect.stringMatching(/dropped before it answered/) });
    expect(states).toEqual(['open', 'reconnecting']);
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.made).toHaveLength(2);
    latest().drop(); // the host is still down
    vi.advanceTimersByTime(99); // the second delay is longer (between 100 and 200 ms)
    expect(FakeSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(101);
    expect(FakeSocket.made).toHaveLength(3);
    latest().open();
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    t.close();
  });

  it('treats a session that never opens as refused and says so to waiting calls', async () => {
    const { t, states } = transport();
    const waiting = t.request('getAppInfo', {});
    latest().drop();
    vi.advanceTimersByTime(100);
    latest().drop();
    expect(states).toEqual(['unauthorised']);
    await expect(waiting).rejects.toMatchObject({ code: 'not_connected', message: expect.stringMatching(/no session/) });
    t.close();
  });

  it('starts refused when the page has no token, without trying to connect', async () => {
    const { t } = transport(null);
    expect(t.state).toBe('unauthorised');
    expect(FakeSocket.made).toHaveLength(0);
    await expect(t.request('getAppInfo', {})).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('times out a call the engine never answers, saying which', async () => {
    const { t } = transport();
    latest().open();
    const unanswered = t.request('getAppInfo', {});
    vi.advanceTimersByTime(1_000);
    await expect(unanswered).rejects.toMatchObject({ code: 'timeout', message: 'Could not read the application details: the engine did not answer within 1 s.' });
    const { t: t2 } = transport();
    const unsent = t2.request('getAppInfo', {});
    vi.advanceTimersByTime(1_000);
    await expect(unsent).rejects.toMatchObject({ code: 'timeout', message: 'Could not read the application details: it was never sent: no connection to the engine for 1 s.' });
    t.close();
    t2.close();
  });
});

describe('answers to calls that return nothing', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.useFakeTimers();
  });
  it('resolve: JSON drops an undefined value, so `{ok: true}` alone is a complete answer', async () => {
    const { t } = transport();
    latest().open();
    const deleted = t.request('deleteTemplate', { id: 1 });
    latest().receive({ type: 'result', id: latest().sent[0]!.id, result: { ok: true } });
    expect(await deleted).toEqual({ ok: true });
    t.close();
  });
});

describe('a call too large for one frame', () => {
  const parts = () => latest().sent.filter((f) => f.type === 'part');
  const ack = (id: number, index: number) => latest().receive({ type: 'partReceived', id, index });
  const content = 'x'.repeat(6 * PART_CHARS);

  it('goes in numbered parts, four ahead of the engine, reporting progress, and joins back to the call', async () => {
    const { t } = transport();
    latest().open();
    const progress: number[] = [];
    const imported = t.request('importCases', { content }, { onProgress: (f) => progress.push(f) });
    expect(parts()).toHaveLength(4);
    const { id, count, length } = parts()[0]!;
    expect(count).toBe(7);
    for (let i = 0; i < count!; i++) ack(id, i);
    expect(parts().map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => n / 7));
    const text = parts()
      .map((p) => p.text)
      .join('');
    expect(text.length).toBe(length);
    expect(JSON.parse(text)).toEqual({ type: 'call', id, name: 'importCases', input: { content } });
    latest().receive({ type: 'result', id, result: { ok: true, value: [] } });
    expect(await imported).toEqual({ ok: true, value: [] });
    t.close();
  });

  it('sends large calls one after another, and small ones at once in between', async () => {
    const { t } = transport();
    latest().open();
    const first = t.request('importCases', { content });
    const second = t.request('importCases', { content: content + 'y' });
    const small = t.request('getAppInfo', {});
    const ids = new Set(parts().map((p) => p.id));
    expect(ids.size).toBe(1);
    expect(latest().sent.some((f) => f.type === 'call' && f.name === 'getAppInfo')).toBe(true);
    const firstId = parts()[0]!.id;
    for (let i = 0; i < 7; i++) ack(firstId, i);
    const secondParts = parts().filter((p) => p.id !== firstId);
    expect(secondParts.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    t.close();
    await Promise.allSettled([first, second, small]);
  });

  it('times out saying how far it got when the engine stops taking parts', async () => {
    const { t } = transport();
    latest().open();
    const imported = t.request('importCases', { content });
    ack(parts()[0]!.id, 0);
    vi.advanceTimersByTime(1_000);
    await expect(imported).rejects.toMatchObject({ code: 'timeout', message: 'Could not import the cases: the engine received 1 of its 7 parts, then nothing more for 1 s.' });
    t.close();
  });

  it('waits longer for the answer once every part is in, as the engine works on a large call', async () => {
    const { t } = transport();
    latest().open();
    const imported = t.request('importCases', { content });
    for (let i = 0; i < 7; i++) ack(parts()[0]!.id, i);
    let settled = false;
    imported.catch(() => {}).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(imported).rejects.toMatchObject({ code: 'timeout', message: 'Could not import the cases: the engine did not answer within 2 s.' });
    t.close();
  });

  it('says it did not run when the connection dropped before all its parts were sent', async () => {
    const { t } = transport();
    latest().open();
    const imported = t.request('importCases', { content });
    latest().drop();
    await expect(imported).rejects.toMatchObject({
      code: 'not_connected',
      message: 'Could not import the cases: the connection to the engine dropped before it answered; it did not run.',
    });
    t.close();
  });

  it('is refused before sending when the engine could never take it, or JSON cannot write it', async () => {
    const { t } = transport();
    latest().open();
    await expect(t.request('importCases', { content: '\u0000'.repeat(20_001_000) })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /^Could not import the cases: it was not sent: it is 120,006,\d{3} characters of JSON, more than the 120,002,560 the engine accepts in one call\.$/,
      ),
    });
    await expect(t.request('submitCase', nested(100_000, 'array') as never)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^Could not submit the case: it was not sent: its input cannot be written as JSON/),
    });
    expect(latest().sent).toEqual([]);
    t.close();
  });
});

describe('a connection the engine closes on purpose', () => {
  it.each([
    [
      1009,
      'Could not import the template: the engine closed the connection because the console sent a message larger than it accepts (1 MiB) before it answered; the call may or may not have run.',
    ],
    [
      1007,
      'Could not import the template: the engine closed the connection because the console sent a message that was not valid UTF-8 text before it answered; the call may or may not have run.',
    ],
  ])('tells the calls it cut off why (close code %i)', async (code, message) => {
    const { t } = transport();
    latest().open();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cutOff = t.request('importTemplate', { content: '{}' });
    latest().drop(code);
    await expect(cutOff).rejects.toMatchObject({ code: 'not_connected', message });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`(close code ${code})`));
    warn.mockRestore();
    t.close();
  });
});

describe('a session that ends (close code 4401)', () => {
  function signedInTransport() {
    const reasons: string[] = [];
    const states: ConnectionState[] = [];
    const t = createWebSocketTransport({
      url: 'wss://casebridge.council.example/ws',
      callTimeoutMs: 1_000,
      firstRetryMs: 100,
      maxRetryMs: 400,
      createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
      onSignedOut: (reason) => reasons.push(reason),
    });
    t.onStateChange((s) => states.push(s));
    return { t, reasons, states };
  }

  it('passes the reason on, fails what was in flight in words, and never reconnects', async () => {
    const { t, reasons, states } = signedInTransport();
    latest().open();
    const cutOff = t.request('retryJob', { id: 7 });
    latest().drop(4401, 'your account was disabled by Sam Patel');
    expect(reasons).toEqual(['your account was disabled by Sam Patel']);
    expect(states).toEqual(['open', 'unauthorised']);
    await expect(cutOff).rejects.toMatchObject({ code: 'not_connected', message: expect.stringContaining('you were signed out before it answered') });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.made).toHaveLength(1);
    await expect(t.request('getPreferences', undefined)).rejects.toMatchObject({ code: 'not_connected' });
    t.close();
  });

  it('says the session ended when the host gave no reason', () => {
    const { t, reasons } = signedInTransport();
    latest().open();
    latest().drop(4401, '   ');
    expect(reasons).toEqual(['your session ended.']);
    t.close();
  });

  it('still reconnects after any other close', async () => {
    const { t, reasons } = signedInTransport();
    latest().open();
    latest().drop(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.made.length).toBeGreaterThan(1);
    expect(reasons).toEqual([]);
    t.close();
  });
});
