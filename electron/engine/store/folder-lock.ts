/**
 * One engine per data folder (design.md section 10). The lock is SQLite's own file locking: a small
 * lock database in the folder, held in EXCLUSIVE locking mode for the engine's life. The operating
 * system releases it when the process ends, however it ends (a crash, SIGKILL, a power cut), so a
 * lock is never stale and needs no clean-up; a second engine, in another process or in this one,
 * gets SQLITE_BUSY at once. Who holds it is told by the running marker (running-marker.ts).
 *
 * The lock database holds no data: a damaged one is replaced.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'casebridge.lock';

export interface FolderLock {
  release(): void;
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '');

/** Takes the folder's lock; answers undefined while another engine holds it. */
export function lockDataFolder(dir: string, options: { nativeBinding?: string } = {}): FolderLock | undefined {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 1; ; attempt++) {
    const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    try {
      db.pragma('busy_timeout = 0'); // a held lock is an answer, not something to wait for
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = MEMORY'); // no journal file to leave behind
      // In EXCLUSIVE locking mode the lock this takes is kept after the commit, until close.
      db.exec('BEGIN EXCLUSIVE; COMMIT');
      return { release: () => db.open && db.close() };
    } catch (error) {
      db.close();
      const code = codeOf(error);
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return undefined;
      if (attempt === 1 && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
        rmSync(path, { force: true });
        continue;
      }
      throw error;
    }
  }
}
