/**
 * Warns before the disk holding the data folder is full, while there is still time to act: once it
 * is full, cases are refused (500) and log entries lost. Checked at start and every few minutes on
 * a real timer that never keeps the process alive; raises `disk-space-low` and clears it once
 * space is back.
 */
import { statfsSync } from 'node:fs';
import type { Health } from './health';

/**
 * The warning comes below 500 MB free, or below 5% of the disk when that is smaller. 500 MB is
 * weeks of a busy council's cases and log, and room for a large store's WAL to be copied back
 * into the file at a checkpoint; the 5% keeps a small disk (a VM's few GB) from warning for ever.
 */
export const LOW_SPACE_BYTES = 500 * 1024 * 1024;
export const LOW_SPACE_SHARE = 0.05;
const CHECK_EVERY_MS = 5 * 60_000;

export function lowSpaceThreshold(diskBytes: number): number {
  return Math.min(LOW_SPACE_BYTES, diskBytes * LOW_SPACE_SHARE);
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** What the monitor needs of fs.statfs: blocks free to this account, blocks in all, block size. */
export type FreeSpaceReader = (dir: string) => { bavail: number; blocks: number; bsize: number };

/** The disk's space as last read, and whether it is below the warning. */
export interface DiskSpaceReading {
  freeBytes: number;
  totalBytes: number;
  low: boolean;
}

export interface DiskSpaceMonitor {
  /** Checks now (also done at start and every few minutes); undefined when the space cannot be read. */
  check(): DiskSpaceReading | undefined;
  stop(): void;
}

export function startDiskSpaceMonitor(deps: {
  dir: string;
  health: Pick<Health, 'raise' | 'clear'>;
  statfs?: FreeSpaceReader;
  everyMs?: number;
  /** Told once (not every few minutes) when the free space cannot be read, so no warning can come. */
  warn?: (message: string) => void;
}): DiskSpaceMonitor {
  const statfs = deps.statfs ?? ((dir) => statfsSync(dir));
  let failureReported = false;
  const check = (): DiskSpaceReading | undefined => {
    let free: number;
    let size: number;
    try {
      const s = statfs(deps.dir);
      free = s.bavail * s.bsize;
      size = s.blocks * s.bsize;
    } catch (error) {
      if (!failureReported) {
        deps.warn?.(
          `The free space on the disk holding the data folder ${deps.dir} cannot be read (${error instanceof Error ? error.message : String(error)}): no warning will come before it is full.`,
        );
      }
      failureReported = true;
      return undefined;
    }
    failureReported = false;
    const threshold = lowSpaceThreshold(size);
    const reading = { freeBytes: free, totalBytes: size, low: free < threshold };
    if (!reading.low) {
      deps.health.clear('disk-space-low');
      return reading;
    }
    deps.health.raise(
      'disk-space-low',
      'warning',
      `Only ${formatBytes(free)} is free on the disk holding the data folder ${deps.dir} (casebridge warns below ${formatBytes(threshold)}). When it is full, cases from the CRM are refused and log entries are lost until space is freed. Free space on that disk, or move the data folder to a larger one.`,
    );
    return reading;
  };
  check();
  const timer = setInterval(check, deps.everyMs ?? CHECK_EVERY_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
