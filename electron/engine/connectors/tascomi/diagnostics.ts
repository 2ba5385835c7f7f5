/**
 * "Test connection" and "Check API access" for the settings page. The connection test runs in
 * steps (address, reach, authenticate, clock) and stops at the first failure with a reason a
 * council IT person can act on; saving enabled settings runs it first (the seed). The access check
 * lists, per table the integration needs, whether the key can View and (where needed) Create &
 * Update, so the admin can ask Tascomi for exactly what is missing.
 */
import { DateTime } from 'luxon';
import {
  checkTascomiBaseUrl,
  type AccessBasis,
  type ApiAccessResult,
  type ApiAccessRow,
  type ConnectionStepName,
  type ConnectionTestResult,
  type ConnectionTestStep,
  type DuplicateGuardCheck,
  type WriteAccessConfirmation,
} from '../../../../shared/domain/tascomi';
import { isLacking, summariseAccess } from '../../../../shared/domain/tascomi-access';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import { ConnectorError, isConnectorError } from '../errors';
import { checkCaseReferenceField } from './case-reference-check';
import { createTascomiClient, DEFAULT_TASCOMI_TIME_ZONE, type TascomiClient } from './client';
import { caseField } from './service-requests';
import { confirmWriteAccess } from './write-access-confirmation';
import { TASCOMI_REQUIRED_ACCESS, type TascomiTableAccess } from '../../../../shared/connectors/tascomi-schema';
import type { HttpExchange } from '../http/send';
import { describeProxy, selectProxy, type FetchLike, type ProxyEnv } from '../http/transport';
import { aheadOfBackground } from '../http/rate-limit';
import type { RateLimits } from '../rate-limits';

export const DEFAULT_MAX_CLOCK_OFFSET_MS = 30_000;
/** A small code list every integration key must be able to view: the probe for reach and authenticate. */
const PROBE_TABLE = 'core_functions';

export interface ConnectionSettings {
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  timeZone?: string;
}

export interface DiagnosticsDeps {
  clock: Clock;
  fetch?: FetchLike;
  proxy?: string | null;
  proxyEnv?: ProxyEnv;
  timeoutMs?: number;
  /** Beyond this difference between the clocks the test fails (default 30 s). */
  maxClockOffsetMs?: number;
  boundaryMarginMs?: number;
  log?: Pick<LogBus, 'write'>;
  /** The complaints field holding the case reference (default external_reference). */
  caseReferenceField?: string;
  /** Who is acting (acting-person.ts): the write access confirmation's record says who started it. */
  operator?: () => string;
  /** The connections' rate limits: a test waits its turn with every other caller of the same Tascomi. */
  rateLimits?: Pick<RateLimits, 'limiterFor'>;
}

const LABELS: Record<ConnectionStepName, string> = {
  url: 'Check the address and keys',
  reach: 'Reach Tascomi',
  authenticate: 'Authenticate with the keys',
  clock: "Compare this computer's clock with Tascomi's",
  case_reference: 'Check the case reference field (duplicate guard)',
};

function describeOffset(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  const amount = seconds >= 120 ? `${(seconds / 60).toFixed(1)} minutes` : `${seconds.toFixed(1)} s`;
  return ms >= 0 ? `Tascomi's clock is ${amount} ahead of this computer's` : `Tascomi's clock is ${amount} behind this computer's`;
}

/** A client for the settings under test, with the diagnostics' own transport options. */
function clientFor(settings: ConnectionSettings, deps: DiagnosticsDeps, onExchange?: (exchange: HttpExchange) => void): TascomiClient {
  return createTascomiClient({
    baseUrl: settings.baseUrl,
    publicKey: settings.publicKey?.trim(),
    privateKey: settings.privateKey,
    timeZone: settings.timeZone || DEFAULT_TASCOMI_TIME_ZONE,
    clock: deps.clock,
    fetch: deps.fetch,
    proxy: deps.proxy,
    proxyEnv: deps.proxyEnv,
    timeoutMs: deps.timeoutMs,
    boundaryMarginMs: deps.boundaryMarginMs,
    log: deps.log,
    onExchange,
    // A person is waiting for a test: it goes ahead of the jobs waiting for the same limit.
    rateLimit: deps.rateLimits && aheadOfBackground(deps.rateLimits.limiterFor('tascomi', settings.baseUrl)),
  });
}

export async function testConnection(settings: ConnectionSettings, deps: DiagnosticsDeps): Promise<ConnectionTestResult> {
  const steps: ConnectionTestStep[] = [];
  const add = (step: ConnectionStepName, ok: boolean, ms: number, detail: string) => steps.push({ step, label: LABELS[step], ok, ms: Math.round(ms), detail });
  const fail = (step: ConnectionStepName, ms: number, detail: string, clockOffsetMs?: number): ConnectionTestResult => {
    add(step, false, ms, detail);
    return { ok: false, steps, reason: detail, ...(clockOffsetMs !== undefined ? { clockOffsetMs } : {}) };
  };

  // 1. The address, the keys and the zone, before anything leaves this computer.
  const url = checkTascomiBaseUrl(settings.baseUrl);
  if (!url.ok) return fail('url', 0, url.reason);
  if (!settings.publicKey?.trim()) return fail('url', 0, 'The API public key is empty. Enter the public key Tascomi issued.');
  if (!settings.privateKey?.trim()) return fail('url', 0, 'The API private key is empty. Enter the private key Tascomi issued.');
  const zone = settings.timeZone || DEFAULT_TASCOMI_TIME_ZONE;
  if (!DateTime.now().setZone(zone).isValid) return fail('url', 0, `"${zone}" is not a time zone name (for example Europe/London).`);
  const route = deps.fetch ? 'the configured connection' : describeProxy(selectProxy(url.baseUrl, deps.proxyEnv ?? process.env, deps.proxy));
  add('url', true, 0, `${url.baseUrl}/v1/ (${route})`);

  // 2 and 3. One signed request: any API answer means we reached Tascomi; not a 401 means the keys work.
  const exchanges: HttpExchange[] = [];
  let client: TascomiClient;
  try {
    client = clientFor({ ...settings, baseUrl: url.baseUrl, timeZone: zone }, deps, (e) => exchanges.push(e));
  } catch (error) {
    return fail('url', 0, error instanceof Error ? error.message : String(error));
  }
  const started = performance.now();
  let failure: ConnectorError | undefined;
  try {
    await client.list(PROBE_TABLE, {}, { page: 1 });
  } catch (error) {
    failure = isConnectorError(error)
      ? error
      : new ConnectorError({ kind: 'remote', connector: 'tascomi', message: error instanceof Error ? error.message : String(error), cause: error });
  } finally {
    client.close();
  }
  const elapsed = performance.now() - started;
  const offset = exchanges.length > 0 ? client.serverClockOffsetMs() : undefined;
  const firstMs = exchanges[0]?.durationMs ?? elapsed;

  if (exchanges.length === 0) return fail('reach', elapsed, failure?.message ?? 'No answer from Tascomi.');
  if (failure && failure.kind !== 'authentication' && failure.kind !== 'permission') {
    // An answer, but not the API's: a wrong path (404), a redirect, a proxy page, a server error.
    const why =
      failure.kind === 'not_found'
        ? `The address answered, but there is no Tascomi API at ${url.baseUrl}/v1/ (HTTP 404). Check the API base URL: it usually ends in /rest.`
        : failure.message;
    return fail('reach', firstMs, why, offset);
  }
  add('reach', true, firstMs, `Tascomi answered in ${Math.round(firstMs)} ms.`);

  if (failure?.kind === 'authentication') return fail('authenticate', elapsed, failure.message, offset);
  add(
    'authenticate',
    true,
    elapsed,
    failure?.kind === 'permission'
      ? `The keys were accepted, but the key cannot view ${PROBE_TABLE}: run the API access check.`
      : exchanges.length > 1
        ? 'The keys were accepted after re-signing with the corrected clock.'
        : 'The keys were accepted.',
  );

  // 4. The clocks. We sign with the corrected time, but a large difference means this computer's
  // (or the server's) clock is wrong, and other systems on this computer will suffer too.
  const maxOffset = deps.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS;
  if (offset === undefined) return fail('clock', 0, "Tascomi's answer had no Date header, so its clock could not be compared.");
  const uncertainty = client.serverClock.uncertaintyMs();
  if (Math.abs(offset) > maxOffset) {
    return fail(
      'clock',
      0,
      `${describeOffset(offset)} (more than ${maxOffset / 1000} s). Set this computer's clock from an internet time server (Windows: Settings > Time > Sync now) and test again.`,
      offset,
    );
  }
  add('clock', true, 0, `${describeOffset(offset)} (within ±${Math.max(1, Math.round(uncertainty / 100) / 10)} s); requests are signed with Tascomi's time.`);

  // 5. The duplicate guard's field: a warning, not a failure (jobs can be sent without the guard).
  const guardClient = clientFor({ ...settings, baseUrl: url.baseUrl, timeZone: zone }, deps);
  const guardStarted = performance.now();
  let duplicateGuard: DuplicateGuardCheck;
  try {
    duplicateGuard = await checkCaseReferenceField(guardClient, caseField({ caseReferenceField: deps.caseReferenceField }));
  } finally {
    guardClient.close();
  }
  steps.push({
    step: 'case_reference',
    label: LABELS.case_reference,
    ok: true,
    ...(duplicateGuard.guard === 'on' ? {} : { warning: true }),
    ms: Math.round(performance.now() - guardStarted),
    detail: duplicateGuard.detail,
  });
  return { ok: true, steps, clockOffsetMs: offset, duplicateGuard };
}

const seen = (how: string): AccessBasis => ({ known: 'confirmed', how });
const inferred = (how: string): AccessBasis => ({ known: 'inferred', how });

/**
 * Per required table: View by listing page 1; Create & Update (only where the integration needs
 * it: complaints and contacts) by POST /v1/<table>/0 with an empty body, which is refused with 403
 * before any validation when the key lacks it and changes nothing when it has it.
 *
 * Only a listing that answered is seen; what a 403 means, and the probe's reading of 403/404, are
 * ours (no public source documents them), so those results say they are inferred.
 */
export async function checkApiAccess(
  client: Pick<TascomiClient, 'list' | 'probeWrite'>,
  tables: readonly TascomiTableAccess[] = TASCOMI_REQUIRED_ACCESS,
): Promise<ApiAccessResult> {
  const rows: ApiAccessRow[] = [];
  let reason: string | undefined;
  const probe = async (what: () => Promise<boolean>, refused: (message: string) => string = (message) => message): Promise<{ has: boolean | null; basis?: AccessBasis }> => {
    if (reason) return { has: null }; // stopped: authentication or the connection failed
    try {
      return { has: await what() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isConnectorError(error) && error.kind === 'permission') return { has: false, basis: inferred(refused(message)) };
      if (isConnectorError(error) && (error.kind === 'authentication' || error.kind === 'connection' || error.kind === 'timeout')) reason = message;
      else reason ??= message;
      return { has: null };
    }
  };
  for (const access of tables) {
    const listed = await probe(
      async () => {
        await client.list(access.table, {}, { page: 1 });
        return true;
      },
      (message) => `Tascomi answered 403 to listing ${access.table} (${message}); that this means no View permission is our reading, no public source documents it.`,
    );
    const view = listed.has;
    const viewBasis = view === true ? seen(`Tascomi listed page 1 of ${access.table}.`) : listed.basis;
    // probeWrite answers a 403 with false, so its basis is said from the answer alone.
    const createUpdate = access.createUpdate ? (await probe(() => client.probeWrite(access.table))).has : null;
    const createUpdateBasis =
      createUpdate === null
        ? undefined
        : inferred(
            createUpdate
              ? `The write probe (POST /v1/${access.table}/0 with an empty body) was not refused with 403; that this means Create & Update is allowed is our reading, not documented.`
              : `The write probe (POST /v1/${access.table}/0 with an empty body) was refused with 403; that this means no Create & Update permission is our reading, not documented.`,
          );
    const required = { view: access.view, createUpdate: access.createUpdate };
    rows.push({
      table: access.table,
      label: access.label,
      view,
      createUpdate,
      required,
      lacking: isLacking({ required, view, createUpdate }),
      ...(viewBasis ? { viewBasis } : {}),
      ...(createUpdateBasis ? { createUpdateBasis } : {}),
    });
  }
  return summariseAccess(rows, reason);
}

/** Runs `what` with a client for the settings (made and closed for it); a client that cannot be made is `failed(reason)`. */
async function withClient<T>(settings: ConnectionSettings, deps: DiagnosticsDeps, what: (client: TascomiClient) => Promise<T>, failed: (reason: string) => T): Promise<T> {
  let client: TascomiClient;
  try {
    client = clientFor(settings, deps);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  try {
    return await what(client);
  } finally {
    client.close();
  }
}

/** The access check from settings rather than a client. */
export function checkApiAccessWith(settings: ConnectionSettings, deps: DiagnosticsDeps): Promise<ApiAccessResult> {
  return withClient(
    settings,
    deps,
    (client) => checkApiAccess(client),
    (reason) => ({ ok: false, rows: [], reason }),
  );
}

/** The person-started write access confirmation from settings (write-access-confirmation.ts). */
export function confirmWriteAccessWith(settings: ConnectionSettings, deps: DiagnosticsDeps): Promise<WriteAccessConfirmation> {
  return withClient(
    settings,
    deps,
    (client) => confirmWriteAccess(client, { clock: deps.clock, operator: deps.operator?.() ?? 'an unnamed user', log: deps.log }),
    (reason) => ({ ok: false, marker: '', checks: [], created: [], reason }),
  );
}

/**
 * The diagnostics bound to their dependencies: the shape the settings service's `prober` takes
 * (`testConnection(target)`, `checkAccess(target)`, `confirmWriteAccess(target)`).
 */
export function createTascomiDiagnostics(deps: DiagnosticsDeps): {
  testConnection(settings: ConnectionSettings): Promise<ConnectionTestResult>;
  checkAccess(settings: ConnectionSettings): Promise<ApiAccessResult>;
  confirmWriteAccess(settings: ConnectionSettings): Promise<WriteAccessConfirmation>;
} {
  return {
    testConnection: (settings) => testConnection(settings, deps),
    checkAccess: (settings) => checkApiAccessWith(settings, deps),
    confirmWriteAccess: (settings) => confirmWriteAccessWith(settings, deps),
  };
}
