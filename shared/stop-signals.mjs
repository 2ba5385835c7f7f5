// The signals that ask a casebridge process to stop cleanly, in one place for the headless host
// (electron/host/cli.ts) and the launchers that run it (scripts/run-steps.mjs). Plain JS, so the
// launchers run it with Node as it is; shared/stop-signals.d.mts gives it types.
//
// - SIGINT: Ctrl+C, on every system; also what a Windows service wrapper (WinSW) sends on stop.
// - SIGTERM: service managers (systemd) and `kill`. Windows has no such signal.
// - SIGBREAK: Ctrl+Break, Windows only.
// - SIGHUP on Windows: the console window was closed; Windows ends the process about 10 s later
//   whatever it does. Not listened for elsewhere: a POSIX handler would undo `nohup`.

/** The signals on which a process on `platform` closes its store and exits. */
export function stopSignals(platform) {
  return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGHUP'] : ['SIGINT', 'SIGTERM'];
}

/**
 * Whether a launcher passes a stop signal on to the child it runs. Not on Windows: Ctrl+C and
 * Ctrl+Break reach every process on the console already, and `ChildProcess.kill()` there ends the
 * child at once (TerminateProcess), which would cut its clean stop short.
 */
export function launcherForwardsStop(platform) {
  return platform !== 'win32';
}
