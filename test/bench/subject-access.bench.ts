/**
 * A subject access request on a store the size of a busy council's: 100,000 cases and 1,000,000 log
 * entries (subject-access-fill.ts), for a resident with five cases and two log entries without a
 * case. Timed as the console makes it, through the contract's handlers: the search started
 * (findSubjectAccess) and followed to its end (getSubjectAccess), then the whole file in batches
 * (exportSubjectAccess). Each round searches by another
 * set of identifiers (all of them, email, name, phone), and the answer is checked against what was
 * planted, so a fast wrong answer cannot pass.
 *
 * Targets: a search and its export in under 3 seconds (median of the rounds). A person waits for
 * it once per request, with the page showing it is at work. On the 2-core development machine it
 * measured 0.8 s when quiet and 1.4 s when busy with other work; 3 s is about twice the busy figure:
 * room for a shared machine's noise, not for a search doing twice the work. And the engine's longest silence while a search runs (another
 * console's call kept waiting) under 250 ms, a pause a person would notice: the search pauses
 * between batches (measured 30 to 150 ms; without the pauses it is the whole search). Reported
 * beside them: the first search after the store opens, the CPU a request uses, and the export of
 * a name many residents share (391 cases, 2,711 log entries), to show how a large file goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { DATABASE_FILE } from '../../electron/engine/data-dir';
import type { CallName, Handlers } from '../../shared/contract';
import { dispatchCall } from '../../shared/dispatch';
import type { SubjectAccessBatch, SubjectAccessSearch } from '../../shared/domain/subject-access';
import { benchEngine } from './bench-engine';
import { median } from './measure';
import { report } from './report';
import { SUBJECT, SUBJECT_CASE_IDS, SUBJECT_CASELESS_ENTRIES, fillSubjectAccessStore } from './subject-access-fill';
import { AT_THE_DESK } from '../support/caller';

const CASES = 100_000;
const ENTRIES = 1_000_000;
const ROUNDS = 2;
const POLL_MS = 20;

const SEARCHES = [
  {
    name: 'every identifier',
    subject: { givenName: SUBJECT.given, familyName: SUBJECT.family, email: SUBJECT.email, phone: SUBJECT.phone, personReference: SUBJECT.reference, uprn: SUBJECT.uprn },
    cases: 5,
    caseless: 2,
  },
  { name: 'email', subject: { email: SUBJECT.email }, cases: 2, caseless: 1 },
  { name: 'name', subject: { givenName: SUBJECT.given, familyName: SUBJECT.family }, cases: 3, caseless: 0 },
  { name: 'phone', subject: { phone: SUBJECT.phone }, cases: 2, caseless: 0 },
] as const;

/** Calls another console might make, every few milliseconds, until stopped: answers the longest the engine kept it waiting. */
function watchSilence(h: Handlers): { stop(): Promise<number> } {
  let stopped = false;
  let longest = 0;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await h.getHealth({});
      longest = Math.max(longest, performance.now() - t0 - 5);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return longest;
    },
  };
}

/** A call as the console makes it: through the contract's dispatcher (its input parsed by the call's schema). */
async function value<T>(h: Handlers, name: CallName, input: unknown): Promise<T> {
  const result = await dispatchCall(h, name, input, AT_THE_DESK);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value as T;
}

async function searchAndExport(h: Handlers, subject: Record<string, string>) {
  const t0 = performance.now();
  let search = await value<SubjectAccessSearch>(h, 'findSubjectAccess', { subject, reason: 'Benchmark subject access request' });
  // Followed as the console follows it, asking how it is going (more often than the console's 250 ms, to time its end closely).
  while (search.state === 'searching') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    search = await value<SubjectAccessSearch>(h, 'getSubjectAccess', { requestId: search.requestId });
  }
  if (search.state !== 'found') throw new Error(`the search failed: ${search.message}`);
  const preview = search;
  const findMs = performance.now() - t0;
  let offset = 0;
  let text = '';
  for (;;) {
    const batch = await value<SubjectAccessBatch>(h, 'exportSubjectAccess', { requestId: preview.requestId, offset });
    text += batch.text;
    offset = batch.nextOffset;
    if (batch.done) break;
  }
  return { preview, findMs, totalMs: performance.now() - t0, text };
}

it('subject access: a search and its export over 100,000 cases and 1,000,000 log entries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-sar-'));
  try {
    const first = benchEngine(dir, { startWorkers: false });
    await first.handlers.createReference({ name: 'SR number' });
    const template = await first.handlers.saveTemplate({ draft: { name: 'Bench', connector: 'tascomi', type: 'create', reference: 'SR number', rows: [] } });
    await first.close();
    const filled = fillSubjectAccessStore(join(dir, DATABASE_FILE), { cases: CASES, entries: ENTRIES, templateId: template.id });
    report({ name: 'subject-access-fill (setup: 100,000 cases with a job each, 1,000,000 log entries, indexes built after)', value: filled.fillMs / 1000, unit: 's' });

    const engine = benchEngine(dir, { startWorkers: false });
    const h = engine.handlers;
    const check = (search: (typeof SEARCHES)[number], result: Awaited<ReturnType<typeof searchAndExport>>) => {
      const { counts, cases } = result.preview;
      const file = JSON.parse(result.text) as { cases: { id: string }[]; jobs: unknown[]; logEntries: { foundBy?: unknown }[] };
      const wrong =
        counts.cases !== search.cases ||
        counts.logEntriesWithoutCase !== search.caseless ||
        cases.some((c) => !SUBJECT_CASE_IDS.includes(c.id)) ||
        file.cases.length !== counts.cases ||
        file.jobs.length !== counts.cases ||
        file.logEntries.length !== counts.logEntries ||
        file.logEntries.filter((e) => e.foundBy).length !== search.caseless;
      if (wrong) throw new Error(`the search by ${search.name} found the wrong things: ${JSON.stringify({ counts, cases: cases.map((c) => c.id) })}`);
    };
    const every = SEARCHES[0];
    const cold = await searchAndExport(h, every.subject);
    check(every, cold);
    if (cold.preview.counts.logEntries !== filled.subjectCaseEntries + SUBJECT_CASELESS_ENTRIES)
      throw new Error(`expected ${filled.subjectCaseEntries + SUBJECT_CASELESS_ENTRIES} log entries, found ${cold.preview.counts.logEntries}`);

    const totals: number[] = [];
    const finds: number[] = [];
    const cpu: number[] = [];
    let silence = 0;
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const search of SEARCHES) {
        const watch = watchSilence(h);
        const cpu0 = process.cpuUsage();
        const result = await searchAndExport(h, search.subject);
        const used = process.cpuUsage(cpu0);
        silence = Math.max(silence, await watch.stop());
        check(search, result);
        totals.push(result.totalMs);
        finds.push(result.findMs);
        cpu.push((used.user + used.system) / 1000);
        if (search === every) bytes = result.text.length;
      }
    }
    report({ name: 'subject-access-cold-first-search-and-export-100k-cases-1m-log', value: cold.totalMs / 1000, unit: 's' });
    report({ name: 'subject-access-search-and-export-100k-cases-1m-log (median)', value: median(totals) / 1000, unit: 's', target: { op: '<=', value: 3 } });
    report({ name: 'subject-access-search-and-export-100k-cases-1m-log (slowest)', value: Math.max(...totals) / 1000, unit: 's' });
    report({ name: 'subject-access-search-only (median)', value: median(finds) / 1000, unit: 's' });
    report({ name: 'subject-access-cpu-per-request (median, this process: JavaScript and SQLite)', value: median(cpu) / 1000, unit: 's' });
    report({ name: 'subject-access-longest-engine-silence-during-a-search', value: silence, unit: 'ms', target: { op: '<=', value: 250 } });
    report({
      name: `subject-access-file-size (every identifier: ${cold.preview.counts.cases} cases, ${cold.preview.counts.logEntries} log entries)`,
      value: bytes / 1000,
      unit: 'kB',
    });

    // A name many residents share (John Smith is one case in 256 here): how a large file is written.
    const common = await searchAndExport(h, { givenName: 'John', familyName: 'Smith' });
    const { counts } = common.preview;
    if (counts.cases !== Math.ceil(CASES / 256) || JSON.parse(common.text).logEntries.length !== counts.logEntries) throw new Error(`John Smith: ${JSON.stringify(counts)}`);
    const exportMs = common.totalMs - common.findMs;
    report({
      name: `subject-access-large-export (${counts.cases} cases, ${counts.logEntries} log entries, ${(common.text.length / 1e6).toFixed(1)} MB)`,
      value: exportMs / 1000,
      unit: 's',
    });
    report({ name: 'subject-access-large-export-rate', value: (counts.cases + counts.jobs + counts.logEntries) / (exportMs / 1000), unit: 'records/s' });
    await engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
