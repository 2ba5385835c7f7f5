import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { launcherForwardsStop, stopSignals } from '../../../shared/stop-signals.mjs';

describe('stop signals per platform', () => {
  it('Windows: Ctrl+C (also a WinSW service stop), Ctrl+Break and the console window closing; it has no SIGTERM', () => {
    expect(stopSignals('win32')).toEqual(['SIGINT', 'SIGBREAK', 'SIGHUP']);
    expect(launcherForwardsStop('win32')).toBe(false);
  });

  it('Linux and macOS: Ctrl+C and a service manager’s SIGTERM, never SIGHUP (that would undo nohup)', () => {
    for (const platform of ['linux', 'darwin']) {
      expect(stopSignals(platform)).toEqual(['SIGINT', 'SIGTERM']);
      expect(launcherForwardsStop(platform)).toBe(true);
    }
  });

  it('every signal named here is one Node knows on this machine or on Windows', () => {
    for (const signal of stopSignals(process.platform)) expect(constants.signals[signal as keyof typeof constants.signals], signal).toBeTypeOf('number');
  });
});
