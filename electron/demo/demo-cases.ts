/**
 * The cases the demo feeds in: the shipped sample cases in turn, each with a fresh id so its rule
 * sees a new case, and now and then one that cannot be sent (reported through a channel Tascomi's
 * code list does not have), so the log shows a validation failure that is not retried.
 */
import type { DateTime } from 'luxon';
import type { Case } from '../../shared/domain/case';

export const DEMO_CASE_PREFIX = 'DEMO-';
/** A reporting method a CRM may well offer and the emulator's reporting_methods list does not. */
export const UNKNOWN_REPORTING_METHOD = 'Social media';

/** The 3rd case, then every 5th (8th, 13th...): early enough to be seen within the first minute. */
export function failsValidation(n: number): boolean {
  return n % 5 === 3;
}

/** Case number `n` (from 1): sample `n - 1` in turn, reported now. */
export function demoCase(samples: readonly Case[], n: number, now: DateTime): Case {
  if (samples.length === 0) throw new Error('There are no sample cases to feed.');
  const sample = structuredClone(samples[(n - 1) % samples.length]!);
  const fields = failsValidation(n) ? { ...sample.fields, how_reported: UNKNOWN_REPORTING_METHOD } : sample.fields;
  return {
    ...sample,
    id: `${DEMO_CASE_PREFIX}${n}`,
    fields,
    dates: { ...sample.dates, reported: now.toISO({ suppressMilliseconds: true })! },
    references: {},
    summary: `${sample.summary ?? sample.type} (demo case ${n}, from the sample ${sample.id})`,
  };
}

/** The number after the highest demo case already stored, so a restarted demo never reuses an id. */
export function nextCaseNumber(storedIds: readonly string[]): number {
  let highest = 0;
  for (const id of storedIds) {
    const match = /^DEMO-(\d{1,9})$/.exec(id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}
