/**
 * A large, deterministic integration log for the log viewer's benchmarks, written straight into
 * log_entries as the log bus writes it: in commits of many entries, each indexed for search by the
 * insert trigger as it is written. Filling through the log bus itself would measure fsync, not the
 * viewer; building the index once at the end instead (FTS5 'rebuild') would skip the index's cost of
 * every write (about half the fill's time on 1,000,000 entries).
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const WORDS = ['connection', 'refused', 'timeout', 'validation', 'postcode', 'Service', 'Request', 'created', 'retry', 'answered', 'officer', 'mattress', 'noise', 'garage'];
const SOURCES = ['tascomi', 'tascomi', 'tascomi', 'jobs', 'cases', 'engine'];
const OUTCOMES = [null, null, 'succeeded', 'succeeded', 'will_retry', 'failed', 'dead'];
const LEVELS = ['info', 'info', 'info', 'warn', 'error', 'debug'];

/** A deterministic PRNG, so every run fills the same log. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Entries per commit: the log bus commits what one turn of the event loop wrote, about this on a busy engine. */
export const ENTRIES_PER_COMMIT = 1_000;

export interface FillOptions {
  /**
   * 'as written' (the default, for benchmarks): each entry indexed by the insert trigger in its commit.
   * 'rebuilt at the end': the trigger dropped while filling and the index built once after (as
   * migration 0005 does), a few times faster, for tests that need many old entries, not their cost.
   */
  searchIndex?: 'as written' | 'rebuilt at the end';
}

/**
 * Writes `entries` believable log entries straight into a casebridge database (its schema already
 * made), one every two seconds from `startMs` (default 1 January 2026).
 */
export function fillLog(path: string, entries: number, startMs = Date.parse('2026-01-01T00:00:00Z'), options: FillOptions = {}): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // filling only; the engine reopens with its own settings
  const insert = db.prepare(
    'insert into log_entries (time, time_ms, level, source, message, case_id, template_id, job_id, attempt, outcome, duration_ms, error_class) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const random = prng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ms = startMs + i * 2_000; // one entry every two seconds: about 23 days
      const job = random() < 0.7 ? 1 + Math.floor(random() * 200_000) : null;
      const outcome = job ? pick(OUTCOMES) : null;
      const message = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} case CAS-${Math.floor(random() * 100_000)} attempt ${1 + Math.floor(random() * 10)}`;
      insert.run(
        new Date(ms).toISOString(),
        ms,
        pick(LEVELS),
        pick(SOURCES),
        message,
        job ? `CAS-${job % 100_000}` : null,
        job ? String(1 + (job % 40)) : null,
        job,
        job ? 1 + (job % 10) : null,
        outcome,
        job ? random() * 900 : null,
        outcome === 'will_retry' || outcome === 'failed' ? 'remote' : null,
      );
    }
  });
  const rebuild = options.searchIndex === 'rebuilt at the end';
  const trigger = rebuild ? (db.prepare("select sql from sqlite_master where type = 'trigger' and name = 'log_search_insert'").get() as { sql: string }).sql : undefined;
  if (trigger) db.exec('drop trigger log_search_insert');
  for (let from = 0; from < entries; from += ENTRIES_PER_COMMIT) write(from, Math.min(from + ENTRIES_PER_COMMIT, entries));
  if (trigger) {
    db.exec("insert into log_search(log_search) values ('rebuild')");
    db.exec(trigger);
  }
  db.close();
}

/** Named by `npm run bench` (scripts/bench.mjs): a folder for this run, where fills are kept for the next bench file. */
export const FILL_CACHE_ENV = 'CASEBRIDGE_BENCH_CACHE';

/**
 * fillLog as the benchmarks use it; answers how long the fill took, or undefined when it was copied.
 * Three bench files each want the same 1,000,000 entries, and a fill with its search index takes
 * minutes, so under `npm run bench` a fill is kept in the run's folder and later bench files copy it
 * (`mustFill`: the log bench, which reports the fill's time, always fills). Run alone, a bench file
 * fills. `path` must be a database the engine has just made and closed (its schema; secrets are never
 * in it), with no WAL beside it.
 */
export function fillLogForBench(path: string, entries: number, options: { mustFill?: boolean } = {}): number | undefined {
  const cache = process.env[FILL_CACHE_ENV];
  const kept = cache ? join(cache, `log-${entries}.sqlite`) : undefined;
  for (const file of [path, kept]) {
    if (file && existsSync(`${file}-wal`)) throw new Error(`${file} has a WAL beside it: copying the database alone would lose what is in it`);
  }
  if (kept && existsSync(kept) && !options.mustFill) return void copyFileSync(kept, path);
  const started = performance.now();
  fillLog(path, entries);
  const ms = performance.now() - started;
  if (kept && !existsSync(kept)) {
    copyFileSync(path, `${kept}.partial`); // a copy cut short leaves no file that looks whole
    renameSync(`${kept}.partial`, kept);
  }
  return ms;
}
