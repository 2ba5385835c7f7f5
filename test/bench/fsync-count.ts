/**
 * Counts the fsyncs this process's main thread makes, per phase, with strace attached to it: the
 * durability a benchmark states is counted, not assumed (if durable() stopped syncing, the count of
 * its phase drops to 0). Phases are marked by looking for a file that does not exist, a system call
 * strace records with its path; the fsyncs after a mark belong to that phase. SQLite (better-sqlite3)
 * syncs on the thread that commits, so the main thread's calls are the ones counted. Tracing stops
 * every system call of the process, so only a small sample is counted, never the timed work.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = '/casebridge-bench-phase-mark-that-does-not-exist';
const ATTACH_TIMEOUT_MS = 10_000;

/** Runs `work` under strace; answers the fsync/fdatasync calls made after each `phase(label)` mark. */
export async function countFsyncs(work: (phase: (label: string) => void) => void): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-strace-'));
  const output = join(dir, 'trace.txt');
  try {
    const strace = spawn('strace', ['-f', '-e', 'trace=/^(fsync|fdatasync|access|faccessat2?)$', '-e', 'signal=none', '-o', output, '-p', String(process.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => strace.once('exit', resolve));
    try {
      await attached(strace, exited);
      work((label) => void existsSync(`${MARK}/${label}`));
    } finally {
      strace.kill('SIGTERM'); // strace detaches and exits
      await exited;
    }
    return phases(readFileSync(output, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves once strace says it holds this process's main thread; rejects with its words when it cannot. */
function attached(strace: ReturnType<typeof spawn>, exited: Promise<number | null>): Promise<void> {
  let said = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`strace did not attach within ${ATTACH_TIMEOUT_MS / 1000} s: ${said}`)), ATTACH_TIMEOUT_MS);
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    strace.once('error', (error: NodeJS.ErrnoException) =>
      settle(
        new Error(
          error.code === 'ENOENT'
            ? 'strace is not installed (apt-get install strace): the fsyncs the queue benchmark states cannot be counted'
            : `strace could not start: ${error.message}`,
        ),
      ),
    );
    void exited.then((code) => settle(new Error(`strace exited (${code}) before attaching: ${said.trim()}`)));
    strace.stderr!.on('data', (chunk: Buffer) => {
      said += chunk;
      if (said.includes(`Process ${process.pid} attached`)) settle();
    });
  });
}

function phases(trace: string): Map<string, number> {
  const counts = new Map<string, number>();
  let current: string | undefined;
  const main = `${process.pid} `;
  for (const line of trace.split('\n')) {
    if (!line.startsWith(main)) continue;
    const mark = line.indexOf(`"${MARK}/`);
    if (mark >= 0) {
      current = line.slice(mark + MARK.length + 2, line.indexOf('"', mark + 1));
      counts.set(current, counts.get(current) ?? 0);
    } else if (current !== undefined && /^\d+\s+(fsync|fdatasync)\(/.test(line)) counts.set(current, counts.get(current)! + 1);
  }
  return counts;
}
