import { z } from 'zod';

const known = new Map<string, boolean>();

/** True for an IANA zone name this runtime knows (Europe/London, America/New_York...). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  // Remembered: building an Intl formatter to ask costs more than the rest of a template's checks.
  let answer = known.get(name);
  if (answer === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: name });
      answer = true;
    } catch {
      answer = false;
    }
    if (known.size < 1_000) known.set(name, answer);
  }
  return answer;
}

export const TimeZoneSchema = z.string().trim().refine(isTimeZone, { message: 'choose a time zone in Area/Location form, for example Europe/London' });
