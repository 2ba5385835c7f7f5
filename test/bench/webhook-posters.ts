/**
 * The CRM side of the webhook benchmark, in its own process so its work does not share the
 * engine's core: POSTERS concurrent keep-alive connections post new signed cases (the sample cases,
 * each with its own id, details and updatedAt), as a CRM re-sending a day's backlog does. First a
 * warm-up, then the measured run; prints `measuring` when the measured run starts and one JSON line
 * `done {...}` at the end (latencies as the posters see them). Exits non-zero when any post is not
 * answered 202. Run by webhook.bench.ts:
 *   node --import tsx test/bench/webhook-posters.ts <url> <posters> <warm-up> <count> <id prefix>
 * with the shared secret in CASEBRIDGE_BENCH_SECRET.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { crmHeaders } from '../support/crm';

const [url, posters, warmUp, count, prefix] = process.argv.slice(2);
const secret = process.env.CASEBRIDGE_BENCH_SECRET;
if (!url || !posters || !warmUp || !count || !prefix || !secret) {
  console.error('usage: webhook-posters.ts <url> <posters> <warm-up> <count> <id prefix>, with CASEBRIDGE_BENCH_SECRET set');
  process.exit(2);
}
const POSTERS = Number(posters);
const WARM_UP = Number(warmUp);
const COUNT = Number(count);
const target = new URL(url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error(`the bench posts to this machine only, not ${target.hostname}`);

const samplesDir = resolve(import.meta.dirname, '../../resources/sample-cases');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(samplesDir, f), 'utf8')) as Record<string, any>);
const startedMs = Date.now();

/** Case `n`: a sample with its own id, its people's and places' details varied, and an updatedAt of its own. */
function caseBody(n: number): string {
  const sample = samples[n % samples.length]!;
  return JSON.stringify({
    ...sample,
    id: `${prefix}${String(n).padStart(6, '0')}`,
    fields: { ...sample.fields, description: `${sample.fields?.description ?? ''} (report ${n})` },
    people: (sample.people ?? []).map((p: Record<string, any>) => ({ ...p, reference: `CXM-P-${100000 + n}`, phone: `07700 9${String(n % 100000).padStart(5, '0')}` })),
    addresses: (sample.addresses ?? []).map((a: Record<string, any>) => ({ ...a, lines: [`${1 + (n % 200)} ${a.lines?.[0] ?? 'High Street'}`, ...(a.lines ?? []).slice(1)] })),
    updatedAt: new Date(startedMs + n).toISOString(),
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: POSTERS });

function post(body: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(target, { method: 'POST', agent, headers: crmHeaders(secret!, body, Date.now()) }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.end(body);
  });
}

/** Posts cases [from, to) from POSTERS loops; each latency is from sending to the whole answer. */
async function phase(from: number, to: number): Promise<{ latenciesMs: number[]; seconds: number; refused: Record<string, number> }> {
  let next = from;
  const latenciesMs: number[] = [];
  const refused: Record<string, number> = {};
  const started = performance.now();
  const loop = async () => {
    while (next < to) {
      const n = next++;
      const body = caseBody(n);
      const sent = performance.now();
      const status = await post(body);
      latenciesMs.push(performance.now() - sent);
      if (status !== 202) refused[status] = (refused[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: POSTERS }, loop));
  return { latenciesMs, seconds: (performance.now() - started) / 1000, refused };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const warm = await phase(0, WARM_UP);
console.log('measuring');
const measured = await phase(WARM_UP, WARM_UP + COUNT);
agent.destroy();
const sorted = [...measured.latenciesMs].sort((a, b) => a - b);
const refused = { ...warm.refused };
for (const [status, n] of Object.entries(measured.refused)) refused[status] = (refused[status] ?? 0) + n;
console.log(`done ${JSON.stringify({ count: COUNT, seconds: measured.seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1), refused })}`);
process.exit(Object.keys(refused).length > 0 ? 1 : 0);
