/**
 * How many consoles one engine serves live (design sections 9 and 11): the headless host
 * (`startHost`) with N consoles connected over its WebSocket, while the bench writes log entries at
 * 100 a second for 10 seconds, each carrying the moment it was written. Every console must receive
 * every entry's `log` event; an event's delay is from its write to its receipt by the console (the
 * frame read and parsed, as the console's transport does). Target (issue 18): 50 consoles with the
 * longest delay under 250 ms, on a council server.
 *
 * Both of the host's modes, in the same run, so the cost of the real server shows as a ratio:
 * - accounts: what a council server runs. HTTPS with the self-signed certificate the host makes
 *   (every frame encrypted once per console), the real engine's accounts and sessions on its
 *   durable store: the first administrator set up with the setup code and the N people's accounts
 *   made by them, each person signed in through POST /auth/sign-in, each console a `wss://`
 *   WebSocket opened by that person's session cookie. One account per console, because on a
 *   server each console is a person: N accounts and N sessions, as 50 staff watching would make.
 *   Passwords hash with test/support/people.ts's light scrypt: the hash is spent at sign-in only,
 *   before the timing, and sign-in.bench.ts measures the real one.
 * - token: the single-user loopback host, plain `ws://` with the session token.
 *
 * The consoles are `ws` clients in this same process: they share the two cores with the host and
 * the engine (every frame is decrypted and parsed N times here, where real consoles do that on their
 * own machines), so the figures are pessimistic. Entries are written by a timer, catching up on
 * every tick, so a late tick writes the entries that were due (each stamped when it is actually
 * written). The longest delay is one event's, so a burst of load from elsewhere decides it: each N
 * runs two rounds of each mode, alternated (token, accounts, accounts, token) so neither is always
 * the colder; the better round of each mode counts, and every round is printed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import type { WebSocket } from 'ws';
import type { Engine } from '../../electron/engine/engine';
import { startHost, type RunningHost } from '../../electron/host/server';
import { loadTls, type TlsMaterial } from '../../electron/host/tls';
import { dispatchCall } from '../../shared/dispatch';
import { openConsoleSocket } from '../support/console-socket';
import { postToHost, signInToHost } from '../support/host-sign-in';
import { LIGHT_SCRYPT } from '../support/people';
import { benchEngine } from './bench-engine';
import { alternatedRounds, best } from './measure';
import { report } from './report';

const CONSOLE_COUNTS = [10, 25, 50, 100] as const;
const TARGET_CONSOLES = 50;
const TARGET_LONGEST_MS = 250;
const ENTRIES_PER_SECOND = 100;
const SECONDS = 10;
const WARM_UP_SECONDS = 1;
const MARK = 'consoles-bench';
const ROUNDS = 2;
const MODES = ['token', 'accounts'] as const;
type Mode = (typeof MODES)[number];
const PASSWORD = 'a bench password long enough';

/** A console as far as this bench needs one: it parses every frame and times the bench's log events. */
interface BenchConsole {
  received(): number;
  /** How the host closed it, if it did while the bench still listened. */
  closedBy(): string | undefined;
  close(): void;
}

async function openConsole(host: RunningHost, cookie: string | undefined, round: number, delays: number[]): Promise<BenchConsole> {
  const ws: WebSocket = await openConsoleSocket(host, cookie ? { cookie } : {});
  let received = 0;
  let closedBy: string | undefined;
  const prefix = `${MARK} ${round} `;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; name?: string; payload?: { message?: string } };
    const message = frame.type === 'event' && frame.name === 'log' ? frame.payload?.message : undefined;
    if (!message?.startsWith(prefix)) return;
    const [measured, writtenAt] = message.slice(prefix.length).split(' ');
    received++;
    if (measured === 'm') delays.push(performance.now() - Number(writtenAt));
  });
  ws.on('close', (code, reason) => (closedBy = `close code ${code}${reason.length ? `: ${String(reason)}` : ''}`));
  return { received: () => received, closedBy: () => closedBy, close: () => ws.terminate() };
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

interface Server {
  engine: Engine;
  rendererDir: string;
  tls: TlsMaterial;
  /** One session cookie per person, in accounts mode: console i opens with cookies[i]. */
  cookies: string[];
}

function startIn(mode: Mode, server: Server): Promise<RunningHost> {
  const { engine, rendererDir, tls } = server;
  return startHost({ engine, rendererDir, host: '127.0.0.1', port: 0, ...(mode === 'accounts' ? { tls } : {}) });
}

/**
 * The people of a council server, as they come to be: the first administrator set up with the
 * host's setup code, who makes `count` support accounts; then each person signs in through the
 * sign-in route. Answers each person's session cookie (sessions live in the engine's store, so they
 * open consoles on every host the rounds start).
 */
async function signInPeople(server: Server, count: number): Promise<string[]> {
  const { engine } = server;
  const host = await startIn('accounts', server);
  try {
    const setup = await postToHost(host, '/auth/setup', { code: host.setupCode(), username: 'admin', displayName: 'Bench Admin', password: PASSWORD });
    if (setup.status !== 200 || !setup.cookie) throw new Error(`the first administrator's setup was refused (${setup.status}): ${JSON.stringify(setup.json)}`);
    const administrator = engine.people.sessions.check(setup.cookie.slice(setup.cookie.indexOf('=') + 1));
    if (!administrator) throw new Error("the first administrator's session cookie opens no session");
    for (let i = 0; i < count; i++) {
      const input = { username: `person${i}`, displayName: `Person ${i}`, role: 'support', password: PASSWORD };
      const made = await dispatchCall(engine.handlers, 'createAccount', input, administrator);
      if (!made.ok) throw new Error(`making the account person${i} was refused: ${made.error.message}`);
    }
    const cookies: string[] = [];
    for (let i = 0; i < count; i++) cookies.push(await signInToHost(host, `person${i}`, PASSWORD));
    return cookies;
  } finally {
    await host.close();
  }
}

/** One round: a host in `mode`, `consoles` consoles connected, 1 s of warm-up, then SECONDS of timed entries. */
async function streamTo(server: Server, mode: Mode, consoles: number, round: number): Promise<Round> {
  const { engine } = server;
  const host = await startIn(mode, server);
  const delays: number[] = [];
  const open: BenchConsole[] = [];
  try {
    if (host.signIn !== mode) throw new Error(`a host started for ${mode} mode signs people in by ${host.signIn}`);
    for (let i = 0; i < consoles; i++) open.push(await openConsole(host, mode === 'accounts' ? server.cookies[i] : undefined, round, delays));
    const write = (message: string) => void engine.log.write({ level: 'info', source: 'bench', message });
    await writePaced(write, WARM_UP_SECONDS * ENTRIES_PER_SECOND, round, false);
    const measuredCount = SECONDS * ENTRIES_PER_SECOND;
    await writePaced(write, measuredCount, round, true);
    const expected = (WARM_UP_SECONDS + SECONDS) * ENTRIES_PER_SECOND;
    // Hang detector: every console must hear every entry; a generous bound, never a pass.
    const deadline = performance.now() + 60_000;
    while (open.some((c) => c.received() < expected)) {
      const closed = open.find((c) => c.closedBy() !== undefined && c.received() < expected);
      if (closed) throw new Error(`${mode} mode: the host closed a console (${closed.closedBy()}) before it had received every log event`);
      if (performance.now() > deadline)
        throw new Error(`${mode} mode: after 60 s, ${open.filter((c) => c.received() < expected).length} of ${consoles} consoles had not received all ${expected} log events`);
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

const ms = (n: number) => `${n.toFixed(1)} ms`;

it('consoles: one engine streams the live log to 10, 25, 50 and 100 consoles, over HTTPS with sessions and over plain loopback', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-consoles-'));
  const engine = benchEngine(dir, { startWorkers: false, people: { scrypt: LIGHT_SCRYPT } });
  const served: Record<Mode, number[]> = { token: [], accounts: [] };
  const table: string[] = [];
  let accountsAtTarget: Round | undefined;
  let round = 0;
  try {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    const tls = await loadTls({ kind: 'self-signed' }, { dataDir: dir, bindHost: '127.0.0.1', now: new Date() });
    const server: Server = { engine, rendererDir, tls, cookies: [] };
    server.cookies = await signInPeople(server, Math.max(...CONSOLE_COUNTS));
    for (const consoles of CONSOLE_COUNTS) {
      const rounds = await alternatedRounds(ROUNDS, MODES, (mode) => streamTo(server, mode, consoles, round++));
      const better = {} as Record<Mode, Round>;
      for (const mode of MODES) {
        // A burst of load from elsewhere on a shared machine lands in one round: the better one counts.
        better[mode] = best(rounds.get(mode)!, (r) => -r.longestMs);
        const how = `${mode === 'accounts' ? 'HTTPS, one signed-in person each' : 'plain loopback, token'}; ${ENTRIES_PER_SECOND} entries/s for ${SECONDS} s, every console every event, best of ${ROUNDS} rounds, load ${loadavg()[0]!.toFixed(2)}`;
        const name = `consoles-${consoles}-${mode}-log-event-delay`;
        report({
          name: `${name}-longest (${how})`,
          value: better[mode].longestMs,
          unit: 'ms',
          ...(consoles === TARGET_CONSOLES ? { target: { op: '<=' as const, value: TARGET_LONGEST_MS } } : {}),
        });
        report({ name: `${name}-p99 (that round)`, value: better[mode].p99Ms, unit: 'ms' });
        console.log(
          `  ${mode} rounds: ${rounds
            .get(mode)!
            .map((r) => `longest ${ms(r.longestMs)}, p99 ${ms(r.p99Ms)}`)
            .join('; ')}`,
        );
        if (better[mode].longestMs < TARGET_LONGEST_MS) served[mode].push(consoles);
        table.push(`  ${String(consoles).padStart(3)}  ${mode.padEnd(8)}  longest ${ms(better[mode].longestMs).padStart(9)}  p99 ${ms(better[mode].p99Ms).padStart(9)}`);
      }
      if (consoles === TARGET_CONSOLES) accountsAtTarget = better.accounts;
      const ratio = (pick: (r: Round) => number) => pick(better.accounts) / pick(better.token);
      report({ name: `consoles-${consoles}-accounts-over-token-longest (HTTPS and sessions against plain loopback)`, value: ratio((r) => r.longestMs), unit: 'x' });
      report({ name: `consoles-${consoles}-accounts-over-token-p99`, value: ratio((r) => r.p99Ms), unit: 'x' });
    }
    for (const mode of MODES) {
      report({
        name: `consoles-served-${mode} (most consoles of ${CONSOLE_COUNTS.join(', ')} with every log event under ${TARGET_LONGEST_MS} ms; clients share the cores with the host)`,
        value: Math.max(0, ...served[mode]),
        unit: 'consoles',
      });
    }
    const met = accountsAtTarget !== undefined && accountsAtTarget.longestMs <= TARGET_LONGEST_MS;
    console.log(
      [
        `\nconsoles bench (best round of each; clients share the cores with the host, so pessimistic):`,
        ...table,
        `  target in accounts mode (the council server): ${TARGET_CONSOLES} consoles, longest delay under ${TARGET_LONGEST_MS} ms: ${met ? 'MET' : 'NOT MET'}`,
      ].join('\n'),
    );
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
