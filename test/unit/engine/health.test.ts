/**
 * Health alarms and what raises them alone: the alarm list, the free-space watch, and the one place
 * a store failure becomes words (every method of an object at once, thrown or rejected).
 */
import { describe, expect, it, vi } from 'vitest';
import type { HealthAlarm } from '../../../shared/domain/health';
import { createHealth } from '../../../electron/engine/health';
import { formatBytes, LOW_SPACE_BYTES, lowSpaceThreshold, startDiskSpaceMonitor } from '../../../electron/engine/disk-space';
import { createLogWriteAlarm } from '../../../electron/engine/log/log-write-alarm';
import { createStoreFaultWatch, guardMethods, StoreFaultError, storeFaultOf } from '../../../electron/engine/store/store-faults';
import { fakeClock } from '../../support/fake-clock';

const sqliteError = (code: string, message = 'raw SQLite words') => Object.assign(new Error(message), { code });

function healthWithEvents() {
  const clock = fakeClock('2026-06-01T09:00:00Z');
  const heard: HealthAlarm[][] = [];
  const health = createHealth({ clock, events: { emit: (_name, alarms) => heard.push(alarms as HealthAlarm[]) } });
  return { clock, heard, health };
}

describe('health alarms', () => {
  it('are raised, updated (keeping since) and cleared, errors first, with one event per visible change', () => {
    const { clock, heard, health } = healthWithEvents();
    health.raise('disk-space-low', 'warning', 'Only 300 MB free.');
    clock.advance(60_000);
    health.raise('log-write-failed', 'error', '1 log entry lost.');
    health.raise('log-write-failed', 'error', '1 log entry lost.'); // the same again: no event
    clock.advance(60_000);
    health.raise('log-write-failed', 'error', '5 log entries lost.');
    expect(health.active()).toEqual([
      { id: 'log-write-failed', level: 'error', message: '5 log entries lost.', since: '2026-06-01T10:01:00.000+01:00' },
      { id: 'disk-space-low', level: 'warning', message: 'Only 300 MB free.', since: '2026-06-01T10:00:00.000+01:00' },
    ]);
    expect(heard).toHaveLength(3);
    health.clear('log-write-failed');
    health.clear('log-write-failed'); // not active: no event
    expect(heard).toHaveLength(4);
    expect(heard.at(-1)!.map((a) => a.id)).toEqual(['disk-space-low']);
    expect(health.isActive('disk-space-low')).toBe(true);
    expect(health.isActive('log-write-failed')).toBe(false);
  });
});

describe('the free-space watch', () => {
  const GB = 1024 ** 3;
  const disk = (freeBytes: number, sizeBytes: number) => ({ bavail: freeBytes / 4096, blocks: sizeBytes / 4096, bsize: 4096 });

  it('warns below 500 MB, or 5% of a small disk, and clears once space is back', () => {
    expect(lowSpaceThreshold(100 * GB)).toBe(LOW_SPACE_BYTES);
    expect(lowSpaceThreshold(4 * GB)).toBeCloseTo(0.05 * 4 * GB);
    const { health } = healthWithEvents();
    let answer = disk(400 * 1024 * 1024, 100 * GB);
    const monitor = startDiskSpaceMonitor({ dir: '/srv/casebridge', health, statfs: () => answer, everyMs: 60_000 });
    try {
      expect(health.active()).toEqual([
        expect.objectContaining({
          id: 'disk-space-low',
          level: 'warning',
          message: expect.stringMatching(/^Only 400 MB is free on the disk holding the data folder \/srv\/casebridge \(casebridge warns below 500 MB\)/),
        }),
      ]);
      answer = disk(3 * GB, 100 * GB);
      monitor.check();
      expect(health.active()).toEqual([]);
      answer = disk(150 * 1024 * 1024, 4 * GB); // 3.7% of a 4 GB disk
      monitor.check();
      expect(health.active()[0]!.message).toMatch(/Only 150 MB is free .* \(casebridge warns below 205 MB\)/);
    } finally {
      monitor.stop();
    }
  });

  it('checks again on its timer, and not after stop', () => {
    vi.useFakeTimers();
    try {
      const { health } = healthWithEvents();
      const statfs = vi.fn(() => disk(10 * GB, 100 * GB));
      const monitor = startDiskSpaceMonitor({ dir: '/d', health, statfs, everyMs: 1_000 });
      vi.advanceTimersByTime(3_000);
      expect(statfs).toHaveBeenCalledTimes(4); // at start, then three ticks
      monitor.stop();
      vi.advanceTimersByTime(5_000);
      expect(statfs).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says once, not every few minutes, when the free space cannot be read', () => {
    const { health } = healthWithEvents();
    const warnings: string[] = [];
    const monitor = startDiskSpaceMonitor({
      dir: '/d',
      health,
      statfs: () => {
        throw Object.assign(new Error('statfs: function not implemented'), { code: 'ENOSYS' });
      },
      warn: (m) => warnings.push(m),
    });
    monitor.check();
    monitor.check();
    monitor.stop();
    expect(warnings).toEqual(['The free space on the disk holding the data folder /d cannot be read (statfs: function not implemented): no warning will come before it is full.']);
    expect(health.active()).toEqual([]);
  });

  it('writes sizes as people read them', () => {
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(312 * 1024 * 1024)).toBe('312 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
  });
});

describe('store faults', () => {
  const path = '/data/casebridge.sqlite';

  it('are recognised by SQLite code, extended codes included, and worded with the file; other errors are left alone', () => {
    expect(storeFaultOf(sqliteError('SQLITE_CORRUPT_INDEX'), path)).toMatchObject({
      kind: 'damaged',
      alarm: 'store-damaged',
      message: expect.stringMatching(/^The database \/data\/casebridge\.sqlite is damaged \(SQLITE_CORRUPT_INDEX\)/),
    });
    expect(storeFaultOf(sqliteError('SQLITE_NOTADB'), path)).toMatchObject({ kind: 'damaged' });
    expect(storeFaultOf(sqliteError('SQLITE_FULL'), path)).toMatchObject({
      kind: 'full',
      alarm: 'store-error',
      message: expect.stringMatching(/^The disk holding \/data\/casebridge\.sqlite is full/),
    });
    expect(storeFaultOf(sqliteError('SQLITE_IOERR_WRITE'), path)).toMatchObject({ kind: 'io', message: expect.stringContaining('SQLITE_IOERR_WRITE') });
    expect(storeFaultOf(sqliteError('SQLITE_READONLY_DBMOVED'), path)).toMatchObject({ kind: 'read-only' });
    expect(storeFaultOf(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), path)).toBeUndefined();
    expect(storeFaultOf(new Error('no code'), path)).toBeUndefined();
    expect(storeFaultOf('a string', path)).toBeUndefined();
  });

  it('raise their alarm through the watch, which passes other errors on as they were; a later write clears store-error only', () => {
    const { health } = healthWithEvents();
    const watch = createStoreFaultWatch({ path, health });
    const other = new Error('UNIQUE constraint failed');
    expect(watch.observe(other)).toBe(other);
    expect(health.active()).toEqual([]);
    expect(watch.observe(sqliteError('SQLITE_FULL'))).toBeInstanceOf(StoreFaultError);
    expect(watch.observe(sqliteError('SQLITE_CORRUPT'))).toBeInstanceOf(StoreFaultError);
    expect(
      health
        .active()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['store-damaged', 'store-error']);
    watch.writable();
    expect(health.active().map((a) => a.id)).toEqual(['store-damaged']);
  });

  it('are answered in words by every guarded method, thrown or rejected, and the rest passes untouched', async () => {
    const { health } = healthWithEvents();
    const watch = createStoreFaultWatch({ path, health });
    const target = {
      count: 3,
      sync: (n: number) => n * 2,
      throwsFull: () => {
        throw sqliteError('SQLITE_FULL');
      },
      rejectsCorrupt: async () => {
        throw sqliteError('SQLITE_CORRUPT');
      },
      rejectsOther: async () => {
        throw new Error('the template name is taken');
      },
    };
    const guarded = guardMethods(target, watch.observe);
    expect(guarded.count).toBe(3);
    expect(guarded.sync(21)).toBe(42);
    expect(() => guarded.throwsFull()).toThrow(/^The disk holding \/data\/casebridge\.sqlite is full/);
    await expect(guarded.rejectsCorrupt()).rejects.toThrow(/is damaged \(SQLITE_CORRUPT\)/);
    await expect(guarded.rejectsOther()).rejects.toThrow('the template name is taken');
  });
});

describe('the log-write alarm', () => {
  it('counts the entries lost since the first failure, says why, and clears (with the store error) at the next stored write', () => {
    const { health } = healthWithEvents();
    const alarm = createLogWriteAlarm({ health, store: createStoreFaultWatch({ path: '/data/casebridge.sqlite', health }) });
    alarm.failed(sqliteError('SQLITE_FULL'), 1);
    alarm.failed(sqliteError('SQLITE_FULL'), 3);
    expect(health.active().find((a) => a.id === 'log-write-failed')!.message).toMatch(
      /^4 log entries could not be stored and are lost\. Why: The disk holding \/data\/casebridge\.sqlite is full/,
    );
    expect(health.isActive('store-error')).toBe(true);
    alarm.stored();
    expect(health.active()).toEqual([]);
    alarm.failed(new Error('something else'), 1);
    expect(health.active()[0]!.message).toBe('1 log entry could not be stored and is lost. Why: something else');
  });
});
