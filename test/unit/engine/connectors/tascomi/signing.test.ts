import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { tascomiAuthHeaders, tascomiAuthHeadersAt, tascomiHash, tascomiTimestamp } from '../../../../../electron/engine/connectors/tascomi/signing';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('Tascomi signing', () => {
  it('matches the reference test vector', () => {
    const hash = tascomiHash('PUBKEY', 'PRIVKEY', '202401151432');
    expect(hash).toBe('NDU2NDlkODVjMWE0MWU3MDhkMzkyZTk2MDU0N2Y2NTJlODZiNjIwNTdiYzAwNzdiYzZlMDhiNTc0YWY2NTcwMg==');
    expect(hash).toHaveLength(88);
  });

  it('changes with every input', () => {
    const base = tascomiHash('PUBKEY', 'PRIVKEY', '202401151432');
    expect(tascomiHash('PUBKEY', 'PRIVKEY', '202401151433')).not.toBe(base);
    expect(tascomiHash('PUBKEY2', 'PRIVKEY', '202401151432')).not.toBe(base);
    expect(tascomiHash('PUBKEY', 'PRIVKEY2', '202401151432')).not.toBe(base);
  });

  it('formats the minute in the instance zone, in winter (GMT) and summer (BST)', () => {
    expect(tascomiTimestamp(utc('2024-01-15T14:32:59.999Z'), 'Europe/London')).toBe('202401151432');
    expect(tascomiTimestamp(utc('2024-07-15T14:32:10Z'), 'Europe/London')).toBe('202407151532');
    // The instance zone wins over the zone the instant happens to carry.
    expect(tascomiTimestamp(DateTime.fromISO('2024-07-15T16:32:10+02:00', { setZone: true }), 'Europe/London')).toBe('202407151532');
    expect(tascomiTimestamp(utc('2024-07-15T14:32:10Z'), 'UTC')).toBe('202407151432');
  });

  it('follows the clocks going forward (last Sunday of March, 01:00 GMT -> 02:00 BST)', () => {
    expect(tascomiTimestamp(utc('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('202603290059');
    expect(tascomiTimestamp(utc('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('202603290200');
  });

  it('follows the clocks going back (last Sunday of October, 02:00 BST -> 01:00 GMT): the hour 01:xx is signed twice', () => {
    expect(tascomiTimestamp(utc('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('202610250130'); // 01:30 BST
    expect(tascomiTimestamp(utc('2026-10-25T00:59:59Z'), 'Europe/London')).toBe('202610250159');
    expect(tascomiTimestamp(utc('2026-10-25T01:00:00Z'), 'Europe/London')).toBe('202610250100'); // 01:00 GMT
    expect(tascomiTimestamp(utc('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('202610250130'); // 01:30 GMT
  });

  it('builds the two headers from the instant', () => {
    const { ts, headers } = tascomiAuthHeaders('PUBKEY', 'PRIVKEY', utc('2024-01-15T14:32:30Z'), 'Europe/London');
    expect(ts).toBe('202401151432');
    expect(headers).toEqual({ 'X-Public': 'PUBKEY', 'X-Hash': 'NDU2NDlkODVjMWE0MWU3MDhkMzkyZTk2MDU0N2Y2NTJlODZiNjIwNTdiYzAwNzdiYzZlMDhiNTc0YWY2NTcwMg==' });
  });

  it('refuses an unknown zone rather than signing in the wrong one', () => {
    expect(() => tascomiTimestamp(utc('2024-01-15T14:32:30Z'), 'Europe/Lundon')).toThrow(/Europe\/Lundon/);
  });

  it('signing at an instant in ms (kept per minute) gives what signing the DateTime gives', () => {
    const instants = [
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T00:59:30.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:00:59.999Z',
      '2026-06-15T10:00:20.123Z',
    ];
    for (const zone of ['Europe/London', 'UTC', 'Asia/Kathmandu', 'America/St_Johns']) {
      for (const keys of [
        ['PUBKEY', 'PRIVKEY'],
        ['PUBKEY2', 'PRIVKEY'],
        ['PUBKEY', 'PRIVKEY2'],
      ] as const) {
        for (const iso of instants) {
          const ms = Date.parse(iso);
          expect(tascomiAuthHeadersAt(keys[0], keys[1], ms, zone), `${iso} in ${zone}`).toEqual(tascomiAuthHeaders(keys[0], keys[1], DateTime.fromMillis(ms), zone));
        }
      }
    }
  });
});
