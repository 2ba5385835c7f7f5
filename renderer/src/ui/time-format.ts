/**
 * The one way the console shows and reads times: the log's, `2026-12-04 16:53:32`, 24-hour, in the
 * engine's configured zone (About shows it; Europe/London unless set), whatever offset the time was
 * written with. Every page that shows or asks for a time goes through here, so the Jobs page, the
 * Log and a settings form never disagree (test/unit/renderer/ui/time-format.test.ts checks that no
 * other renderer file formats a time on its own).
 *
 * Decisions:
 * - The zone is the engine's, not this machine's: a console opened in a browser elsewhere shows
 *   the times the log and the council's staff use.
 * - A time standing alone in a sentence names its zone (`16:53:32 GMT`); a column of times does not
 *   repeat it, its heading or the page says it once.
 * - Something that is not a time is shown as it came, never as "Invalid Date".
 */
import { useAppInfoStore } from '../stores/app-info-store';

const FALLBACK_ZONE = 'Europe/London';

/** The configured zone (the engine's), e.g. `Europe/London`. */
export function configuredZone(): string {
  return useAppInfoStore.getState().info?.timeZone ?? FALLBACK_ZONE;
}

type Parts = { year: string; month: string; day: string; hour: string; minute: string; second: string; timeZoneName: string };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function partsOf(ms: number, zone: string): Parts {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  ) as Partial<Parts>;
  return { year: '', month: '', day: '', hour: '', minute: '', second: '', timeZoneName: '', ...parts };
}

/** A time as parts in the zone, or null when `time` is not a time. */
function zoned(time: string | number, zone: string): Parts | null {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isNaN(ms) ? null : partsOf(ms, zone);
}

const dateOf = (p: Parts) => `${p.year}-${p.month}-${p.day}`;

/** `2025-11-23T12:53:02.123+00:00` -> `2025-11-23 12:53:02` in the configured zone. */
export function formatLogTime(time: string | number, zone = configuredZone()): string {
  const p = zoned(time, zone);
  return p ? `${dateOf(p)} ${p.hour}:${p.minute}:${p.second}` : String(time);
}

/** The same, for a time that may be missing (a job not finished yet): a dash says so. */
export const formatTime = (time: string | undefined, zone = configuredZone()): string => (time ? formatLogTime(time, zone) : '—');

/** `12:53:02`: the time of day alone. */
export function formatLogClock(time: string | number, zone = configuredZone()): string {
  const p = zoned(time, zone);
  return p ? `${p.hour}:${p.minute}:${p.second}` : String(time);
}

/** `2025-11-23 12:53`: to the minute (appointments, repairs raised). */
export function formatMinute(time: string | undefined, zone = configuredZone()): string {
  const p = time ? zoned(time, zone) : null;
  return p ? `${dateOf(p)} ${p.hour}:${p.minute}` : (time ?? '—') || '—';
}

/** `12:53`: the time of day to the minute. */
export function formatClockMinute(time: string | number, zone = configuredZone()): string {
  const p = zoned(time, zone);
  return p ? `${p.hour}:${p.minute}` : String(time);
}

/** `2025-11-23`: the day alone. */
export function formatDay(time: string | number, zone = configuredZone()): string {
  const p = zoned(time, zone);
  return p ? dateOf(p) : String(time);
}

/** `2025-11-23 12:53:02 GMT`: a time standing alone in a sentence, with its zone named. */
export function formatTimeWithZone(time: string | number, zone = configuredZone()): string {
  const p = zoned(time, zone);
  return p ? `${dateOf(p)} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}` : String(time);
}

/** What a time input asks for: the log's format to the minute, 24-hour. */
export const TIME_INPUT_PLACEHOLDER = 'YYYY-MM-DD HH:MM';

/** The words under a time input, naming the zone it is read in. */
export const timeInputHint = (zone = configuredZone()): string => `24-hour, ${zone} time`;

/** An ISO time -> what a time input shows for it (`2026-03-29 09:15`), or '' when there is none. */
export function isoToTimeInput(iso: string | undefined, zone = configuredZone()): string {
  const p = iso ? zoned(iso, zone) : null;
  return p ? `${dateOf(p)} ${p.hour}:${p.minute}` : '';
}

/**
 * What was typed in a time input (`2026-03-29 09:15`, seconds optional, a `T` for the space also
 * read) -> ISO with the zone's offset at that time, or null when it is not a real time.
 */
export function timeInputToIso(value: string, zone = configuredZone()): string | null {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*$/.exec(value);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // The zone's offset at that wall time: read once, then again at the corrected instant (a change of offset near it).
  let offset = offsetMinutes(asUtc, zone);
  offset = offsetMinutes(asUtc - offset * 60_000, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The zone's offset from UTC at an instant, in minutes (60 for BST). */
function offsetMinutes(ms: number, zone: string): number {
  const p = partsOf(ms, zone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}
