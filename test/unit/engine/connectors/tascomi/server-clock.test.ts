import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../../../electron/engine/connectors/errors';
import { createTascomiClient } from '../../../../../electron/engine/connectors/tascomi/client';
import { createServerClock, minutePosition } from '../../../../../electron/engine/connectors/tascomi/server-clock';
import { tascomiAuthHeaders } from '../../../../../electron/engine/connectors/tascomi/signing';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';
import { manualClock } from '../../../../support/manual-clock';
import { DEMO_KEYS, startHarness, type Harness } from './harness';
import { startLocalServer, type LocalServer } from '../../../../support/local-server';

let h: Harness | undefined;
let local: LocalServer | undefined;
afterEach(async () => {
  await h?.close();
  await local?.close();
  h = undefined;
  local = undefined;
});

const httpDate = (ms: number) => new Date(ms).toUTCString(); // truncates to the second, as servers do

describe('the offset estimate from Date headers', () => {
  it('one answer bounds the offset to about a second; its midpoint is the send/receive midpoint', () => {
    const clock = fakeClock('2026-06-15T10:00:20.000Z');
    const sc = createServerClock({ clock });
    const sent = clock.now().toMillis();
    const received = sent + 200;
    const serverAtReply = sent + 100 + 40_300; // server 40.3 s ahead, stamped mid-flight
    expect(sc.observe(httpDate(serverAtReply), sent, received)).toBe(true);
    const b = sc.bounds()!;
    expect(b.lo).toBeLessThanOrEqual(40_300);
    expect(b.hi).toBeGreaterThanOrEqual(40_300);
    expect(b.hi - b.lo).toBe(1200); // 1 s of Date resolution + 200 ms round trip
    expect(sc.offsetMs()).toBe(Math.round((b.lo + b.hi) / 2));
  });

  it('answers at different phases of the second narrow it to the true offset', () => {
    const clock = fakeClock('2026-06-15T10:00:20.000Z');
    const sc = createServerClock({ clock });
    const trueOffset = 40_237;
    let t = clock.now().toMillis();
    for (let i = 0; i < 16; i++) {
      t += 1_000 + 137 * i; // a different phase each time
      const rtt = 20 + ((i * 7) % 30);
      sc.observe(httpDate(t + rtt / 2 + trueOffset), t, t + rtt);
    }
    expect(Math.abs(sc.offsetMs() - trueOffset)).toBeLessThan(60);
    expect(sc.uncertaintyMs()).toBeLessThan(100); // about the round trip: it cannot get better than that
  });

  it('follows a step in the server clock at once instead of averaging it away', () => {
    const clock = fakeClock('2026-06-15T10:00:20.000Z');
    const sc = createServerClock({ clock });
    let t = clock.now().toMillis();
    for (let i = 0; i < 10; i++, t += 1_337) sc.observe(httpDate(t + 5), t, t + 10);
    expect(Math.abs(sc.offsetMs())).toBeLessThan(600);
    t += 1_000;
    sc.observe(httpDate(t + 5 - 40_000), t, t + 10); // the server was corrected by 40 s
    expect(Math.abs(sc.offsetMs() + 40_000)).toBeLessThan(600);
  });

  it('ignores an answer without a usable Date', () => {
    const sc = createServerClock({ clock: fakeClock() });
    expect(sc.observe(null, 0, 1)).toBe(false);
    expect(sc.observe('yesterday-ish', 0, 1)).toBe(false);
    expect(sc.bounds()).toBeNull();
    expect(sc.offsetMs()).toBe(0);
  });
});

describe('the boundary guard', () => {
  it('knows where an instant sits in its minute', () => {
    expect(minutePosition(Date.parse('2026-06-15T10:00:59.250Z'))).toEqual({ sincePreviousMs: 59_250, untilNextMs: 750 });
  });

  it('waits past a boundary that is within the margin ahead, or just behind', async () => {
    const clock = fakeClock('2026-06-15T10:00:59.000Z');
    const sc = createServerClock({ clock }); // no answers yet: no uncertainty, no latency allowance
    expect(await sc.waitForSafeMoment()).toBe(2_500); // 1 s to the boundary + 1.5 s past it
    expect(clock.now().toISO()).toBe('2026-06-15T11:01:01.500+01:00');
    clock.set('2026-06-15T10:02:00.400Z');
    expect(await sc.waitForSafeMoment()).toBe(1_100);
    clock.set('2026-06-15T10:02:30.000Z');
    expect(await sc.waitForSafeMoment()).toBe(0);
    expect(clock.sleeps).toEqual([2_500, 1_100]);
  });

  it('stops waiting when the caller stops (the engine closing), without the wait passing', async () => {
    const clock = manualClock('2026-06-15T10:00:59.000Z');
    const sc = createServerClock({ clock });
    const stop = new AbortController();
    const waiting = sc.waitForSafeMoment(stop.signal);
    await settlesWithin(clock.sleeping(2_500), 'the guard starting its wait');
    stop.abort();
    await settlesWithin(waiting, 'the guard after its caller stopped');
    expect(clock.waiting()).toEqual([]);
    expect(clock.now().toISO()).toBe('2026-06-15T11:00:59.000+01:00');
  });

  it('uses the server-corrected time, and the margin is a setting', async () => {
    const clock = fakeClock('2026-06-15T10:00:19.000Z');
    const sc = createServerClock({ clock, boundaryMarginMs: 3_000 });
    const t = clock.now().toMillis();
    // Server 40.5 s ahead (measured precisely: two answers bracketing its second tick).
    sc.observe(httpDate(t + 40_500), t - 1, t + 1);
    sc.observe(httpDate(t + 40_500 + 499), t + 498, t + 500);
    expect(Math.abs(sc.offsetMs() - 40_500)).toBeLessThan(600);
    // Our 10:00:19 is the server's 10:00:59.5: too close to its boundary.
    const waited = await sc.waitForSafeMoment();
    expect(waited).toBeGreaterThan(3_000);
    const serverNow = clock.now().toMillis() + sc.offsetMs();
    expect(minutePosition(serverNow).sincePreviousMs).toBeGreaterThanOrEqual(3_000);
  });
});

describe('against the emulator on one fake clock', () => {
  it('estimates a server clock 40 s ahead from the 401 Date, re-signs once and carries on without further 401s', async () => {
    h = await startHarness({ start: '2026-06-15T10:00:30.000Z', emulator: { faults: { clockOffsetMs: 40_000 } } });
    // Our 10:00:30 is the server's 10:01:10: our first signature (minute 10:00) is refused.
    const page = await h.client.list('core_functions');
    expect(page.total).toBe(6);
    expect(h.emulator.requestLog().map((e) => e.status)).toEqual([401, 200]);
    expect(Math.abs(h.client.serverClockOffsetMs() - 40_000)).toBeLessThanOrEqual(1_000);
    for (let i = 0; i < 20; i++) {
      h.clock.advance(2_345);
      await h.client.list('core_functions');
    }
    expect(
      h.emulator
        .requestLog()
        .slice(2)
        .every((e) => e.status === 200),
    ).toBe(true);
    expect(Math.abs(h.client.serverClockOffsetMs() - 40_000)).toBeLessThan(200);
  });

  it.each([
    { name: 'server clock = client clock + 300 ms (transit as offset)', transitMs: 300, latencyMs: 0 },
    { name: '300 ms of latency in front of the server (the fake clock moves while in flight)', transitMs: 0, latencyMs: 300 },
  ])('sweeping send times across minute boundaries: a naive signer gets 401s, the client none ($name)', async ({ transitMs, latencyMs }) => {
    const clock = fakeClock('2026-06-15T10:00:20.000Z');
    h = await startHarness({
      clock,
      transitMs,
      // The emulator spends its latency by moving the same fake clock (not via sleep(), so
      // clock.sleeps holds only the client's boundary waits).
      emulator: latencyMs ? { faults: { latencyMs }, sleep: async (ms) => clock.advance(ms) } : {},
    });
    const { emulator } = h;
    const boundaries = [1, 2, 3, 4, 5].map((m) => Date.parse(`2026-06-15T10:0${m}:00.000Z`));
    const points = boundaries.flatMap((b) => Array.from({ length: 61 }, (_, i) => b - 3_000 + i * 100));
    const url = `${emulator.baseUrl}/v1/core_functions?page=1`;

    // The naive signer: our clock as it is, no guard, no correction.
    let naive401 = 0;
    for (const at of points) {
      clock.set(new Date(at).toISOString());
      const { headers } = tascomiAuthHeaders(DEMO_KEYS.publicKey, DEMO_KEYS.privateKey, clock.now(), 'Europe/London');
      const res = await fetch(url, { headers });
      await res.text();
      if (res.status === 401) naive401++;
      else expect(res.status).toBe(200);
    }
    // Signed in the last 300 ms of a minute, checked in the next: -300, -200, -100 ms at 5 boundaries.
    expect(naive401).toBe(15);

    // The client: learns the server clock from one answer, then sweeps the same times.
    clock.set('2026-06-15T10:00:20.000Z');
    await h.client.list('core_functions');
    emulator.clearRequestLog();
    clock.sleeps.length = 0;
    for (const at of points) {
      clock.set(new Date(at).toISOString());
      await expect(h.client.list('core_functions')).resolves.toMatchObject({ total: 6 });
    }
    const statuses = emulator.requestLog().map((e) => e.status);
    expect(statuses).toHaveLength(points.length);
    expect(statuses.filter((s) => s === 401)).toHaveLength(0);
    // It got there by waiting on the injected clock near boundaries (and only there).
    const waits = clock.sleeps;
    expect(waits.length).toBeGreaterThan(points.length / 3);
    expect(waits.length).toBeLessThan(points.length);
    expect(waits.every((ms) => ms > 0 && ms < 6_000)).toBe(true);
  });

  it('marks a final 401 as a minute-boundary failure (retryable) when the server answered in another minute than we signed', async () => {
    const clock = fakeClock('2026-06-15T10:00:20.000Z');
    let jump = 0;
    // A server whose clock keeps jumping a minute ahead: every signature lands in the wrong minute.
    local = await startLocalServer((_req, res) => {
      jump += 60_000;
      res.writeHead(401, { 'Content-Type': 'application/json', Date: httpDate(clock.now().toMillis() + jump) });
      res.end(JSON.stringify({ message: 'Authentication failures, invalid public key or HMAC' }));
    });
    const client = createTascomiClient({ baseUrl: local.baseUrl, ...DEMO_KEYS, clock, proxyEnv: {} });
    const error = await client.list('core_functions').then(
      () => {
        throw new Error('expected a 401');
      },
      (e: unknown) => e as ConnectorError,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'authentication', atMinuteBoundary: true, retryable: true });
    expect(error.message).toMatch(/minute boundary/);
    expect(local.requests).toHaveLength(2);
    client.close();
  });
});
