export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGBREAK' | 'SIGHUP';
/** The signals on which a process on `platform` (a `process.platform` value) closes its store and exits. */
export function stopSignals(platform: string): readonly StopSignal[];
/** Whether a launcher passes a stop signal on to the child it runs (not on Windows). */
export function launcherForwardsStop(platform: string): boolean;
