/**
 * What a backup folder holds and how its files are named: `casebridge-<UTC time>-v<version>-schema<N>.sqlite`,
 * with the sealed secrets beside it when they were asked for. The name alone says when and by which
 * casebridge a backup was taken, so a person can choose one in a file browser.
 *
 * Decisions:
 * - A backup is written under a hidden `.partial` name and renamed when whole: a listing never
 *   shows, a prune never keeps and a restore never takes a half-written file.
 * - The time is UTC to the millisecond: names sort by time and two backups never share one.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BackupFile {
  /** The database copy's file name (in `folder`). */
  name: string;
  path: string;
  /** ISO 8601 UTC. */
  takenAt: string;
  version: string;
  schemaVersion: number;
  bytes: number;
  /** The sealed secrets file beside it, when secrets were backed up. */
  secretsPath?: string;
}

const NAME = /^casebridge-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-v([0-9A-Za-z.+_-]+)-schema(\d+)\.sqlite$/;
export const PARTIAL_SUFFIX = '.partial';
export const SECRETS_SUFFIX = '.secrets.enc';

export function backupName(takenAtMs: number, version: string, schemaVersion: number): string {
  const stamp = new Date(takenAtMs).toISOString().replace(/[-:]/g, '').replace('.', '');
  return `casebridge-${stamp}-v${version.replace(/[^0-9A-Za-z.+_-]/g, '_')}-schema${schemaVersion}.sqlite`;
}

export function secretsPathFor(backupPath: string): string {
  return backupPath.replace(/\.sqlite$/, SECRETS_SUFFIX);
}

export function parseBackupName(name: string): Pick<BackupFile, 'takenAt' | 'version' | 'schemaVersion'> | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, version, schema] = m;
  return { takenAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`, version: version!, schemaVersion: Number(schema) };
}

/** The whole backups in `folder`, newest first; none when the folder does not exist yet. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the backup folder ${folder}: ${(error as Error).message}`);
  }
  const present = new Set(names);
  const backups: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const path = join(folder, name);
    const secrets = secretsPathFor(name);
    backups.push({ name, path, ...parsed, bytes: statSync(path).size, ...(present.has(secrets) ? { secretsPath: join(folder, secrets) } : {}) });
  }
  return backups.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Deletes all but the newest `keep` backups (with their secrets); answers what was deleted. */
export function pruneBackups(folder: string, keep: number): BackupFile[] {
  const old = listBackups(folder).slice(Math.max(1, keep));
  for (const backup of old) {
    rmSync(backup.path, { force: true });
    if (backup.secretsPath) rmSync(backup.secretsPath, { force: true });
  }
  return old;
}
