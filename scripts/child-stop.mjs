// A launcher (npm start, npm run serve) runs casebridge as its child: on a stop signal the child must
// get the chance to close its store, and the launcher must not leave before it has.
import { launcherForwardsStop, stopSignals } from '../shared/stop-signals.mjs';

/**
 * Passes stop signals on to `child` where that is a clean stop (POSIX). On Windows the child on the
 * same console got its own Ctrl+C, and `kill()` there ends a process at once, so the launcher only
 * waits; a second Ctrl+C ends the child at once (an Electron window does not hear the console's
 * Ctrl+C). Listening keeps the launcher alive until the child's exit. Answers a function that stops
 * listening. `host` is the launcher's own process unless a test passes another.
 */
export function passStopToChild(child, { platform = process.platform, host = process, say = console.log } = {}) {
  const forward = launcherForwardsStop(platform);
  let asked = 0;
  const running = () => child.exitCode === null && child.signalCode === null;
  const listeners = stopSignals(platform).map((signal) => {
    const listener = () => {
      asked += 1;
      if (!running()) return;
      if (forward) child.kill(signal);
      else if (asked === 1) say('casebridge: stopping; press Ctrl+C again to end it at once.');
      else child.kill();
    };
    host.on(signal, listener);
    return () => host.off(signal, listener);
  });
  return () => listeners.forEach((off) => off());
}
