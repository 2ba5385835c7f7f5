import { DateTime, IANAZone } from 'luxon';

/**
 * Where every engine component gets the time: luxon DateTimes in the configured zone. Tests pass a
 * fake clock instead of sleeping.
 */
export interface Clock {
  readonly zone: string;
  now(): DateTime;
  /** The same instant as now(), in ms since the epoch, without building a DateTime (hot paths). */
  millis(): number;
  /**
   * Waits `ms` of this clock's time (a fake clock moves itself forward instead of waiting). Ends
   * early, without an error, when `signal` aborts: the caller looks at why. The system clock then
   * clears its timer, so a stopped loop's sleep never holds the process open.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

const offsets = new Map<string, number>();
/**
 * `ms` as ISO 8601 with the zone's offset, exactly as luxon's toISO() writes it, but from an offset
 * kept per zone and quarter hour: building a DateTime in a zone asks Intl for the offset every time,
 * and the log stamps every entry. Every offset change in the tz database falls on a quarter hour UTC.
 */
export function isoInZone(ms: number, zone: string): string {
  const quarter = Math.floor(ms / 900_000);
  // The last quarter hour's offset and suffix are kept: entries come in bursts in the same one.
  let last = lastQuarter;
  if (last?.quarter !== quarter || last.zone !== zone) {
    const key = `${zone}|${quarter}`;
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = IANAZone.create(zone).offset(ms);
      if (offsets.size > 10_000) offsets.clear();
      offsets.set(key, offset);
    }
    last = lastQuarter = { zone, quarter, offsetMs: offset * 60_000, suffix: offsetSuffix(offset, zone) };
  }
  return `${new Date(ms + last.offsetMs).toISOString().slice(0, -1)}${last.suffix}`;
}
let lastQuarter: { zone: string; quarter: number; offsetMs: number; suffix: string } | undefined;

function offsetSuffix(offset: number, zone: string): string {
  // luxon takes "UTC" and "GMT" as the universal zone, and writes it as Z.
  if (offset === 0 && /^(utc|gmt)$/i.test(zone)) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function assertTimeZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new Error(`"${zone}" is not an IANA time zone name (for example Europe/London).`);
  return zone;
}

export function systemClock(zone: string = DEFAULT_TIME_ZONE): Clock {
  assertTimeZone(zone);
  const iana = IANAZone.create(zone); // once, not a name lookup on every now()
  return {
    zone,
    now: () => DateTime.now().setZone(iana),
    millis: () => Date.now(),
    sleep: (ms, signal) => timerSleep(ms, signal),
  };
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const end = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', end);
      resolve();
    };
    const timer = setTimeout(end, Math.max(0, ms));
    signal?.addEventListener('abort', end, { once: true });
  });
}
