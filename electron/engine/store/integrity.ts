/**
 * Whether the store's file is intact: SQLite's `quick_check` (every page of every table and index is
 * well formed, and indexes agree with their tables; not the far slower `integrity_check`).
 *
 * Decisions (figures measured on a 1,000,000-entry store, 265 MB, on the 2-core dev machine:
 * quick_check 1.2 s, when the whole start-up must stay under 500 ms; see test/bench/startup.bench.ts):
 * - At start, before anything is written, the whole file is checked when it is cheap (a file under
 *   CHECK_AT_START_BELOW_BYTES), after a stop that was not clean (the running marker is still there:
 *   damage is most likely then), and when the last full check is older than FULL_CHECK_EVERY_MS. A
 *   damaged store then refuses to start.
 * - Otherwise it is checked in the background just after start: a worker thread with its own
 *   read-only connection, so the event loop is never blocked. Table by table (with its indexes):
 *   a stop waits for the table being checked, not the whole file, since SQLite cannot be
 *   interrupted (the largest, the log, about 0.5 s at 1,000,000 entries). The full-text index is
 *   checked as the tables that hold it, page by page, not against the log's text (the slowest
 *   piece; a mismatch there spoils searches, not data, and the full check at start covers it),
 *   nor is the free-page list: the full check at start does both.
 * - Damage found in the background raises `store-damaged`; the engine keeps running so what can
 *   still be read can be, while the webhook refuses cases (503) and every console says what to do.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { storeRecords } from './settings-repo';

/** About 0.15 s of checking at the measured ~4 ms per MB: small enough for every start. */
export const CHECK_AT_START_BELOW_BYTES = 32 * 1024 * 1024;
/** A week: a long-running service is checked in full at least at the first start after that. */
export const FULL_CHECK_EVERY_MS = 7 * 24 * 60 * 60 * 1000;
/** quick_check stops listing problems after this many; the first few say enough. */
const MAX_PROBLEMS = 20;

const LAST_CHECK_KEY = 'store.integrity';
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;
const LastCheckSchema = z.object({ fullCheckAtMs: z.number() });

/** The whole file checked on `sqlite`: the problems found (none when it is intact). */
export function quickCheck(sqlite: BetterSqlite3.Database): string[] {
  try {
    const rows = sqlite.pragma(`quick_check(${MAX_PROBLEMS})`, { simple: false }) as { quick_check: string }[];
    return rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
  } catch (error) {
    // Damage bad enough to stop the check itself is damage found, not a check that could not run.
    if (DAMAGE_CODES.test(String((error as { code?: unknown }).code))) return [(error as Error).message];
    throw error;
  }
}

/** The first problems, for a message a person reads. */
export function describeProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, 3).join('; ');
  return problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown;
}

export interface StartCheckFacts {
  fileBytes: number;
  nowMs: number;
  lastFullCheckMs: number | undefined;
  /** The running marker was found: the last stop was not clean. */
  uncleanStop: boolean;
}

/** Why the whole file must be checked at this start, or undefined when the background check will do. */
export function reasonToCheckAtStart(facts: StartCheckFacts): string | undefined {
  if (facts.uncleanStop) return 'the last stop was not clean';
  if (facts.fileBytes < CHECK_AT_START_BELOW_BYTES) return 'the store is small';
  if (facts.lastFullCheckMs === undefined) return 'it had not been checked before';
  if (facts.nowMs - facts.lastFullCheckMs >= FULL_CHECK_EVERY_MS) return 'the last full check was more than 7 days ago';
  return undefined;
}

export function lastFullCheckMs(sqlite: BetterSqlite3.Database): number | undefined {
  const parsed = LastCheckSchema.safeParse(storeRecords.read(sqlite, LAST_CHECK_KEY));
  return parsed.success ? parsed.data.fullCheckAtMs : undefined;
}

export function recordFullCheck(sqlite: BetterSqlite3.Database, atMs: number, atIso: string): void {
  storeRecords.write(sqlite, LAST_CHECK_KEY, { fullCheckAtMs: atMs }, atIso);
}

export interface BackgroundCheck {
  /** Ends the check: waits for the table being checked, at most. */
  stop(): Promise<void>;
}

export interface BackgroundCheckOptions {
  path: string;
  nativeBinding?: string;
  /** The check finished: the problems found (none when the store is intact). */
  onDone(problems: string[]): void;
  /** The check itself could not run (not: it found damage). */
  onError(error: Error): void;
}

// CommonJS run by the worker (an eval'd worker needs no file of its own in the build): opens the
// store read-only and checks it one table at a time. Terminating the worker lands between tables.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  const tables = db.prepare("select name from sqlite_schema where type = 'table' and sql not like 'CREATE VIRTUAL TABLE%' order by name").pluck().all();
  const problems = [];
  for (const name of tables) {
    let rows;
    try {
      rows = db.pragma('quick_check("' + name.replace(/"/g, '""') + '")', { simple: false });
    } catch (error) {
      if (!new RegExp(workerData.damageCodes).test(String(error && error.code))) throw error;
      rows = [{ quick_check: name + ': ' + error.message }];
    }
    for (const row of rows) if (row.quick_check !== 'ok' && problems.length < workerData.maxProblems) problems.push(row.quick_check);
  }
  parentPort.postMessage({ done: true, problems });
} catch (error) {
  parentPort.postMessage({ done: false, message: String(error && error.message || error), code: error && error.code });
} finally {
  if (db) db.close();
}
`;

const WorkerAnswerSchema = z.union([
  z.object({ done: z.literal(true), problems: z.array(z.string()) }),
  z.object({ done: z.literal(false), message: z.string(), code: z.string().optional() }),
]);

export function startBackgroundCheck(options: BackgroundCheckOptions): BackgroundCheck {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: options.path,
      nativeBinding: options.nativeBinding,
      maxProblems: MAX_PROBLEMS,
      damageCodes: DAMAGE_CODES.source,
    },
  });
  worker.unref(); // never what keeps a host's process alive
  let settled = false;
  const settle = (fn: () => void) => {
    if (settled) return;
    settled = true;
    fn();
  };
  worker.on('message', (message: unknown) => {
    const answer = WorkerAnswerSchema.safeParse(message);
    if (!answer.success) return settle(() => options.onError(new Error('the integrity check answered something unexpected')));
    const value = answer.data;
    settle(() => (value.done ? options.onDone(value.problems) : options.onError(Object.assign(new Error(value.message), value.code ? { code: value.code } : {}))));
  });
  // What a worker throws arrives as a copy, not always an Error.
  worker.on('error', (error: unknown) => settle(() => options.onError(error instanceof Error ? error : new Error(String((error as { message?: unknown })?.message ?? error)))));
  worker.on('exit', (code) => settle(() => options.onError(new Error(`the integrity check stopped before it finished (exit code ${code})`))));
  return {
    async stop() {
      settled = true; // a stop is not a failure of the check
      await worker.terminate();
    },
  };
}
