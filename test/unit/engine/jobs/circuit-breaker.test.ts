import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../../electron/engine/connectors/errors';
import { createCircuitBreaker } from '../../../../electron/engine/jobs/circuit-breaker';
import { fakeClock } from '../../../support/fake-clock';

const settings = { failureThreshold: 3, windowMs: 60_000, coolDownMs: 30_000, maxCoolDownMs: 100_000 };
const down = () => new ConnectorError({ kind: 'connection', code: 'ECONNREFUSED' });
const slow = () => new ConnectorError({ kind: 'timeout' });

function setup() {
  const clock = fakeClock('2026-06-01T09:00:00Z');
  return { clock, breaker: createCircuitBreaker(clock, settings) };
}

describe('circuit breaker', () => {
  it('opens after N consecutive connection-class failures within the window', () => {
    const { clock, breaker } = setup();
    breaker.recordFailure(down());
    breaker.recordFailure(slow());
    expect(breaker.state()).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure(down());
    expect(breaker.state()).toEqual({ state: 'open', since: '2026-06-01T10:00:00.000+01:00', probeAt: '2026-06-01T10:00:30.000+01:00', coolDownMs: 30_000 });
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.probeAt()).toBe(clock.now().toMillis() + 30_000);
  });

  it('does not count failures outside the window, or across an answer from the remote', () => {
    const { clock, breaker } = setup();
    breaker.recordFailure(down());
    breaker.recordFailure(down());
    clock.advance(60_001);
    breaker.recordFailure(down());
    breaker.recordFailure(down());
    expect(breaker.state().state).toBe('closed');
    breaker.recordFailure(new ConnectorError({ kind: 'remote', status: 503 }));
    breaker.recordFailure(down());
    breaker.recordFailure(down());
    expect(breaker.state().state).toBe('closed');
    breaker.recordSuccess();
    breaker.recordFailure(new TypeError('bug'));
    breaker.recordFailure(down());
    breaker.recordFailure(down());
    expect(breaker.state().state).toBe('closed');
    breaker.recordFailure(down());
    expect(breaker.state().state).toBe('open');
  });

  it('after the cool-down allows one probe; success closes', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    clock.advance(29_999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.state()).toEqual({ state: 'probing', inFlight: false });
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.state()).toEqual({ state: 'probing', inFlight: true });
    breaker.recordSuccess();
    expect(breaker.state()).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a released probe slot can be taken again', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    clock.advance(30_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a failed probe reopens with a doubled cool-down, capped; success restores the base', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    const coolDowns: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(breaker.probeAt()! - clock.now().toMillis());
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure(slow());
      const s = breaker.state();
      if (s.state !== 'open') throw new Error('expected open');
      coolDowns.push(s.coolDownMs);
    }
    expect(coolDowns).toEqual([60_000, 100_000, 100_000, 100_000]);
    clock.advance(100_000);
    breaker.tryAcquire();
    breaker.recordSuccess();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    expect(breaker.state()).toMatchObject({ state: 'open', coolDownMs: 30_000 });
  });

  it('a probe answered by the remote with an error still closes the circuit', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    clock.advance(30_000);
    breaker.tryAcquire();
    breaker.recordFailure(new ConnectorError({ kind: 'validation', status: 422 }));
    expect(breaker.state().state).toBe('closed');
  });

  it('pause and resume by hand', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure(down());
    breaker.pause();
    expect(breaker.state()).toEqual({ state: 'paused', since: '2026-06-01T10:00:00.000+01:00' });
    clock.advance(3600_000);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state().state).toBe('paused');
    breaker.resume();
    expect(breaker.state()).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe(true);
  });
});
