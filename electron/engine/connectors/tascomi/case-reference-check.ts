/**
 * The connection test's check of the complaints field that holds the case reference: the duplicate
 * guard (a retry after a lost answer looks the case's Service Request up by it) works only when
 * Tascomi filters on that field. An instance without the column may ignore the filter and answer
 * with everybody's records, or refuse it; either way the guard is off, and the admin is told why.
 *
 * Decisions:
 * - The filter is tried with a value no case has: any record in the answer proves it was ignored.
 * - Records that do not carry the field at all turn the guard off even when the filter answered
 *   nothing (an instance may answer a filter on a column it lacks with an empty list): Tascomi
 *   shows an absent value as null, the key present (public ingestion data), so a missing key means
 *   a missing column. With no Service Request yet there is nothing to tell by: the guard stays on,
 *   and records in a look-up's answer are still compared one by one.
 * - A check that could not run (no View on complaints, a lost connection) is 'unknown', never 'off'.
 */
import type { DuplicateGuardCheck } from '../../../../shared/domain/tascomi';
import { isConnectorError } from '../errors';
import type { TascomiClient } from './client';
import { COMPLAINTS_TABLE } from './service-requests';

/** A case reference no CRM case has (case ids never hold spaces or the "#"). */
export const NO_SUCH_CASE = 'casebridge check # no such case';

export async function checkCaseReferenceField(client: Pick<TascomiClient, 'list'>, field: string): Promise<DuplicateGuardCheck> {
  const off = (why: string): DuplicateGuardCheck => ({
    guard: 'off',
    field,
    detail: `Duplicate guard off: ${field} is not filterable on complaints (${why}). After a lost answer, a retry cannot find the Service Request it made, so such a job stops as "outcome unknown" for a person to check in Tascomi instead of creating a second one. Ask Tascomi to add a searchable ${field} column to complaints, then test again.`,
  });
  try {
    const filtered = await client.list(COMPLAINTS_TABLE, { [field]: NO_SUCH_CASE }, { page: 1 });
    if (filtered.items.length > 0) return off(`Tascomi ignored a filter on it and answered ${filtered.items.length} record(s) for a value no case has`);
    const newest = await client.list(COMPLAINTS_TABLE, {}, { sort: '-id', page: 1 });
    const read = newest.items.length;
    if (read > 0 && !newest.items.some((r) => Object.hasOwn(r, field)))
      return off(`${read === 1 ? 'the Service Request read has' : `the ${read} Service Requests read have`} no ${field} column, where Tascomi shows an empty value as null`);
    return {
      guard: 'on',
      field,
      detail:
        read > 0
          ? `complaints.${field} exists and is filterable: a retry after a lost answer finds the Service Request it made.`
          : `A filter on complaints.${field} is honoured; no Service Request exists yet to show the column, so test again once there is one.`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isConnectorError(error) && (error.kind === 'validation' || error.kind === 'not_found')) return off(`Tascomi refused a filter on it: ${message}`);
    return { guard: 'unknown', field, detail: `The case reference field ${field} could not be checked: ${message}` };
  }
}
