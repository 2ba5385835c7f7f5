import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../../emulators/tascomi/index';
import { call, emulator, testClock, validComplaint } from './helpers';
import { clockSleep, expectRepeatableErrorRate } from '../common-helpers';

describe('latency', () => {
  it('is spent before the request is processed, measured on the injected clock', async () => {
    const clock = testClock('2024-01-15T14:32:00.000Z');
    const { sleeps, sleep } = clockSleep(clock);
    const { emu } = await emulator({ sleep, faults: { latencyMs: 5_000 } }, clock);
    const reply = await call(emu, 'GET', '/v1/titles');
    expect(reply.status).toBe(200);
    expect(sleeps).toEqual([5_000]);
    expect(reply.headers.get('date')).toBe('Mon, 15 Jan 2024 14:32:05 GMT');
    expect(emu.requestLog()[0]!.at).toBe(Date.parse('2024-01-15T14:32:05.000Z'));
  });

  it('can carry a request signed near the end of a minute into the next one (401, as on the real service)', async () => {
    const clock = testClock('2024-01-15T14:32:59.000Z');
    const { sleep } = clockSleep(clock);
    const { emu } = await emulator({ sleep }, clock);
    emu.setFaults({ latencyMs: 1_500 });
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(401);
    emu.clearFaults();
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
  });
});

describe('dropped connections', () => {
  it('dropRate 1 destroys the socket without answering, and processes nothing', async () => {
    const { emu } = await emulator({ faults: { dropRate: 1 } });
    await expect(call(emu, 'PUT', '/v1/complaints', { form: validComplaint() })).rejects.toThrow();
    expect(emu.records('complaints')).toHaveLength(6);
    expect(emu.requestLog()).toEqual([expect.objectContaining({ method: 'PUT', path: '/rest/v1/complaints', status: 0 })]);
    emu.setFaults({ dropRate: 0 });
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
  });

  it('dropAfterCommitRate 1 stores the create but never answers (the unknown-outcome case)', async () => {
    const { emu } = await emulator({ faults: { dropAfterCommitRate: 1 } });
    await expect(call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ external_reference: 'CASE-9' }) })).rejects.toThrow();
    emu.clearFaults();
    const found = await call(emu, 'GET', '/v1/complaints?external_reference=CASE-9');
    expect(found.json).toHaveLength(1);
  });
});

describe('error rate', () => {
  it('answers 500/502/503 at the given rate, repeating exactly for the same seed', async () => {
    await expectRepeatableErrorRate(async (seed) => {
      const { emu } = await emulator({ seed, faults: { errorRate: 0.4 } });
      return async () => (await call(emu, 'GET', '/v1/titles')).status;
    });
  });

  it('answers JSON for 500 and a proxy HTML page for 502/503, and processes nothing', async () => {
    const { emu } = await emulator({ faults: { errorRate: 1 } });
    const seen = new Map<number, string>();
    for (let i = 0; i < 30 && seen.size < 3; i++) {
      const reply = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
      seen.set(reply.status, reply.headers.get('content-type')!);
    }
    expect(seen.get(500)).toMatch(/^application\/json/);
    expect(seen.get(502)).toMatch(/^text\/html/);
    expect(seen.get(503)).toMatch(/^text\/html/);
    expect(emu.records('complaints')).toHaveLength(6);
  });
});

describe('rate limit', () => {
  it('answers the next `count` requests with 429 and Retry-After, before authentication', async () => {
    const { emu } = await emulator({ faults: { rateLimit: { retryAfterSeconds: 30, count: 2 } } });
    const first = await call(emu, 'GET', '/v1/titles');
    const second = await call(emu, 'GET', '/v1/titles', { unsigned: true });
    for (const reply of [first, second]) {
      expect(reply.status).toBe(429);
      expect(reply.headers.get('retry-after')).toBe('30');
      expect(reply.json.message).toBe('Too many requests');
    }
    expect(emu.faults().rateLimit).toBeNull();
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
  });
});

describe('clock offset', () => {
  it('moves the Date header and the minute authentication checks', async () => {
    const clock = testClock('2024-01-15T14:32:10.000Z');
    const { emu } = await emulator({ faults: { clockOffsetMs: 90_000 } }, clock);
    expect(emu.serverNow()).toBe(clock.now() + 90_000);
    // A client signing with its own clock is a minute behind the server: 401.
    const naive = await call(emu, 'GET', '/v1/titles', { signAt: clock.now() });
    expect(naive.status).toBe(401);
    expect(naive.headers.get('date')).toBe('Mon, 15 Jan 2024 14:33:40 GMT');
    // A client that estimates the offset from Date and signs with the corrected time passes.
    const offset = Date.parse(naive.headers.get('date')!) - clock.now();
    expect((await call(emu, 'GET', '/v1/titles', { signAt: clock.now() + offset })).status).toBe(200);
  });

  it('works behind (negative) too, and stamps records with the server clock', async () => {
    const clock = testClock('2024-01-15T14:32:10.000Z');
    const { emu } = await emulator({}, clock);
    emu.setFaults({ clockOffsetMs: -3_600_000 });
    expect((await call(emu, 'GET', '/v1/titles', { signAt: clock.now() })).status).toBe(401);
    const created = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    expect(created.json.submit_date).toBe('2024-01-15 13:32:10');
  });
});

describe('forced validation failure', () => {
  it('fails creates and updates naming the field, until cleared', async () => {
    const { emu } = await emulator({ faults: { forceValidationFailure: { field: 'received_date', message: 'must not be in the future' } } });
    const created = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ message: 'Validation failed for complaints: received_date must not be in the future', errors: { received_date: 'must not be in the future' } });
    expect((await call(emu, 'POST', '/v1/contacts/1', { form: { phone: '1' } })).json.errors).toEqual({ received_date: 'must not be in the future' });
    expect((await call(emu, 'GET', '/v1/complaints/1')).status).toBe(200); // reads are not writes
    emu.clearFaults();
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() })).status).toBe(200);
  });

  it('can target one resource, and a number of writes', async () => {
    const { emu } = await emulator();
    emu.setFaults({ forceValidationFailure: { resource: 'contacts', field: 'surname', count: 1 } });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() })).status).toBe(200);
    const contact = await call(emu, 'PUT', '/v1/contacts', { form: { surname: 'Smith' } });
    expect(contact.json.errors).toEqual({ surname: 'is not valid' });
    expect((await call(emu, 'PUT', '/v1/contacts', { form: { surname: 'Smith' } })).status).toBe(200);
  });

  it('comes after permission and existence checks', async () => {
    const { emu } = await emulator({ faults: { forceValidationFailure: { field: 'remarks' } } });
    expect((await call(emu, 'POST', '/v1/complaints/0')).status).toBe(404);
    emu.setKeyPermissions(emu.keys[0]!.publicKey, { complaints: { view: true, write: false } });
    expect((await call(emu, 'POST', '/v1/complaints/0')).status).toBe(403);
  });
});

describe('setting knobs', () => {
  it('validates knobs, naming the one at fault', async () => {
    const { emu } = await emulator();
    expect(() => emu.setFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => emu.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => emu.setFaults({ rateLimit: { retryAfterSeconds: 5, count: 0 } })).toThrow(/rateLimit\.count/);
    expect(() => emu.setFaults({ forceValidationFailure: { field: 'Bad Field' } })).toThrow(/forceValidationFailure\.field/);
    expect(() => emu.setFaults({ forceValidationFailure: { resource: 'titles', field: 'x' } })).toThrow(/forceValidationFailure\.resource/);
    expect(() => emu.setFaults({ latency: 5 } as never)).toThrow(/latency/);
    await expect(emulator({ faults: { dropRate: -0.1 } })).rejects.toThrow(/dropRate/);
  });

  it('merges partial knobs and clears them all', async () => {
    const { emu } = await emulator({ faults: { latencyMs: 10 } });
    emu.setFaults({ errorRate: 0.5 });
    expect(emu.faults()).toEqual({ ...NO_FAULTS, latencyMs: 10, errorRate: 0.5 });
    emu.clearFaults();
    expect(emu.faults()).toEqual(NO_FAULTS);
  });
});
