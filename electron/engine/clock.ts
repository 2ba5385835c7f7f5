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
  /** Waits `ms` of this clock's time (a fake clock moves itself forward instead of waiting). */
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

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
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}
