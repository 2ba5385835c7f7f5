/**
 * Real disk faults for tests: a small tmpfs that fills up, or that is remounted read-only. Mounting
 * needs root (CI and the dev machines run tests as root); where it is not allowed, `mountSmallDisk`
 * answers why, and the test skips saying so.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** The mount point: an empty folder on its own small file system. */
  dir: string;
  /** Writes a filler file until at most `leaveBytes` are free (the disk is then as good as full). */
  fill(leaveBytes?: number): void;
  /** Removes the filler: the space is back. */
  free(): void;
  freeBytes(): number;
  readOnly(): void;
  writable(): void;
  /** Unmounts and removes the mount point; safe to call twice. */
  unmount(): void;
}

const FILLER = '.filler';

export function mountSmallDisk(sizeMb: number): SmallDisk | { skip: string } {
  if (process.platform !== 'linux') return { skip: `tmpfs mounts are a Linux feature (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { skip: 'mounting a small tmpfs needs root; these tests run as root in CI' };
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `could not mount a tmpfs (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})` };
  }
  let mounted = true;
  const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
  const freeBytes = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    freeBytes,
    fill(leaveBytes = 0) {
      const fd = openSync(join(dir, FILLER), 'a');
      try {
        const chunk = Buffer.alloc(64 * 1024, 0x5a);
        for (let room = freeBytes() - leaveBytes; room > 0; room = freeBytes() - leaveBytes) {
          try {
            writeSync(fd, chunk, 0, Math.min(chunk.length, room));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(join(dir, FILLER), { force: true }),
    readOnly: () => remount('ro'),
    writable: () => remount('rw'),
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A small disk for one vitest test, unmounted when the test has finished (after its afterEach
 * hooks); where none can be mounted the test is skipped, saying why.
 */
export function smallDiskForTest(context: { skip(note?: string): never; onTestFinished(fn: () => void): void }, sizeMb: number): SmallDisk {
  const mounted = mountSmallDisk(sizeMb);
  if ('skip' in mounted) {
    console.warn(`skipped: ${mounted.skip}`);
    return context.skip(mounted.skip);
  }
  context.onTestFinished(() => mounted.unmount());
  return mounted;
}
