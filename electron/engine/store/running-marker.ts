/**
 * The running marker: which engine runs on the store (process, machine, start time, version), written
 * at start and removed by a clean stop. Found at the next start, it says the last stop was not clean
 * (killed, crashed, power cut), when damage is most likely, so the store is checked before it is
 * used. It also names the engine holding the folder to a second one that the lock refuses.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { storeRecords } from './settings-repo';

const KEY = 'engine.running';

const RunningMarkerSchema = z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string(), version: z.string() });
export type RunningMarker = z.infer<typeof RunningMarkerSchema>;

/** The marker left in the store; `unreadable` when one is there but cannot be read (counts as not clean). */
export function readRunningMarker(sqlite: BetterSqlite3.Database): RunningMarker | 'unreadable' | undefined {
  let value: unknown;
  try {
    value = storeRecords.read(sqlite, KEY);
  } catch {
    return 'unreadable';
  }
  if (value === undefined) return undefined;
  const parsed = RunningMarkerSchema.safeParse(value);
  return parsed.success ? parsed.data : 'unreadable';
}

export function writeRunningMarker(sqlite: BetterSqlite3.Database, marker: RunningMarker): void {
  storeRecords.write(sqlite, KEY, marker, marker.startedAt);
}

export function clearRunningMarker(sqlite: BetterSqlite3.Database): void {
  storeRecords.remove(sqlite, KEY);
}

/** "process 123 on host-a, started ..., version ..." for a refusal; less when the marker is not readable. */
export function describeHolder(marker: RunningMarker | 'unreadable' | undefined): string {
  if (!marker || marker === 'unreadable') return 'another process';
  return `process ${marker.pid} on ${marker.host}, started ${marker.startedAt}, version ${marker.version}`;
}
