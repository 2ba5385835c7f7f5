/**
 * Demo mode (`--demo`): the launch script starts a Tascomi emulator with some faults switched on;
 * this module sets the engine up against it (connection, reference, templates, rules) and feeds
 * sample cases in every few seconds, so a newcomer sees successes, retries and a validation failure
 * within a minute. Everything goes through the contract's calls, validated as the console's are;
 * the module knows nothing of the emulator beyond its address and keys.
 */
import { z } from 'zod';
import type { CallInput, CallName, CallOutput, Handlers } from '../../shared/contract';
import { dispatchCall } from '../../shared/dispatch';
import type { NewLogEntry } from '../../shared/domain/log-entry';
import type { Caller } from '../../shared/domain/people';
import type { Case } from '../../shared/domain/case';
import { isLoopbackHost } from '../../shared/loopback';
import type { Clock } from '../engine/clock';
import type { Engine } from '../engine/engine';
import { createLoopControl } from '../engine/loop-control';
import demoRules from '../../resources/demo/rules.json';
import { demoCase, DEMO_CASE_PREFIX, failsValidation, nextCaseNumber, UNKNOWN_REPORTING_METHOD } from './demo-cases';
import type { DemoOptions } from './options';

export const DEMO_REFERENCE = 'SR number';
export const DEFAULT_FEED_INTERVAL_MS = 4_000;
/** The emulator fails some requests on purpose, the connection check among them: try it a few times. */
const SAVE_ATTEMPTS = 6;
const SAVE_RETRY_MS = 2_000;

const bundledTemplates = import.meta.glob('../../resources/demo/templates/*.json', { eager: true, query: '?raw', import: 'default' }) as Record<string, string>;

const RulesFileSchema = z.array(
  z.object({ name: z.string().min(1), caseType: z.string().min(1), on: z.enum(['created', 'updated', 'both']), template: z.string().min(1) }).strict(),
);

/** What a host holds after createEngine: the demo drives the engine as a host does, never from inside. */
export interface DemoDeps {
  handlers: Handlers;
  intake: Pick<Engine['intake'], 'receive'>;
  log: { write(entry: NewLogEntry): unknown };
  clock: Clock;
}

export interface DemoSettings extends DemoOptions {
  /** Time between two cases (default 4 s). */
  intervalMs?: number;
  /** Stop after this many cases (default: until stopped); tests on a fake clock need an end. */
  maxCases?: number;
  /** Template files by path (default: resources/demo/templates). */
  templateFiles?: Record<string, string>;
}

export interface SeedReport {
  templates: { name: string; id: number; imported: boolean }[];
  rules: { name: string; id: number; created: boolean }[];
}

export interface Feeder {
  /** Feeds no more cases, ending the wait for the next at once; a case being handed in finishes first. */
  stop(): void;
  /** Settles when the feeder has stopped (asked to, `maxCases` reached, or the engine closed). */
  readonly finished: Promise<void>;
  /** The ids fed so far, in order. */
  fed(): string[];
}

export interface Demo {
  seeded: SeedReport;
  feeder: Feeder;
  stop(): void;
}

/** Sets the engine up for the demo, then starts feeding cases. Throws (with the reason) when setting up fails. */
export async function startDemo(deps: DemoDeps, settings: DemoSettings): Promise<Demo> {
  const seeded = await seedDemo(deps, settings);
  const feeder = await startFeeder(deps, settings);
  return { seeded, feeder, stop: () => feeder.stop() };
}

/** Demo mode sets the engine up as an administrator would, and its records say so. */
const DEMO_CALLER: Caller = { name: 'demo mode', role: 'administrator', source: 'desktop' };

/** Runs a call through the contract (input parsed, refusals as errors), as a console's call would. */
async function call<N extends CallName>(handlers: Handlers, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await dispatchCall(handlers, name, input, DEMO_CALLER);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as CallOutput<N>;
}

function note(deps: DemoDeps, level: NewLogEntry['level'], message: string, caseId?: string): void {
  deps.log.write({ level, source: 'demo', message, ...(caseId ? { caseId } : {}) });
}

/**
 * The connection, the reference, the templates and the rules. Safe to run again on the same data
 * folder: templates and rules that exist by name are kept as they are (the person may have edited
 * them), and only the connection's address and keys are saved anew (the emulator's port changes).
 */
export async function seedDemo(deps: DemoDeps, settings: DemoSettings): Promise<SeedReport> {
  const { handlers } = deps;
  const info = await call(handlers, 'getAppInfo', {});
  const current = await call(handlers, 'getTascomiSettings', {});
  // Never overwrite a real connection, whatever data folder the demo was pointed at.
  if (current.baseUrl && !isLoopbackHost(hostOf(current.baseUrl))) {
    throw new Error(
      `The data folder ${info.dataDir} holds the connection to a real Tascomi (${hostOf(current.baseUrl)}); the demo never changes it. Run the demo on a folder of its own (leave --data-dir out).`,
    );
  }
  note(
    deps,
    'info',
    `Demo mode: casebridge works against a Tascomi emulator on this machine (${settings.tascomiUrl}), not a real Tascomi. The demo keeps its data in ${info.dataDir}.`,
  );

  await saveConnection(deps, settings);

  const references = await call(handlers, 'listReferences', {});
  if (!references.some((r) => r.name === DEMO_REFERENCE)) await call(handlers, 'createReference', { name: DEMO_REFERENCE });

  const files = settings.templateFiles ?? bundledTemplates;
  const existing = new Map((await call(handlers, 'listTemplates', {})).map((t) => [t.name, t.id]));
  const templates: SeedReport['templates'] = [];
  for (const path of Object.keys(files).sort()) {
    const content = files[path]!;
    const name = templateNameIn(content, path);
    const id = existing.get(name);
    if (id !== undefined) {
      templates.push({ name, id, imported: false });
      continue;
    }
    let saved;
    try {
      saved = await call(handlers, 'importTemplate', { content });
    } catch (error) {
      throw new Error(`The demo template ${fileName(path)} could not be imported: ${(error as Error).message}`);
    }
    existing.set(saved.name, saved.id);
    templates.push({ name: saved.name, id: saved.id, imported: true });
  }

  const ruleList = RulesFileSchema.parse(demoRules);
  const existingRules = new Map((await call(handlers, 'listRules', {})).map((r) => [r.name, r.id]));
  const rules: SeedReport['rules'] = [];
  for (const rule of ruleList) {
    const id = existingRules.get(rule.name);
    if (id !== undefined) {
      rules.push({ name: rule.name, id, created: false });
      continue;
    }
    const templateId = existing.get(rule.template);
    if (templateId === undefined) throw new Error(`The demo rule '${rule.name}' names the template '${rule.template}', which the demo does not have.`);
    const created = await call(handlers, 'createRule', { name: rule.name, caseType: rule.caseType, on: rule.on, templateId });
    rules.push({ name: created.name, id: created.id, created: true });
  }

  const imported = templates.filter((t) => t.imported).length;
  const created = rules.filter((r) => r.created).length;
  note(
    deps,
    'info',
    `Demo: templates ${imported} imported, ${templates.length - imported} kept as they were; rules ${created} created, ${rules.length - created} kept as they were (reference '${DEMO_REFERENCE}').`,
  );
  return { templates, rules };
}

async function saveConnection(deps: DemoDeps, settings: DemoSettings): Promise<void> {
  const input: CallInput<'saveTascomiSettings'> = {
    enabled: true,
    baseUrl: settings.tascomiUrl,
    publicKey: settings.publicKey,
    privateKey: settings.privateKey,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 3600,
  };
  let reason = 'no attempt was made';
  for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
    const result = await call(deps.handlers, 'saveTascomiSettings', input);
    if (result.saved) return;
    reason = result.test?.reason ?? 'the connection could not be verified';
    if (attempt < SAVE_ATTEMPTS) {
      note(deps, 'info', `Demo: the emulator failed the connection check (it fails some requests on purpose); trying again in ${SAVE_RETRY_MS / 1000} s.`);
      await deps.clock.sleep(SAVE_RETRY_MS);
    }
  }
  throw new Error(`The Tascomi emulator at ${settings.tascomiUrl} could not be verified in ${SAVE_ATTEMPTS} tries: ${reason}`);
}

/** The sample cases a demo rule applies to (the demo sends to Tascomi; other samples would queue nothing). */
export function demoSamples(samples: readonly Case[]): Case[] {
  const caseTypes = new Set(RulesFileSchema.parse(demoRules).map((r) => r.caseType));
  return samples.filter((s) => caseTypes.has(s.type));
}

/** Hands a sample case to the intake every `intervalMs` (the first at once), until stopped. */
export async function startFeeder(deps: DemoDeps, settings: Pick<DemoSettings, 'intervalMs' | 'maxCases'> = {}): Promise<Feeder> {
  const intervalMs = settings.intervalMs ?? DEFAULT_FEED_INTERVAL_MS;
  const samples = demoSamples(await call(deps.handlers, 'listSampleCases', {}));
  const stored = await call(deps.handlers, 'listCases', { search: DEMO_CASE_PREFIX, limit: 500 });
  const first = nextCaseNumber(stored.map((c) => c.id));
  const fed: string[] = [];
  const control = createLoopControl(deps.clock);

  note(
    deps,
    'info',
    `Demo: a sample case arrives every ${intervalMs / 1000} s, numbered from ${DEMO_CASE_PREFIX}${first}. The emulator fails some requests on purpose, so some attempts are retried; every fifth case is reported by "${UNKNOWN_REPORTING_METHOD}", which Tascomi does not know, so it fails validation and is not retried.`,
  );

  const feedOne = (n: number) => {
    const kase = demoCase(samples, n, deps.clock.now());
    const result = deps.intake.receive(kase);
    fed.push(kase.id);
    if (!result.ok) {
      note(deps, 'warn', `Demo: case ${kase.id} was refused by the intake: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, kase.id);
      return;
    }
    const jobs = result.jobs?.length ?? 0;
    const expect = failsValidation(n)
      ? ` It says it was reported by "${UNKNOWN_REPORTING_METHOD}", which is not in Tascomi's reporting methods: expect a validation failure, not retried.`
      : '';
    note(deps, 'info', `Demo: case ${kase.id} (${kase.type}) arrived as if from the CRM; ${jobs} job(s) queued.${expect}`, kase.id);
  };

  const finished = (async () => {
    for (let n = first; !control.stopped && (settings.maxCases === undefined || fed.length < settings.maxCases); n++) {
      if (n > first) {
        await control.wait(intervalMs);
        if (control.stopped) break;
      }
      try {
        feedOne(n);
      } catch (error) {
        // The store is gone (the engine closed under the feeder): nothing more to feed, or to log to.
        control.stop();
        try {
          note(deps, 'warn', `Demo: stopped feeding cases: ${error instanceof Error ? error.message : String(error)}`);
        } catch {
          // the log is closed too
        }
      }
    }
  })();

  return {
    stop: () => control.stop(),
    finished,
    fed: () => [...fed],
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

function templateNameIn(content: string, path: string): string {
  try {
    const name = (JSON.parse(content) as { template?: { name?: unknown } }).template?.name;
    if (typeof name === 'string' && name.trim()) return name.trim();
  } catch {
    // reported below
  }
  throw new Error(`The demo template ${fileName(path)} has no template name (is it a casebridge template file?).`);
}
