/**
 * Case retention (UK GDPR storage limitation): a case's personal data is erased a set number of days
 * after its last job finished, in the background, hourly, a batch at a time. The Cx cache and the
 * log keep their own retention (customer-data.ts, log-viewer.ts); this one is about cases.
 *
 * Decisions
 * - A case is due when nothing has happened to it for `days`: it was last written (received, a new
 *   revision, a reference or incoming fields) before then, and none of its jobs is queued, running
 *   or changed since (a failed or dead job counts as finished: a person had `days` to retry it). A
 *   case without jobs is due `days` after its last change. A case the CRM still updates is kept.
 * - Each case is erased in its own transaction (case-erasure.ts); the loop yields to other work after
 *   every ERASE_BATCH cases and stops there once the engine stops (the rest goes at the next run).
 *   One WAL checkpoint per run, not per case.
 * - One log line per run that erased anything ("Case retention erased N cases"); the audit has a
 *   record per case, with retention's rule as the reason.
 * - A case refused on the way (a job started between the query and its erasure) is left for the next run.
 */
import { CaseRetentionSchema, DEFAULT_CASE_RETENTION, type CaseRetention } from '../../../shared/domain/case-erasure';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import { createPeriodicTask } from '../loop-control';
import type { CaseErasureRepo, RetentionCursor } from '../store/case-erasure-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { ERASED_BY_RETENTION, ErasureRefused, type CaseErasureService } from './case-erasure';

const SETTINGS_KEY = 'cases.retention';
/**
 * Cases erased between two yields to other work (each in its own transaction). A case costs a few
 * milliseconds on a large log (most of it the search index's secure delete of its entries' words):
 * five keep the engine's other work waiting some tens of milliseconds at most (npm run bench).
 */
export const ERASE_BATCH = 5;
/** How often retention runs in the background. */
const RUN_EVERY_MS = 60 * 60_000;

export interface CaseRetentionService {
  settings(): CaseRetention;
  /** Validates and saves the setting, then runs retention under it (after any run under way). */
  save(input: unknown): CaseRetention;
  /** Erases the cases that are due; returns how many. Stops between two batches once `signal` aborts. */
  run(signal?: AbortSignal): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createCaseRetention(deps: {
  repo: Pick<CaseErasureRepo, 'retentionCandidates'>;
  erasure: CaseErasureService;
  settings: SettingsRepo;
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
}): CaseRetentionService {
  const { clock } = deps;

  const readSettings = (): CaseRetention => {
    const parsed = CaseRetentionSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_CASE_RETENTION };
  };

  async function run(signal?: AbortSignal): Promise<number> {
    const { days } = readSettings();
    const before = clock.now().minus({ days }).toMillis();
    const reason = `nothing happened to the case for ${days} day(s) after its last job finished (case retention)`;
    let erased = 0;
    let stopped = false;
    let after: RetentionCursor | undefined;
    for (;;) {
      const due = deps.repo.retentionCandidates(before, ERASE_BATCH, after);
      for (const candidate of due) {
        try {
          deps.erasure.erase(candidate.id, ERASED_BY_RETENTION, { reason, logLine: false, checkpoint: false });
          erased++;
        } catch (error) {
          if (!(error instanceof ErasureRefused)) throw error;
        }
      }
      after = due.at(-1);
      if (due.length < ERASE_BATCH) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if ((stopped = signal?.aborted === true)) break;
    }
    if (erased > 0) deps.erasure.checkpoint();
    const cases = `${erased} case${erased === 1 ? '' : 's'}`;
    const rule = `personal data is kept ${days} day(s) after a case's last job finished`;
    if (stopped)
      deps.log.write({ level: 'info', source: 'cases', message: `Case retention erased ${cases}, then stopped with the engine; the rest go at its next run (${rule}).` });
    else if (erased > 0) deps.log.write({ level: 'info', source: 'cases', message: `Case retention erased ${cases} (${rule}).` });
    return erased;
  }

  const task = createPeriodicTask(clock, RUN_EVERY_MS, run, (error) =>
    deps.log.write({
      level: 'warn',
      source: 'cases',
      message: `Case retention could not run: ${error instanceof Error ? error.message : String(error)}. It will try again in an hour.`,
    }),
  );

  return {
    settings: readSettings,
    save(input) {
      const parsed = CaseRetentionSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new CallRefusedError(`The case retention setting is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, 'invalid_input', issues);
      }
      deps.settings.set(SETTINGS_KEY, parsed.data, clock.now().toISO()!);
      deps.log.write({ level: 'info', source: 'cases', message: `Case retention saved: personal data is erased ${parsed.data.days} day(s) after a case's last job finished.` });
      task.wake();
      return parsed.data;
    },
    run,
    start: () => task.start(),
    stop: () => task.stop(),
  };
}
