/**
 * Two-way sync: Tascomi changes a Service Request (an officer closes it, adds a note) and the case
 * here should hear of it. Tascomi filters only by equality, and `last_updated=yyyy-MM-dd` matches a
 * whole day, so a poll lists each day since the watermark, newest first, and stops paging at the
 * first record older than the watermark. Records at the watermark itself are read again on the next
 * poll (applying the same values twice changes nothing), so a change made in the same second as a
 * poll is never missed.
 *
 * A record belongs to a case when its case reference field (external_reference) names a stored case
 * AND that case's Reference holds the record's id; then every incoming template for that Reference
 * is applied. A record without a value in that field (the column missing on the instance, null, or
 * empty) belongs to no case, whatever its id; the poll's log line counts them so a person can see why.
 *
 * Stopping ends the wait between polls at once and aborts a poll under way (its request, or its
 * wait before a retry); the watermark is only saved by a finished poll, so the next poll reads from
 * the same point and nothing is missed.
 */
import { DateTime } from 'luxon';
import { DEFAULT_TASCOMI_SYNC, TascomiSyncSettingsSchema, type TascomiSyncRun, type TascomiSyncSettings, type TascomiSyncView } from '../../../shared/domain/tascomi-sync';
import type { Case } from '../../../shared/domain/case';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Template } from '../../../shared/domain/template';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import { createLoopControl, type LoopControl } from '../loop-control';
import type { TascomiClient, TascomiRecord } from '../connectors/tascomi/client';
import { caseField, caseReferenceOf, COMPLAINTS_TABLE, type ServiceRequestSettings } from '../connectors/tascomi/service-requests';
import type { SettingsRepo } from '../store/settings-repo';
import { applyIncomingRecord } from './tascomi-executor';

const SETTINGS_KEY = 'tascomi.sync.settings';
const WATERMARK_KEY = 'tascomi.sync.watermark';
/** Tascomi's date-time format, in the instance's zone. */
const TASCOMI_TIME = 'yyyy-MM-dd HH:mm:ss';
/** A first poll (no watermark yet) looks back this far. */
const FIRST_LOOK_BACK_HOURS = 24;
/** Safety bound on pages read per day per poll. */
const MAX_PAGES_PER_DAY = 400;

export interface TascomiSyncDeps {
  settings: SettingsRepo;
  client(): Promise<Pick<TascomiClient, 'list' | 'timeZone'>>;
  serviceRequestSettings(): Promise<ServiceRequestSettings>;
  cases: { get(id: string): Case | undefined; setFields(id: string, fields: Record<string, string>): void };
  /** Every current incoming Tascomi template. */
  incomingTemplates(): Template[];
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
}

export interface TascomiSync {
  view(): TascomiSyncView;
  save(input: unknown): TascomiSyncView;
  /** Polls now (a person's "sync now", or the schedule). */
  runNow(): Promise<TascomiSyncRun>;
  /** Polls on the schedule while enabled, until stop(). */
  start(): void;
  stop(): Promise<void>;
}

/** A finished poll, with what its log line needs beyond the run. */
interface Poll {
  run: TascomiSyncRun;
  field: string;
  /** Changed records whose case reference field was missing, null or empty. */
  withoutReference: number;
}

export function createTascomiSync(deps: TascomiSyncDeps): TascomiSync {
  const { clock } = deps;
  let lastRun: TascomiSyncRun | undefined;
  let running: Promise<TascomiSyncRun> | undefined;
  let nextRunAtMs: number | undefined;
  let loop: Promise<void> | undefined;
  let control = createLoopControl(clock);

  const read = (): TascomiSyncSettings => {
    const parsed = TascomiSyncSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_TASCOMI_SYNC };
  };
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO()!;

  async function poll(signal: AbortSignal): Promise<Poll> {
    const startedAt = clock.now();
    const client = await deps.client();
    const zone = client.timeZone;
    const serverNow = startedAt.setZone(zone);
    const stored = deps.settings.get(WATERMARK_KEY);
    const since =
      typeof stored === 'string' && DateTime.fromFormat(stored, TASCOMI_TIME, { zone }).isValid ? stored : serverNow.minus({ hours: FIRST_LOOK_BACK_HOURS }).toFormat(TASCOMI_TIME);
    const run: TascomiSyncRun = { startedAt: startedAt.toISO()!, since, changed: 0, matched: 0, updated: 0 };
    const field = caseField(await deps.serviceRequestSettings());
    const templates = deps.incomingTemplates();
    let watermark = since;
    let withoutReference = 0;

    // Each day from the watermark's to today's, in Tascomi's zone.
    for (let day = DateTime.fromFormat(since, TASCOMI_TIME, { zone }).startOf('day'); day <= serverNow; day = day.plus({ days: 1 })) {
      for (let page = 1; page <= MAX_PAGES_PER_DAY; page++) {
        const answer = await client.list(COMPLAINTS_TABLE, { last_updated: day.toFormat('yyyy-MM-dd') }, { sort: '-last_updated', page, signal });
        let older = false;
        for (const record of answer.items) {
          const updated = typeof record.last_updated === 'string' ? record.last_updated : '';
          // The format sorts as text; a record without a time cannot be placed, so it is read.
          if (updated !== '' && updated < since) {
            older = true;
            continue;
          }
          run.changed++;
          if (updated > watermark) watermark = updated;
          const outcome = applyTo(record, field, templates);
          if (outcome === 'no_reference') withoutReference++;
          if (outcome === 'unchanged' || outcome === 'updated') run.matched++;
          if (outcome === 'updated') run.updated++;
        }
        const last = answer.perPage > 0 ? answer.items.length < answer.perPage : answer.items.length === 0;
        if (older || last || (answer.total !== null && page * answer.perPage >= answer.total)) break;
      }
    }
    deps.settings.set(WATERMARK_KEY, watermark, clock.now().toISO()!);
    return { run, field, withoutReference };
  }

  /** Applies the incoming templates when the record belongs to a case here. */
  function applyTo(record: TascomiRecord, field: string, templates: Template[]): 'no_reference' | 'not_ours' | 'unchanged' | 'updated' {
    const caseId = caseReferenceOf(record, field);
    if (caseId === undefined) return 'no_reference';
    const kase = deps.cases.get(caseId);
    if (!kase) return 'not_ours';
    const mine = templates.filter((t) => kase.references[t.reference] === record.id);
    if (mine.length === 0) return 'not_ours';
    return applyIncomingRecord(deps, kase.id, record, mine, { why: `(Service Request ${record.id} changed in Tascomi)` }) ? 'updated' : 'unchanged';
  }

  async function runNow(): Promise<TascomiSyncRun> {
    // One poll at a time: a person's "sync now" during a scheduled poll waits for it.
    if (running) return running;
    const { signal } = control;
    running = poll(signal)
      .then(
        ({ run, field, withoutReference }) => {
          const unreferenced = withoutReference > 0 ? `; ${withoutReference} carried no case reference (${field}) and were left alone.` : '.';
          deps.log.write({
            level: 'info',
            source: 'tascomi',
            message: `Two-way sync: ${run.changed} Service Request(s) changed in Tascomi since ${run.since}; ${run.matched} belong to cases here, ${run.updated} case(s) updated${unreferenced}`,
          });
          return run;
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (signal.aborted) {
            deps.log.write({ level: 'info', source: 'tascomi', message: `Two-way sync stopped in the middle of a poll (${message}); the next poll reads from the same point.` });
          } else {
            deps.log.write({ level: 'warn', source: 'tascomi', message: `Two-way sync could not poll Tascomi: ${message} It will try again at the next poll.` });
          }
          return { startedAt: clock.now().toISO()!, since: String(deps.settings.get(WATERMARK_KEY) ?? ''), changed: 0, matched: 0, updated: 0, error: message };
        },
      )
      .then((run) => {
        if (!signal.aborted) lastRun = run; // a poll cut short by a stop is not a result
        running = undefined;
        return run;
      });
    return running;
  }

  async function schedule(current: LoopControl): Promise<void> {
    while (!current.stopped) {
      const settings = read();
      if (!settings.enabled) {
        nextRunAtMs = undefined;
        await current.wait(); // until a save turns it on, or the stop
        continue;
      }
      nextRunAtMs ??= clock.millis() + settings.intervalMinutes * 60_000;
      const wait = nextRunAtMs - clock.millis();
      if (wait > 0) {
        await current.wait(wait);
        continue; // settings may have changed meanwhile
      }
      nextRunAtMs = undefined;
      await runNow();
    }
  }

  return {
    view: () => ({ ...read(), ...(lastRun ? { lastRun } : {}), ...(nextRunAtMs !== undefined && read().enabled ? { nextRunAt: iso(nextRunAtMs) } : {}) }),
    save(input) {
      const parsed = TascomiSyncSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new CallRefusedError(`The sync settings are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, 'invalid_input', issues);
      }
      const before = read();
      deps.settings.set(SETTINGS_KEY, parsed.data, clock.now().toISO()!);
      // Turned on again: the first poll looks back a day, not to when it was last on.
      if (parsed.data.enabled && !before.enabled) deps.settings.set(WATERMARK_KEY, null, clock.now().toISO()!);
      nextRunAtMs = undefined;
      deps.log.write({
        level: 'info',
        source: 'tascomi',
        message: parsed.data.enabled ? `Two-way sync on: Tascomi is asked for changed Service Requests every ${parsed.data.intervalMinutes} minute(s).` : 'Two-way sync off.',
      });
      control.wake();
      return this.view();
    },
    runNow,
    start() {
      if (loop) return;
      if (control.stopped) control = createLoopControl(clock);
      loop = schedule(control);
    },
    async stop() {
      control.stop(); // also aborts a poll under way, the schedule's or a person's
      await loop;
      await running;
      loop = undefined;
    },
  };
}
