/**
 * The API access check's verdict over its rows, and the person-started write access confirmation
 * applied to them: shared so the engine's check and the console's merged view say it the same way.
 * A result seen (a listing answered, a record written and read back, a write refused) is
 * confirmed; one read from an answer no public source documents is inferred, and the verdict says
 * when it rests on those.
 */
import type { ApiAccessResult, ApiAccessRow, WriteAccessConfirmation } from './tascomi';

/** Whether the key lacks something this table needs. */
export function isLacking(row: Pick<ApiAccessRow, 'required' | 'view' | 'createUpdate'>): boolean {
  return (row.required.view && row.view === false) || (row.required.createUpdate && row.createUpdate === false);
}

/** What the console says an inferred result means and how to confirm it. */
export const HOW_TO_CONFIRM = 'Start "Confirm write access" to create, update and read back one marked record in each table the integration writes.';

/** The verdict over the rows: what is lacking, what could not be checked, and what rests on inference. */
export function summariseAccess(rows: ApiAccessRow[], failure?: string): ApiAccessResult {
  let reason = failure;
  const missing = rows.filter((r) => r.lacking);
  const onInference = (r: ApiAccessRow, part: 'view' | 'createUpdate') => r[`${part}Basis`]?.known === 'inferred';
  if (!reason && missing.length > 0) {
    const parts = (r: ApiAccessRow) =>
      [
        r.required.view && r.view === false ? `View${onInference(r, 'view') ? ', inferred' : ''}` : '',
        r.required.createUpdate && r.createUpdate === false ? `Create & Update${onInference(r, 'createUpdate') ? ', inferred' : ''}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
    reason = `The API key lacks access the integration needs: ${missing.map((r) => `${r.table} (${parts(r)})`).join(', ')}. Ask the Tascomi administrator to grant it.`;
  }
  const unchecked = rows.some((r) => (r.required.view && r.view === null) || (r.required.createUpdate && r.createUpdate === null));
  const guessed = rows.flatMap((r) => [
    ...(r.required.view && onInference(r, 'view') ? [`View on ${r.table}`] : []),
    ...(r.required.createUpdate && onInference(r, 'createUpdate') ? [`Create & Update on ${r.table}`] : []),
  ]);
  const inference =
    guessed.length > 0
      ? `${guessed.join(', ')} ${guessed.length === 1 ? 'is' : 'are'} inferred from answers no public Tascomi documentation describes, not seen. ${HOW_TO_CONFIRM}`
      : undefined;
  return { ok: missing.length === 0 && !unchecked, rows, ...(reason ? { reason } : {}), ...(inference ? { inference } : {}) };
}

/**
 * The access check's rows with the confirmation's findings: a table confirmed can Create & Update
 * (and View: it read its record back); a table refused cannot (seen); a table not confirmed keeps
 * the check's result, with the reason in the verdict.
 */
export function applyWriteConfirmation(result: ApiAccessResult, confirmation: WriteAccessConfirmation): ApiAccessResult {
  if (result.rows.length === 0) return result;
  const rows = result.rows.map((row): ApiAccessRow => {
    const check = confirmation.checks.find((c) => c.table === row.table);
    if (!check || check.outcome === 'not_confirmed') return row;
    const confirmed = check.outcome === 'confirmed';
    const next: ApiAccessRow = {
      ...row,
      createUpdate: confirmed,
      createUpdateBasis: { known: 'confirmed', how: check.detail },
      ...(confirmed ? { view: true, viewBasis: { known: 'confirmed', how: `The confirmation read ${row.table} record ${check.createdId} back.` } } : {}),
    };
    return { ...next, lacking: isLacking(next) };
  });
  const stillOpen = confirmation.checks.filter((c) => c.outcome === 'not_confirmed').map((c) => `${c.table}: ${c.detail}`);
  const summary = summariseAccess(rows);
  // Lacking access first; then what the confirmation could not settle; then why the check stopped.
  const reason = summary.reason ?? (stillOpen.length > 0 ? stillOpen.join(' ') : undefined) ?? (summary.ok ? undefined : result.reason);
  return { ...summary, ...(reason ? { reason } : {}) };
}
