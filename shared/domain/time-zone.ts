import { z } from 'zod';

/** True for an IANA zone name this runtime knows (Europe/London, America/New_York...). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, { message: 'choose a time zone in Area/Location form, for example Europe/London' });
