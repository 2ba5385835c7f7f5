/**
 * Cases handed in from the console: the hand-written test case and JSON files (one case, or an
 * array of cases). Each goes through the same intake as the webhook; an invalid case, or a revision
 * older than the stored one, is reported with its paths and reasons and never stops the valid ones
 * beside it (nothing is lost, nothing half-stored). A file is stored a slice at a time, each slice
 * in one durable commit, with the event loop free between slices: a file of thousands of cases took
 * the engine for a second or more at once, while the webhook and every console waited.
 */
import type { CaseReceipt } from '../../../shared/domain/case-view';
import { CallRefusedError } from '../../../shared/dispatch';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Intake, IntakeSettled } from './intake';

/** More than this in one file is refused: split it (the console reads the whole answer at once). */
export const MAX_CASES_PER_FILE = 5_000;
/** Cases per commit while importing a file: each slice holds the event loop for tens of milliseconds at most. */
export const IMPORT_SLICE = 200;

export interface CaseImport {
  submit(input: unknown): CaseReceipt;
  importFile(content: string, fileName?: string): Promise<CaseReceipt[]>;
}

export function createCaseImport(deps: { intake: Pick<Intake, 'receiveMany'>; log: { write(entry: NewLogEntry): unknown } }): CaseImport {
  const receiptOf = (input: unknown, index: number, settled: IntakeSettled): CaseReceipt => {
    const refused = (issues: { path: string; message: string }[]): CaseReceipt => {
      const id = typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : undefined;
      return { index, ...(id !== undefined ? { caseId: id } : {}), outcome: 'invalid', issues, jobIds: [] };
    };
    // Its own changes were undone; the cases beside it are stored.
    if ('error' in settled) return refused([{ path: '', message: `could not be stored: ${settled.error instanceof Error ? settled.error.message : String(settled.error)}` }]);
    const result = settled.result;
    if (!result.ok) return refused(result.issues);
    return { index, caseId: result.case.id, outcome: result.event, jobIds: (result.jobs ?? []).map((j) => j.id) };
  };
  const receiveAll = async (items: readonly unknown[]): Promise<CaseReceipt[]> => {
    const receipts: CaseReceipt[] = [];
    for (let from = 0; from < items.length; from += IMPORT_SLICE) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve)); // let the webhook and the consoles in
      const slice = items.slice(from, from + IMPORT_SLICE);
      deps.intake.receiveMany(slice).forEach((settled, i) => receipts.push(receiptOf(slice[i], from + i, settled)));
    }
    return receipts;
  };

  return {
    submit(input) {
      const [settled] = deps.intake.receiveMany([input]);
      // One case by hand: a failure to store it is the call's failure, shown as such.
      if ('error' in settled!) throw settled.error;
      const receipt = receiptOf(input, 0, settled!);
      deps.log.write({
        level: 'info',
        source: 'cases',
        ...(receipt.caseId ? { caseId: receipt.caseId } : {}),
        message: `Test case ${receipt.caseId ?? ''} entered in the console: ${receipt.outcome}, ${receipt.jobIds.length} job(s) queued.`,
      });
      return receipt;
    },
    async importFile(content, fileName) {
      const where = fileName ? `'${fileName}'` : 'The file';
      let parsed: unknown;
      try {
        parsed = JSON.parse(content);
      } catch (error) {
        throw new CallRefusedError(`${where} is not JSON: ${(error as Error).message}.`, 'invalid_input', [{ path: 'content', message: 'not JSON' }]);
      }
      const items = Array.isArray(parsed) ? parsed : [parsed];
      if (items.length === 0) throw new CallRefusedError(`${where} holds an empty list: there is no case to import.`, 'invalid_input', [{ path: 'content', message: 'no cases' }]);
      if (items.length > MAX_CASES_PER_FILE) {
        throw new CallRefusedError(`${where} holds ${items.length} cases; import at most ${MAX_CASES_PER_FILE} at a time.`, 'invalid_input', [
          { path: 'content', message: 'too many cases' },
        ]);
      }
      const receipts = await receiveAll(items);
      // Each stored case's own log says where it came from.
      for (const r of receipts) {
        if (r.outcome === 'invalid' || r.caseId === undefined) continue;
        deps.log.write({
          level: 'info',
          source: 'cases',
          caseId: r.caseId,
          message: `Case ${r.caseId} imported from ${fileName ?? 'a file'}: ${r.outcome}, ${r.jobIds.length} job(s) queued.`,
        });
      }
      const count = (o: CaseReceipt['outcome']) => receipts.filter((r) => r.outcome === o).length;
      const invalid = count('invalid');
      deps.log.write({
        level: invalid > 0 ? 'warn' : 'info',
        source: 'cases',
        message: `Imported ${fileName ?? 'a file'}: ${count('created')} new, ${count('updated')} updated, ${count('unchanged')} unchanged, ${invalid} refused; ${receipts.reduce((n, r) => n + r.jobIds.length, 0)} job(s) queued.`,
      });
      return receipts;
    },
  };
}
