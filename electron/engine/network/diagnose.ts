/**
 * A step-by-step diagnosis of one connection, on ONE connection as the connectors would make it:
 * the address, DNS, TCP connect (through the proxy the transport would choose, with a CONNECT
 * tunnel for https), TLS (certificate subject, issuer, expiry days, trust), an HTTP answer, then
 * the connector's own authentication check and a clock comparison. Each step has its time; the
 * first failure stops the rest and says in plain words what it means and what to do.
 *
 * Connector-neutral: a connector plugs in with a ConnectorCheck (the URL the HTTP step asks for,
 * its own reading of that answer, its authentication check). A 403 whose answer names the IP
 * allowlist (Civica Cx's IP_NOT_ALLOWED) is explained for every connector, with this
 * workstation's addresses, so a Cx diagnosis needs only its check.
 *
 * Decisions:
 * - Each step is a function in diagnosis/ that answers its step and the facts the next one needs,
 *   or throws a StepFailure. The rule for stopping is here: the first failure ends the diagnosis;
 *   every step not reached is "not run". An unexpected error fails the step that was running.
 * - The sockets are opened by the steps and closed here, once, whatever happens (TLS first).
 * - Every network wait gives up after the step's time, or at once when `signal` aborts; the step
 *   that was running then reads "stopped".
 */
import type net from 'node:net';
import { CONNECTOR_STEP_NAMES, DIAGNOSIS_STEP_NAMES, type Diagnosis, type DiagnosisStep, type DiagnosisStepName } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import type { ProxyEnv } from '../connectors/http/transport';
import { AddressFailure, readAddress, ROUTE_NOT_DECIDED } from './diagnosis/address-step';
import { runConnectorCheck } from './diagnosis/authenticate-step';
import { compareClocks } from './diagnosis/clock-step';
import { allowlistAdviceFor, blockedCallerAdviceFor, type AdviceContext, type ConnectorCheck } from './diagnosis/connector-check';
import { lookUpName, type Lookup } from './diagnosis/dns-step';
import { askHttp } from './diagnosis/http-step';
import { closeAll, type StepLimits } from './diagnosis/sockets';
import { elapsed, failed, notRun, StepFailure } from './diagnosis/steps';
import { connectTcp, type ConnectSocket } from './diagnosis/tcp-step';
import { secureChannel, type TlsOptions } from './diagnosis/tls-step';

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

export interface DiagnoseDeps {
  clock: Clock;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
  proxyEnv?: ProxyEnv;
  /** Each network step gives up after this long (default 10 s). */
  stepTimeoutMs?: number;
  maxClockOffsetMs?: number;
  /** The addresses to ask a remote system to allow (public first); read only when advice needs them. */
  allowlistAddresses(): Promise<string[]> | string[];
  /** Stops the diagnosis at once (casebridge closing): the running step fails as stopped, its sockets closed. */
  signal?: AbortSignal;
  /** Injectable for tests. */
  lookup?: Lookup;
  connectSocket?: ConnectSocket;
  /** Certificates to trust instead of the system's (tests). */
  ca?: TlsOptions['ca'];
}

/** Runs every step against `check` and answers them all; never throws for a network failure. */
export async function diagnose(check: ConnectorCheck, deps: DiagnoseDeps): Promise<Diagnosis> {
  const startedAt = deps.clock.now().toISO()!;
  const limits: StepLimits = { timeoutMs: deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, signal: deps.signal };
  const now = () => deps.clock.millis();
  const { label } = check;
  const allowlistAdvice = allowlistAdviceFor(label, () => deps.allowlistAddresses());
  const blockedCallerAdvice = blockedCallerAdviceFor(check, allowlistAdvice);
  const steps: DiagnosisStep[] = [];
  let stepStarted = performance.now();
  const record = (...done: DiagnosisStep[]) => {
    steps.push(...done);
    stepStarted = performance.now();
  };
  const sockets: net.Socket[] = [];
  let route = ROUTE_NOT_DECIDED;
  let failure: StepFailure | undefined;

  try {
    const address = readAddress(check, deps.proxyEnv ?? process.env);
    const target = address.target;
    route = target.route;
    record(address.step);
    const context: AdviceContext = { label, host: target.host, port: target.port, allowlistAdvice, blockedCallerAdvice };

    const names = await lookUpName(target, { label, limits, lookup: deps.lookup });
    record(names.step);

    const tcp = await connectTcp(target, names.addresses, { label, limits, connect: deps.connectSocket, allowlistAdvice, blockedCallerAdvice });
    sockets.push(tcp.socket);
    record(tcp.step);

    const tls = await secureChannel(target, tcp.socket, { label, limits, now, ca: deps.ca, blockedCallerAdvice });
    if (tls.secured) sockets.push(tls.secured);
    record(tls.step);

    const http = await askHttp(target, tls.channel, { check, context, limits, now });
    record(http.step);
    closeAll(sockets);

    const connector = await runConnectorCheck(check, deps.signal);
    record(...connector.steps);
    if (connector.failure) throw connector.failure;

    record(connector.clock ?? compareClocks(label, http.answer, http.receivedAt, deps.maxClockOffsetMs));
  } catch (error) {
    if (error instanceof AddressFailure && error.route) route = error.route;
    failure = stopFailure(error, runningStep(steps), elapsed(stepStarted), deps.signal);
  } finally {
    closeAll(sockets);
  }
  // A stopped diagnosis asks for nothing more (finding the public address may take a request).
  const allowlistAddresses = deps.signal?.aborted ? [] : await Promise.resolve(deps.allowlistAddresses()).catch(() => []);
  return {
    connector: check.connector,
    label,
    target: check.baseUrl,
    route,
    ok: !failure,
    steps: inOrder(steps, failure),
    ...(failure ? { reason: failure.detail } : {}),
    allowlistAddresses,
    startedAt,
  };
}

/** The first step with no answer yet: the one that was running. */
function runningStep(steps: DiagnosisStep[]): DiagnosisStepName {
  return DIAGNOSIS_STEP_NAMES.find((name) => !steps.some((s) => s.name === name)) ?? 'clock';
}

/** Why the diagnosis ended early, as a failure of the step that was running. */
function stopFailure(error: unknown, running: DiagnosisStepName, ms: number, signal: AbortSignal | undefined): StepFailure {
  if (signal?.aborted) return new StepFailure(running, ms, 'Stopped: the diagnosis was cancelled before this step finished (casebridge is closing).');
  if (error instanceof StepFailure) return error;
  return new StepFailure(running, ms, `The diagnosis stopped: ${error instanceof Error ? error.message : String(error)}`);
}

const STEP_ORDER: readonly DiagnosisStepName[] = [...DIAGNOSIS_STEP_NAMES, ...CONNECTOR_STEP_NAMES];

/**
 * Every step in order: the answered ones, the failure, the rest of DIAGNOSIS_STEP_NAMES "not run"
 * (a connector's own steps show only when its check answered them).
 */
function inOrder(steps: DiagnosisStep[], failure: StepFailure | undefined): DiagnosisStep[] {
  const all = failure ? [...steps, failed(failure)] : [...steps];
  for (const name of DIAGNOSIS_STEP_NAMES) if (!all.some((s) => s.name === name)) all.push(notRun(name));
  return all.sort((a, b) => STEP_ORDER.indexOf(a.name) - STEP_ORDER.indexOf(b.name));
}
