/**
 * What Cx checks on any repair and on an appointment cancel, and the field checks the works-order
 * steps share (works-order-checks.ts). Every failure names its field (422 with `errors`), so the
 * client can say which mapping is wrong and never retries.
 */
import { PRIORITIES, REPAIR_TYPES, sorCode } from './codes';
import type { Store } from './store';

export const MAX_DESCRIPTION = 2000;
export const MAX_REASON = 100;
export const MAX_NOTE = 2000;

export type Checked<T> = { errors: Record<string, string>; value: T | null };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required, non-blank string of at most `max` characters; the reason it is not, or null. */
export function text(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return 'is required';
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'must not be blank';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
}

export function unknownFields(body: Record<string, unknown>, known: readonly string[], what: string, errors: Record<string, string>): void {
  for (const name of Object.keys(body)) if (!known.includes(name)) errors[name] = `is not a field of ${what}`;
}

/** A required code from one of the organisation's lists. */
export function checkCode(errors: Record<string, string>, field: string, value: unknown, known: string[], list: string): void {
  const why = text(value, 20);
  if (why) errors[field] = why;
  else if (!known.includes(value as string)) errors[field] = `${String(value)} is not a ${list} (one of ${known.join(', ')})`;
}

export function checkPriority(errors: Record<string, string>, value: unknown): void {
  checkCode(
    errors,
    'priority',
    value,
    PRIORITIES.map((p) => p[0]),
    'priority',
  );
}

/** The fields every repair has, however it is raised: who, where, what, how urgent, what kind. */
export function checkRepairParty(store: Store, companyCode: string, body: Record<string, unknown>, errors: Record<string, string>): void {
  const { contactId, assetReference, description, priority, repairType } = body;
  let contact = undefined as ReturnType<Store['contact']>;
  if (contactId === undefined || contactId === null) errors.contactId = 'is required';
  else if (typeof contactId !== 'number' || !Number.isSafeInteger(contactId) || contactId < 1) errors.contactId = 'must be a contact id (a whole number)';
  else if (!(contact = store.contact(companyCode, contactId))) errors.contactId = `no contact ${contactId} in company ${companyCode}`;

  const assetWhy = text(assetReference, 50);
  if (assetWhy) errors.assetReference = assetWhy;
  else if (!store.asset(companyCode, assetReference as string)) errors.assetReference = `no asset ${String(assetReference)} in company ${companyCode}`;
  else if (contact && contact.assetReference !== assetReference) {
    errors.assetReference = `is not the asset of contact ${contact.contactId}'s current agreement${contact.assetReference ? ` (${contact.assetReference})` : ' (the contact has none)'}`;
  }

  const descriptionWhy = text(description, MAX_DESCRIPTION);
  if (descriptionWhy) errors.description = descriptionWhy;
  checkPriority(errors, priority);
  checkCode(errors, 'repairType', repairType, Object.keys(REPAIR_TYPES), 'repair type');
}

/** An SOR code of the schedule of rates, in the repair's category (unless the category is itself wrong). */
export function checkSorCode(errors: Record<string, string>, sor: unknown, category: unknown): void {
  const sorWhy = text(sor, 20);
  const sorEntry = sorWhy ? undefined : sorCode(sor as string);
  if (sorWhy) errors.sorCode = sorWhy;
  else if (!sorEntry) errors.sorCode = `${String(sor)} is not in the schedule of rates`;
  else if (!errors.category && sorEntry.category !== category) errors.sorCode = `SOR ${sorEntry.sorCode} is in category ${sorEntry.category}, not ${String(category)}`;
}

export function checkAppointmentCancel(body: unknown): Checked<{ reason: string }> {
  if (!isObject(body)) return { errors: { body: 'must be a JSON object' }, value: null };
  const errors: Record<string, string> = {};
  unknownFields(body, ['reason'], 'an appointment cancellation', errors);
  const reasonWhy = text(body.reason, MAX_REASON);
  if (reasonWhy) errors.reason = reasonWhy;
  if (Object.keys(errors).length) return { errors, value: null };
  return { errors, value: { reason: (body.reason as string).trim() } };
}

export function validationMessage(errors: Record<string, string>): string {
  return `Validation failed: ${Object.entries(errors)
    .map(([field, why]) => `${field} ${why}`)
    .join('; ')}`;
}
