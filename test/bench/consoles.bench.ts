/**
 * How many consoles one engine serves live (design section 9, "people"): the headless host
 * (`startHost`, in its single-user token mode) with N consoles connected over its WebSocket, while
 * the bench writes log entries at 100 a second for 10 seconds, each carrying the moment it was
 * written. Every console must receive every entry's `log` event; an event's delay is from its write
 * to its receipt by the console (the frame read and parsed, as the console's transport does).
 * Target: 50 consoles with the longest delay under 250 ms.
 *
 * The consoles are `ws` clients in this same process: they share the two cores with the host and
 * the engine (every frame is parsed N times here, where real consoles parse on their own machines),
 * so the figures are pessimistic. Entries are written by a timer, catching up on every tick, so a
 * late tick writes the entries that were due (each stamped when it is actually written). The longest
 * delay is one event's, so a burst of load from elsewhere decides it: each N runs two rounds, the
 * better counts, and both are printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { WebSocket } from 'ws';
import type { Engine } from '../../electron/engine/engine';
import { startHost, type RunningHost } from '../../electron/host/server';
import { benchEngine } from './bench-engine';
import { best } from './measure';
import { report } from './report';

const CONSOLE_COUNTS = [10, 25, 50, 100] as const;
const TARGET_CONSOLES = 50;
const TARGET_LONGEST_MS = 250;
const ENTRIES_PER_SECOND = 100;
const SECONDS = 10;
const WARM_UP_SECONDS = 1;
const MARK = 'consoles-bench';
const ROUNDS = 2;

/** A console as far as this bench needs one: it parses every frame and times the bench's log events. */
async function openConsole(host: RunningHost, round: number, delays: number[]): Promise<{ received: () => number; close: () => void }> {
  if (!host.token) throw new Error('the consoles bench runs the host in its token mode (plain HTTP on loopback)');
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
  let received = 0;
  const prefix = `${MARK} ${round} `;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; name?: string; payload?: { message?: string } };
    const message = frame.type === 'event' && frame.name === 'log' ? frame.payload?.message : undefined;
    if (!message?.startsWith(prefix)) return;
    const [measured, writtenAt] = message.slice(prefix.length).split(' ');
    received++;
    if (measured === 'm') delays.push(performance.now() - Number(writtenAt));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', (error) => console.error('bench console failed:', error));
  return { received: () => received, close: () => ws.close() };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Writes `count` entries paced at ENTRIES_PER_SECOND; `measured` marks them for timing. */
async function writePaced(write: (text: string) => void, count: number, round: number, measured: boolean): Promise<void> {
  const start = performance.now();
  let written = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * ENTRIES_PER_SECOND) / 1000) + 1);
      for (; written < due; written++) write(`${MARK} ${round} ${measured ? 'm' : 'w'} ${performance.now()}`);
      if (written >= count) resolve();
      else setTimeout(tick, 1000 / ENTRIES_PER_SECOND);
    };
    tick();
  });
}

interface Round {
  longestMs: number;
  p99Ms: number;
}

/** One round: `consoles` consoles connected, 1 s of warm-up, then SECONDS of timed entries. */
async function streamTo(engine: Engine, dir: string, consoles: number, round: number): Promise<Round> {
  const host = await startHost({ engine, rendererDir: dir, host: '127.0.0.1', port: 0 });
  const delays: number[] = [];
  const open: Awaited<ReturnType<typeof openConsole>>[] = [];
  try {
    for (let i = 0; i < consoles; i++) open.push(await openConsole(host, round, delays));
    const write = (message: string) => void engine.log.write({ level: 'info', source: 'bench', message });
    await writePaced(write, WARM_UP_SECONDS * ENTRIES_PER_SECOND, round, false);
    const measuredCount = SECONDS * ENTRIES_PER_SECOND;
    await writePaced(write, measuredCount, round, true);
    const expected = (WARM_UP_SECONDS + SECONDS) * ENTRIES_PER_SECOND;
    // Hang detector: every console must hear every entry; a generous bound, never a pass.
    const deadline = performance.now() + 60_000;
    while (open.some((c) => c.received() < expected)) {
      if (performance.now() > deadline)
        throw new Error(`after 60 s, ${open.filter((c) => c.received() < expected).length} of ${consoles} consoles had not received all ${expected} log events`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (delays.length !== consoles * measuredCount) throw new Error(`expected ${consoles * measuredCount} timed deliveries, got ${delays.length}`);
    const sorted = delays.sort((a, b) => a - b);
    return { longestMs: sorted.at(-1)!, p99Ms: percentile(sorted, 99) };
  } finally {
    for (const c of open) c.close();
    await host.close();
  }
}

it('consoles: one engine streams the live log to 10, 25, 50 and 100 consoles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-consoles-'));
  const engine = benchEngine(dir, { startWorkers: false });
  const served: number[] = [];
  let round = 0;
  try {
    for (const consoles of CONSOLE_COUNTS) {
      const rounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await streamTo(engine, dir, consoles, round++));
      // A burst of load from elsewhere on a shared machine lands in one round: the better one counts.
      const better = best(rounds, (r) => -r.longestMs);
      const how = `${ENTRIES_PER_SECOND} entries/s for ${SECONDS} s, every console every event, best of ${ROUNDS} rounds, load ${loadavg()[0]!.toFixed(2)}`;
      const name = `consoles-${consoles}-log-event-delay`;
      report({
        name: `${name}-longest (${how})`,
        value: better.longestMs,
        unit: 'ms',
        ...(consoles === TARGET_CONSOLES ? { target: { op: '<=' as const, value: TARGET_LONGEST_MS } } : {}),
      });
      report({ name: `${name}-p99 (that round)`, value: better.p99Ms, unit: 'ms' });
      console.log(`  rounds: ${rounds.map((r) => `longest ${r.longestMs.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`).join('; ')}`);
      if (better.longestMs < TARGET_LONGEST_MS) served.push(consoles);
    }
    report({
      name: `consoles-served (most consoles of ${CONSOLE_COUNTS.join(', ')} with every log event under ${TARGET_LONGEST_MS} ms; clients share the cores with the host)`,
      value: Math.max(0, ...served),
      unit: 'consoles',
    });
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
