import { describe, expect, it } from 'vitest';
import { DEMO_USER, NO_FAULTS } from '../../../emulators/civica-cx/index';
import { CANCEL, call, client, emulator, repairStep, signIn, testClock } from './helpers';
import { clockSleep, expectRepeatableErrorRate } from '../common-helpers';

describe('latency', () => {
  it('is spent before the request is processed, measured on the injected clock', async () => {
    const clock = testClock('2024-07-03T10:15:00.000Z');
    const { sleeps, sleep } = clockSleep(clock);
    const { emu } = await emulator({ sleep, faults: { latencyMs: 5_000 } }, clock);
    const reply = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    expect(reply.status).toBe(200);
    expect(sleeps).toEqual([5_000]);
    expect(reply.headers.get('date')).toBe('Wed, 03 Jul 2024 10:15:05 GMT');
    expect(reply.json.expiresAt).toBe('2024-07-03T12:15:05+01:00');
  });

  it("can carry a request past its token's expiry (401 TOKEN_EXPIRED)", async () => {
    const clock = testClock('2024-07-03T10:15:00.000Z');
    const { sleep } = clockSleep(clock);
    const { emu } = await emulator({ sleep, tokenLifetimeSeconds: 60 }, clock);
    const api = await client(emu);
    clock.advance(59_000);
    emu.setFaults({ latencyMs: 1_500 });
    expect((await api.get('/companies')).json.code).toBe('TOKEN_EXPIRED');
  });
});

describe('dropped connections', () => {
  it('dropRate 1 destroys the socket without answering, and raises nothing', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const before = emu.records('repairs').length;
    emu.setFaults({ dropRate: 1 });
    await expect(api.post('/NBH/repairs', repairStep(emu))).rejects.toThrow();
    expect(emu.records('repairs')).toHaveLength(before);
    expect(emu.requestLog().at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/NBH/repairs', status: 0 });
    emu.setFaults({ dropRate: 0 });
    expect((await api.get('/companies')).status).toBe(200);
  });

  it('dropAfterCommitRate 1 raises the repair but never answers (the unknown-outcome case)', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const before = emu.records('repairs').length;
    emu.setFaults({ dropAfterCommitRate: 1 });
    await expect(api.post('/NBH/repairs', repairStep(emu, { description: 'Unknown outcome repair' }))).rejects.toThrow();
    emu.clearFaults();
    expect(emu.records('repairs')).toHaveLength(before + 1);
    const listed = await api.get(`/NBH/contacts/${emu.demo!.contactId}/repairs?limit=1`);
    expect(listed.json[0].description).toBe('Unknown outcome repair');
  });
});

describe('error rate', () => {
  it('answers 500/502/503 at the given rate, repeating exactly for the same seed', async () => {
    await expectRepeatableErrorRate(async (seed) => {
      const { emu } = await emulator({ seed, empty: true });
      const token = await signIn(emu);
      emu.setFaults({ errorRate: 0.4 });
      return async () => (await call(emu, 'GET', '/api/v1/companies', { token })).status;
    });
  });

  it('answers JSON for 500 and a proxy HTML page for 502/503, and processes nothing', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const before = emu.records('repairs').length;
    emu.setFaults({ errorRate: 1 });
    const seen = new Map<number, string>();
    for (let i = 0; i < 30 && seen.size < 3; i++) {
      const reply = await api.post('/NBH/repairs', repairStep(emu));
      seen.set(reply.status, reply.headers.get('content-type')!);
    }
    expect(seen.get(500)).toMatch(/^application\/json/);
    expect(seen.get(502)).toMatch(/^text\/html/);
    expect(seen.get(503)).toMatch(/^text\/html/);
    expect(emu.records('repairs')).toHaveLength(before);
  });
});

describe('rate limit', () => {
  it('answers the next `count` requests with 429 and Retry-After, before the token is checked', async () => {
    const { emu } = await emulator({ faults: { rateLimit: { retryAfterSeconds: 30, count: 2 } } });
    const first = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    const second = await call(emu, 'GET', '/api/v1/companies');
    for (const reply of [first, second]) {
      expect(reply.status).toBe(429);
      expect(reply.headers.get('retry-after')).toBe('30');
      expect(reply.json.message).toBe('Too many requests');
    }
    expect(emu.faults().rateLimit).toBeNull();
    expect((await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER })).status).toBe(200);
  });

  it('does not count callers the allowlist refuses', async () => {
    const { emu } = await emulator({ allowlist: [], faults: { rateLimit: { retryAfterSeconds: 5, count: 1 } } });
    expect((await call(emu, 'GET', '/api/v1/companies')).status).toBe(403);
    expect(emu.faults().rateLimit).toEqual({ retryAfterSeconds: 5, count: 1 });
  });
});

describe('clock offset', () => {
  it('moves the Date header, token expiry and stamps', async () => {
    const clock = testClock('2024-07-03T10:15:00.000Z');
    const { emu } = await emulator({ faults: { clockOffsetMs: 90_000 } }, clock);
    expect(emu.serverNow()).toBe(clock.now() + 90_000);
    const reply = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    expect(reply.headers.get('date')).toBe('Wed, 03 Jul 2024 10:16:30 GMT');
    expect(reply.json.expiresAt).toBe('2024-07-03T12:16:30+01:00');
    const token = reply.json.token;
    emu.setFaults({ clockOffsetMs: 3_689_999 }); // the server jumps ahead to the last millisecond of the token's life
    expect((await call(emu, 'GET', '/api/v1/companies', { token })).status).toBe(200);
    emu.setFaults({ clockOffsetMs: 3_690_000 }); // ...and to its expiry
    expect((await call(emu, 'GET', '/api/v1/companies', { token })).json.code).toBe('TOKEN_EXPIRED');
    emu.setFaults({ clockOffsetMs: -3_600_000 });
    const api = await client(emu);
    const raised = await api.post('/NBH/repairs', repairStep(emu));
    expect((await api.get(`/NBH/repairs/${raised.json.repairReference}`)).json.createdAt).toBe('2024-07-03T10:15:00+01:00');
  });
});

describe('forced validation failure', () => {
  it('fails writes with 422 naming the field, until cleared', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.setFaults({ forceValidationFailure: { field: 'sorCode', message: 'is suspended' } });
    const raised = await api.post('/NBH/repairs', repairStep(emu));
    expect(raised.status).toBe(422);
    expect(raised.json).toEqual({ code: 'VALIDATION_FAILED', message: 'Validation failed: sorCode is suspended', errors: { sorCode: 'is suspended' } });
    expect((await api.post(`/NBH/works-orders/${emu.demo!.openWorksOrderReference}/cancel`, CANCEL)).status).toBe(422);
    expect((await api.get('/companies')).status).toBe(200); // reads are not writes
    emu.clearFaults();
    expect((await api.post('/NBH/repairs', repairStep(emu))).status).toBe(201);
  });

  it('can target one operation and a number of writes, and comes after existence checks', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.setFaults({ forceValidationFailure: { operation: 'cancelAppointment', field: 'reason', count: 1 } });
    expect((await api.post('/NBH/repairs', repairStep(emu))).status).toBe(201);
    expect((await api.post('/NBH/appointments/1/cancel', { reason: 'x' })).status).toBe(404);
    const first = await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'x' });
    expect(first.json.errors).toEqual({ reason: 'is not valid' });
    expect((await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'x' })).status).toBe(200);
    expect(emu.faults().forceValidationFailure).toBeNull();
  });
});

describe('setting knobs', () => {
  it('validates knobs, naming the one at fault', async () => {
    const { emu } = await emulator({ empty: true });
    expect(() => emu.setFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => emu.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => emu.setFaults({ rateLimit: { retryAfterSeconds: 5, count: 0 } })).toThrow(/rateLimit\.count/);
    expect(() => emu.setFaults({ forceValidationFailure: { field: 'bad field' } })).toThrow(/forceValidationFailure\.field/);
    expect(() => emu.setFaults({ forceValidationFailure: { operation: 'deleteRepair' as never, field: 'x' } })).toThrow(/forceValidationFailure\.operation/);
    expect(() => emu.setFaults({ latency: 5 } as never)).toThrow(/latency/);
    await expect(emulator({ faults: { dropRate: -0.1 } })).rejects.toThrow(/dropRate/);
  });

  it('merges partial knobs and clears them all', async () => {
    const { emu } = await emulator({ empty: true, faults: { latencyMs: 10 } });
    emu.setFaults({ errorRate: 0.5 });
    expect(emu.faults()).toEqual({ ...NO_FAULTS, latencyMs: 10, errorRate: 0.5 });
    emu.clearFaults();
    expect(emu.faults()).toEqual(NO_FAULTS);
  });
});
