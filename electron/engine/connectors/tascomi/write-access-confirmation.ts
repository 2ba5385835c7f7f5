/**
 * The write access confirmation a person starts from the Connections page: the access check's
 * Create & Update results are inferred from a probe no public source documents, so this makes one
 * clearly marked record in each table the integration writes (contacts, complaints), reads it back
 * by id, updates it once and reads it back. What Tascomi refuses is reported in its own words.
 *
 * Decisions:
 * - Never automatic, never on save: only the contract call a person confirms runs it.
 * - Nothing is deleted (casebridge never deletes); the answer lists every id created, and each
 *   record says it needs no action and may be ceased or deleted.
 * - The Service Request's required fields come from enabled code-list entries (a core function, a
 *   request code of that function, an officer); it links no contact and carries no case reference,
 *   so neither the duplicate guard nor the sync can take it for a case's.
 * - One info log line with the ids and the marker only (no personal data).
 */
import { resolveRemoteField, TASCOMI_REQUIRED_ACCESS, type TascomiCodeListName, type TascomiTableAccess } from '../../../../shared/connectors/tascomi-schema';
import type { WriteAccessCheck, WriteAccessConfirmation } from '../../../../shared/domain/tascomi';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { isConnectorError } from '../errors';
import type { TascomiClient } from './client';
import { normaliseCodeEntry, type CodeEntry } from './code-lists';
import type { TascomiFields } from './form';
import { parseTascomiBoolean } from './form';

export interface WriteAccessDeps {
  clock: Clock;
  /** Who started it, written into the Service Request's remarks. */
  operator: string;
  log?: Pick<LogBus, 'write'>;
}

type Client = Pick<TascomiClient, 'listAll' | 'get' | 'create' | 'update'>;

/** A step that did not work, with what to tell the admin. */
class NotConfirmed extends Error {
  constructor(
    readonly outcome: 'refused' | 'not_confirmed',
    message: string,
    /** Authentication, the connection: the other table would fail the same way. */
    readonly stop = false,
  ) {
    super(message);
  }
}

/** Tascomi's own words when it gave any (the error body's message), else ours. */
function wordsOf(error: unknown): string {
  if (isConnectorError(error) && error.detail) return `Tascomi said: "${error.detail}"`;
  return error instanceof Error ? error.message : String(error);
}

const stops = (error: unknown) => isConnectorError(error) && (error.kind === 'authentication' || error.kind === 'connection' || error.kind === 'timeout');

function why(error: unknown, table: string, step: string): NotConfirmed {
  if (error instanceof NotConfirmed) return error;
  if (stops(error)) return new NotConfirmed('not_confirmed', `Not confirmed: ${(error as Error).message}`, true);
  const words = wordsOf(error);
  if (isConnectorError(error) && error.kind === 'permission')
    return new NotConfirmed('refused', `Tascomi refused to ${step} (${words}). The key cannot Create & Update ${table}: ask the Tascomi administrator to grant it.`);
  if (isConnectorError(error) && error.kind === 'validation')
    return new NotConfirmed(
      'not_confirmed',
      `Not confirmed: Tascomi did not accept the check's record when asked to ${step} (${words}). The key may still have Create & Update; fix what Tascomi names (or ask its administrator) and run the confirmation again.`,
    );
  return new NotConfirmed('not_confirmed', `Not confirmed: Tascomi answered an error when asked to ${step} (${words}).`);
}

/** Create, read back, update once, read back; `createdId` is reported even when a later step fails. */
async function writeAndReadBack(client: Client, table: string, create: TascomiFields, update: TascomiFields, onCreated: (id: string) => void): Promise<void> {
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw why(error, table, what);
    }
  };
  const id = await step(`create a ${table} record`, () => client.create(table, create));
  onCreated(id);
  const expect = async (fields: TascomiFields, after: string) => {
    const record = await step(`read ${table} record ${id} back`, () => client.get(table, id));
    const differs = Object.entries(fields).filter(([field, value]) => String(record[field] ?? '') !== String(value ?? ''));
    if (differs.length > 0)
      throw new NotConfirmed('not_confirmed', `Not confirmed: ${table} record ${id} read back ${after} does not hold what was written (${differs.map(([f]) => f).join(', ')}).`);
  };
  await expect(create, 'after the create');
  await step(`update ${table} record ${id}`, () => client.update(table, id, update));
  await expect(update, 'after the update');
}

const officerOk = (entry: CodeEntry) => entry.active && parseTascomiBoolean(entry.officer) !== false;

/** The Service Request's required fields, from enabled entries; a NotConfirmed naming the list that has none. */
async function requiredFields(client: Client): Promise<TascomiFields> {
  const read = async (list: TascomiCodeListName, table: string, need: string) => {
    try {
      return (await client.listAll(table, {}, { maxPages: 40 })).items.map((raw) => normaliseCodeEntry(list, raw));
    } catch (error) {
      if (stops(error)) throw why(error, table, `list ${table}`);
      throw new NotConfirmed('not_confirmed', `Not confirmed: Tascomi refused to list ${table} (${wordsOf(error)}): the Service Request's ${need} cannot be chosen.`);
    }
  };
  const none = (what: string) =>
    new NotConfirmed(
      'not_confirmed',
      `Not confirmed: Tascomi's ${what}, so no Service Request can be created. Ask the Tascomi administrator to enable one, then run the confirmation again.`,
    );
  const functions = (await read('core_functions', 'core_functions', 'core function')).filter((e) => e.active);
  const codes = (await read('complaint_codes', 'complaint_codes', 'request code')).filter((e) => e.active);
  const officer = (await read('users', 'users', 'officer')).find(officerOk);
  // A request code must belong to its function; codes that do not say which function are taken with any.
  const pair = functions
    .map((fn) => ({ fn, code: codes.find((c) => c.core_function_id === undefined || c.core_function_id === null || String(c.core_function_id) === fn.id) }))
    .find((p) => p.code !== undefined);
  if (functions.length === 0) throw none('core functions list has no entry in use');
  if (!pair) throw none('request codes list has no entry in use for a core function in use');
  if (!officer) throw none('users list has no enabled officer');
  return {
    [resolveRemoteField('core_function')!]: pair.fn.id,
    [resolveRemoteField('request_code')!]: pair.code!.id,
    [resolveRemoteField('investigating_officer')!]: officer.id,
  };
}

/**
 * Runs the confirmation for each table the integration writes (TASCOMI_REQUIRED_ACCESS with
 * createUpdate). Stops at authentication or connection failures; otherwise each table is tried.
 */
export async function confirmWriteAccess(client: Client, deps: WriteAccessDeps, tables: readonly TascomiTableAccess[] = TASCOMI_REQUIRED_ACCESS): Promise<WriteAccessConfirmation> {
  const now = deps.clock.now();
  const marker = `CASEBRIDGE-ACCESS-CHECK-${now.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  const when = now.toFormat('yyyy-MM-dd HH:mm');
  const remarks = `casebridge API access check ${marker}, started by ${deps.operator} at ${when}. It needs no action and may be ceased or deleted.`;
  const records: Record<string, { create: () => Promise<TascomiFields>; update: TascomiFields }> = {
    contacts: {
      create: async () => ({ firstname: 'casebridge', surname: 'access check', [resolveRemoteField('requester.reference')!]: marker }),
      update: { surname: 'access check (updated)' },
    },
    complaints: {
      create: async () => ({ ...(await requiredFields(client)), [resolveRemoteField('description')!]: remarks }),
      update: { [resolveRemoteField('description')!]: `${remarks} Updated once by the same check.` },
    },
  };

  const checks: WriteAccessCheck[] = [];
  const created: { table: string; id: string }[] = [];
  let stopped: string | undefined;
  for (const access of tables.filter((t) => t.createUpdate)) {
    const record = records[access.table];
    const base = { table: access.table, label: access.label };
    if (!record) {
      checks.push({ ...base, outcome: 'not_confirmed', detail: `Not confirmed: casebridge has no marked record to write to ${access.table}.` });
      continue;
    }
    if (stopped) {
      checks.push({ ...base, outcome: 'not_confirmed', detail: `Not tried: ${stopped}` });
      continue;
    }
    let createdId: string | undefined;
    try {
      await writeAndReadBack(client, access.table, await record.create(), record.update, (id) => {
        createdId = id;
        created.push({ table: access.table, id });
      });
      checks.push({
        ...base,
        outcome: 'confirmed',
        detail: `Created ${access.table} record ${createdId}, read it back, updated it once and read it back: Create & Update is confirmed.`,
        createdId,
      });
    } catch (error) {
      const failed = why(error, access.table, 'write');
      if (failed.stop) stopped = failed.message;
      checks.push({ ...base, outcome: failed.outcome, detail: failed.message, ...(createdId ? { createdId } : {}) });
    }
  }

  const ok = checks.length > 0 && checks.every((c) => c.outcome === 'confirmed');
  const ids = created.length > 0 ? created.map((c) => `${c.table} ${c.id}`).join(', ') : 'none';
  deps.log?.write({
    level: 'info',
    source: 'tascomi',
    message: `Tascomi write access confirmation ${marker}: ${checks.map((c) => `${c.table} ${c.outcome.replace('_', ' ')}`).join(', ')}; records created (not deleted): ${ids}.`,
  });
  const failed = checks.filter((c) => c.outcome !== 'confirmed');
  return {
    ok,
    marker,
    checks,
    created,
    ...(failed.length > 0 ? { reason: failed.map((c) => `${c.table}: ${c.detail}`).join(' ') } : {}),
  };
}
