/**
 * Damage as a failing disk or a bad copy leaves it: pages in the middle of a store file overwritten
 * with garbage, the header and the first pages (the schema) intact, so SQLite still opens the file.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Overwrites `count` leaf pages of the log table taken from the middle of the file (never its
 * first or last page, which opening and numbering the next entry read). The store must be closed
 * (its WAL checkpointed into the file). Answers the page numbers damaged.
 */
export function damageLogPages(path: string, count = 3): number[] {
  const db = new Database(path, { readonly: true });
  let pageSize: number;
  let leaves: number[];
  try {
    pageSize = db.pragma('page_size', { simple: true }) as number;
    leaves = db.prepare("select pageno from dbstat where name = 'log_entries' and pagetype = 'leaf' order by pageno").pluck().all() as number[];
  } finally {
    db.close();
  }
  if (leaves.length < count + 2) throw new Error(`damageLogPages: the log has ${leaves.length} leaf pages; write more entries first`);
  const middle = Math.floor(leaves.length / 2);
  const pages = leaves.slice(middle, middle + count);
  const fd = openSync(path, 'r+');
  try {
    const garbage = Buffer.alloc(pageSize, 0xa5);
    for (const page of pages) writeSync(fd, garbage, 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return pages;
}

/**
 * Makes the log refuse every new entry from now on, as a full disk or a read-only file refuses a
 * write, through a second connection to the store at `path` (open or not).
 */
export function refuseLogWrites(path: string): void {
  const db = new Database(path);
  try {
    db.exec("CREATE TRIGGER refuse_log_writes BEFORE INSERT ON log_entries BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END");
  } finally {
    db.close();
  }
}

/**
 * Makes the access audit refuse every new entry from now on, as a full disk or a read-only file
 * refuses a write, through a second connection to the store at `path` (open or not).
 */
export function refuseAuditWrites(path: string): void {
  const db = new Database(path);
  try {
    db.exec("CREATE TRIGGER refuse_audit_writes BEFORE INSERT ON access_audit BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END");
  } finally {
    db.close();
  }
}
