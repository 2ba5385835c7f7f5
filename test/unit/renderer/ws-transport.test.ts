import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport } from '../../../renderer/src/api/ws-transport';
import type { ConnectionState } from '../../../renderer/src/api/transport';

/** A socket the test drives by hand: it opens, answers and drops when told to. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: { type: string; id: number; name: string; input: unknown }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
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
  drop() {
    this.readyState = 3;
    this.onclose?.();
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
    await expect(unanswered).rejects.toMatchObject({ code: 'timeout', message: 'getAppInfo: the engine did not answer within 1 s.' });
    const { t: t2 } = transport();
    const unsent = t2.request('getAppInfo', {});
    vi.advanceTimersByTime(1_000);
    await expect(unsent).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/could not be sent/) });
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
