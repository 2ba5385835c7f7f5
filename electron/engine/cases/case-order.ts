/**
 * Whether a revision of a case may replace the stored one. Deliveries arrive late, twice, out of
 * order (a CRM's retries) or replayed; an older revision must never put back what a newer one
 * removed (a person's details) nor fire "updated" rules with stale data. The CRM stamps each
 * revision with its own last-change time, the case's `updatedAt`, and that decides:
 *
 * | incoming `updatedAt`            | outcome                                                      |
 * | ------------------------------- | ------------------------------------------------------------ |
 * | any, same content as stored     | unchanged (decided before this module, by the revision hash) |
 * | later than the stored one       | stored (updated)                                             |
 * | equal, different content        | refused: the CRM must advance updatedAt with every change    |
 * | earlier                         | refused: an older revision                                   |
 * | none, over a stored one         | refused: it cannot be shown to be newer                      |
 * | any, stored case has none       | stored (cases from before the field, or from the test form)  |
 *
 * Times compare as instants, to the nanosecond (a CRM on .NET sends 7 fraction digits), through
 * `instantKey`, which is what the cases table keeps: fixed-width UTC text, so SQL sorts it too.
 */

/** `updatedAt` as fixed-width UTC text with nine fraction digits, e.g. 2026-03-29T08:15:00.123456700Z. */
export function instantKey(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`'${iso}' is not an ISO 8601 date and time.`);
  // Offsets are whole minutes, so the fraction of a second is the one written, whatever the zone.
  const fraction = /T[^.]*\.(\d+)/.exec(iso)?.[1] ?? '';
  const seconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${fraction.padEnd(9, '0').slice(0, 9)}Z`;
}

export interface StoredOrder {
  /** The stored revision's `updatedAt` as the CRM wrote it, and as `instantKey` gave it. */
  updatedAt: string;
  key: string;
}

/** Why `incoming` may not replace the stored revision (whose content differs), or undefined when it may. */
export function outOfOrder(caseId: string, incoming: string | undefined, stored: StoredOrder | undefined): string | undefined {
  if (!stored) return undefined;
  const not = `Case ${caseId} was not changed:`;
  if (incoming === undefined) {
    return `${not} the stored revision has updatedAt ${stored.updatedAt} and this one has none, so it cannot be shown to be newer.`;
  }
  const key = instantKey(incoming);
  if (key < stored.key) return `${not} this revision's updatedAt (${incoming}) is older than the stored revision's (${stored.updatedAt}).`;
  if (key === stored.key) {
    return `${not} this revision has the same updatedAt as the stored one (${stored.updatedAt}) but different content; the CRM must advance updatedAt with every change.`;
  }
  return undefined;
}
