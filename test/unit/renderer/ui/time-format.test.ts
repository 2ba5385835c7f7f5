import { describe, expect, it } from 'vitest';
import {
  formatClockMinute,
  formatDay,
  formatLogClock,
  formatLogTime,
  formatMinute,
  formatTime,
  formatTimeWithZone,
  isoToTimeInput,
  timeInputToIso,
} from '../../../../renderer/src/ui/time-format';

describe('the one way times are shown', () => {
  it('shows an instant in the configured zone, in the log’s format, whatever offset it was written with', () => {
    for (const written of ['2026-12-04T16:53:32.123+00:00', '2026-12-04T16:53:32Z', '2026-12-04T11:53:32-05:00', '2026-12-04T17:53:32+01:00']) {
      expect(formatLogTime(written, 'Europe/London')).toBe('2026-12-04 16:53:32');
    }
    expect(formatLogTime('2026-06-15T09:30:00Z', 'Europe/London')).toBe('2026-06-15 10:30:00');
    expect(formatLogClock('2026-06-15T09:30:05Z', 'Europe/London')).toBe('10:30:05');
    expect(formatMinute('2026-06-15T09:30:05Z', 'Europe/London')).toBe('2026-06-15 10:30');
    expect(formatClockMinute('2026-06-15T23:30:05Z', 'Europe/London')).toBe('00:30');
    expect(formatDay('2026-06-15T23:30:05Z', 'Europe/London')).toBe('2026-06-16');
    expect(formatLogTime('2026-06-15T09:30:00Z', 'America/New_York')).toBe('2026-06-15 05:30:00');
  });

  it('names the zone where a time stands alone', () => {
    expect(formatTimeWithZone('2026-12-04T16:53:32Z', 'Europe/London')).toBe('2026-12-04 16:53:32 GMT');
    expect(formatTimeWithZone('2026-06-15T09:30:00Z', 'Europe/London')).toBe('2026-06-15 10:30:00 BST');
  });

  it('shows what is not a time as it came, and a missing time as a dash', () => {
    expect(formatLogTime('not yet', 'Europe/London')).toBe('not yet');
    expect(formatTime(undefined, 'Europe/London')).toBe('—');
    expect(formatMinute('', 'Europe/London')).toBe('—');
  });

  it('reads a typed time in the log’s format in the configured zone, across a change of offset', () => {
    expect(timeInputToIso('2026-06-15 09:30', 'Europe/London')).toBe('2026-06-15T09:30:00+01:00');
    expect(timeInputToIso('2026-12-04T16:53:32', 'Europe/London')).toBe('2026-12-04T16:53:32+00:00');
    expect(timeInputToIso('2026-03-29 00:30', 'Europe/London')).toBe('2026-03-29T00:30:00+00:00');
    expect(timeInputToIso('2026-03-29 02:30', 'Europe/London')).toBe('2026-03-29T02:30:00+01:00');
    expect(timeInputToIso('2026-06-15 09:30', 'America/New_York')).toBe('2026-06-15T09:30:00-04:00');
    for (const bad of ['15/06/2026 09:30', '06/15/2026, 9:30 AM', '2026-02-30 09:30', '2026-06-15 24:00', '2026-06-15', '']) {
      expect(timeInputToIso(bad, 'Europe/London'), bad).toBeNull();
    }
    const typed = '2026-06-15 09:30';
    expect(isoToTimeInput(timeInputToIso(typed, 'Europe/London')!, 'Europe/London')).toBe(typed);
    expect(isoToTimeInput(undefined, 'Europe/London')).toBe('');
  });
});
