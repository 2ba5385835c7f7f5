/**
 * Stopping runs every step, in order, even when one before it failed: a checkpoint that fails on a
 * full disk must not leave the store open and the folder locked. Each failure is reported with the
 * step it came from; stopping itself never throws.
 */
export type StopStep = readonly [what: string, run: () => void | Promise<void>];

export type StopProblemReporter = (what: string, error: unknown) => void;

/** Where a host hears of a failed stop step when nobody said otherwise: its stderr (no console is left to show it). */
export const reportToStderr: StopProblemReporter = (what, error) =>
  console.error(`casebridge: while stopping, ${what} failed: ${error instanceof Error ? error.message : String(error)}`);

export async function runStopSteps(steps: readonly StopStep[], report: StopProblemReporter = reportToStderr): Promise<void> {
  for (const [what, run] of steps) {
    try {
      await run();
    } catch (error) {
      report(what, error);
    }
  }
}
