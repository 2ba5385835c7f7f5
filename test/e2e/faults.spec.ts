/**
 * The crash proof, with every part in its own process as in production: the Tascomi
 * emulator, and the built headless host (engine, workers, case webhook) on a fixed data folder.
 * The CRM posts 1,000 signed cases; the host is killed with SIGKILL in the middle of the burst,
 * while Service Requests it created have had their answers lost; it is started again on the same
 * data folder, the CRM re-posts what was not answered 202, and every case ends with exactly one
 * Service Request and a succeeded job.
 *
 * No browser page: configuration goes through the host's WebSocket contract, as the console's would.
 *
 * The first kill comes while no attempt is running (Tascomi's lost answers have opened the circuit
 * breaker). The second kills with attempts in flight: they keep their leases (a minute, renewed
 * while an attempt runs, so no longer once the host is dead) before the restarted engine's sweep
 * returns them to the queue, so it takes about two minutes.
 */
import { test, expect } from '@playwright/test';
import type { ConnectorQueueStatus, JobView } from '../../shared/domain/job';
import type { Template } from '../../shared/domain/template';
import { crmHeaders } from '../support/crm';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { makeDataDir, removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';

const CASES = 1000;
const KILL_AFTER_ACCEPTED = 300;
const POSTERS = 16;
const TOKEN = 'faults-spec-session-token-0001';
const SECRET = 'faults-spec-shared-secret-0123456789';

const caseId = (n: number) => `CRASH-${String(n).padStart(4, '0')}`;
const caseBody = (n: number) =>
  JSON.stringify({
    id: caseId(n),
    type: 'Fly-tipping report',
    status: 'Submitted',
    fields: { description: `Bags dumped behind garage block ${n}` },
    dates: { reported: '2026-06-15T09:00:00+01:00' },
    updatedAt: '2026-06-15T09:05:00+01:00',
  });

interface Run {
  emulator?: EmulatorProcess;
  host?: HostProcess;
  contract?: HostContractClient;
  dataDir: string;
}
let run: Run | undefined;

test.afterEach(async () => {
  if (!run) return;
  run.contract?.close();
  await run.host?.stop();
  await run.emulator?.stop();
  removeDataDir(run.dataDir);
  run = undefined;
});

async function adminGet<T>(r: Run, path: string): Promise<T> {
  const answer = await fetch(`${r.emulator!.adminUrl}${path}`);
  expect(answer.ok, `GET ${path}`).toBe(true);
  return (await answer.json()) as T;
}

async function queueStatus(r: Run): Promise<ConnectorQueueStatus> {
  const [tascomi] = await r.contract!.call('getQueueStatus');
  return tascomi!;
}

async function allJobs(r: Run): Promise<JobView[]> {
  const jobs: JobView[] = [];
  // Newest first, a page at a time: the next page is the jobs before the last one seen.
  for (let beforeId: number | undefined; ;) {
    const page = await r.contract!.call('listJobs', { filter: { connectors: ['tascomi'] }, limit: 500, ...(beforeId ? { beforeId } : {}) });
    jobs.push(...page);
    if (page.length < 500) return jobs;
    beforeId = Math.min(...page.map((j) => j.id));
  }
}

/** Starts the host on the run's data folder; answers the webhook URL when the saved settings say it listens. */
async function startHost(r: Run): Promise<string | undefined> {
  r.host = await startHostProcess({ dataDir: r.dataDir, token: TOKEN });
  r.contract = await connectToHost(r.host);
  return (await r.contract.call('getIntakeSettings')).status.url;
}

/** Posts as a CRM does: a 202 means stored; anything else (an error, no answer) is sent again later. */
async function post(url: string, n: number): Promise<boolean> {
  const body = caseBody(n);
  try {
    const answer = await fetch(url, { method: 'POST', headers: crmHeaders(SECRET, body, Date.now()), body });
    await answer.arrayBuffer();
    return answer.status === 202;
  } catch {
    return false;
  }
}

/** The emulator and a host set up as an officer would: Tascomi, a Reference, a create template, a rule, the webhook. */
async function setUp(): Promise<{ r: Run; webhookUrl: string }> {
  const r: Run = (run = { dataDir: makeDataDir() });
  r.emulator = await startTascomiEmulatorProcess(['--seed', '11']);
  expect(await startHost(r), 'a new data folder: no webhook yet').toBeUndefined();
  const contract = r.contract!;
  const saved = await contract.call('saveTascomiSettings', {
    enabled: true,
    baseUrl: r.emulator.baseUrl,
    publicKey: r.emulator.publicKey,
    privateKey: r.emulator.privateKey,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 3600,
    // The most the settings allow: a thousand jobs (a look-up and a create each) take about 40 s at it.
    rateLimit: { requestsPerSecond: 50, maxConcurrent: 16 },
  });
  expect(saved.saved).toBe(true);
  await contract.call('createReference', { name: 'SR number' });
  const template: Template = await contract.call('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
  await contract.call('createRule', { name: 'Fly-tipping to Tascomi', caseType: 'Fly-tipping report', on: 'created', templateId: template.id });
  const intake = await contract.call('saveIntakeSettings', { enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
  expect(intake.status).toMatchObject({ listening: true });
  await contract.call('refreshTascomiCodeLists');
  return { r, webhookUrl: intake.status.url! };
}

/**
 * The CRM's burst: POSTERS at once share the case numbers. Once KILL_AFTER_ACCEPTED were accepted
 * and `killNow` agrees, the host gets SIGKILL while posts are still arriving. Answers which cases
 * were accepted (202) before the kill.
 */
async function burstAndKill(r: Run, webhookUrl: string, killNow: (status: ConnectorQueueStatus) => boolean): Promise<Set<number>> {
  const accepted = new Set<number>();
  let next = 1;
  const posters = Array.from({ length: POSTERS }, async () => {
    while (next <= CASES) {
      const n = next++;
      if (await post(webhookUrl, n)) accepted.add(n);
    }
  });
  for (;;) {
    if (next > CASES) throw new Error(`the burst ended (${accepted.size} accepted) before the moment to kill the host came`);
    if (accepted.size >= KILL_AFTER_ACCEPTED && killNow(await queueStatus(r))) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  r.host!.child.kill('SIGKILL');
  const acceptedAtKill = accepted.size;
  await Promise.all(posters);
  r.contract!.close();
  expect(await r.host!.stop()).toBeNull(); // killed by the signal: no exit code, nothing ran on the way out
  expect(r.host!.child.signalCode).toBe('SIGKILL');
  expect(acceptedAtKill).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
  expect(accepted.size, 'the kill came mid-burst: the rest went unanswered').toBeLessThan(CASES);
  return accepted;
}

/** The host starts again on the same data folder, and the CRM re-posts every case not answered 202. */
async function restartAndRepost(r: Run, accepted: Set<number>): Promise<number> {
  const webhookUrl = await startHost(r);
  expect(webhookUrl, 'the webhook listens again after the restart').toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cases$/);
  const missing = Array.from({ length: CASES }, (_, i) => i + 1).filter((n) => !accepted.has(n));
  const refused: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < missing.length) {
        const n = missing[next++]!;
        if (!(await post(webhookUrl!, n))) refused.push(n);
      }
    }),
  );
  expect(refused, 'the restarted host accepts every re-posted case').toEqual([]);
  return missing.length;
}

/** Every job succeeded, one per case, and Tascomi holds exactly one Service Request per case: the job's. */
async function expectOneServiceRequestPerCase(r: Run, timeoutMs: number): Promise<void> {
  // Every case has its job as soon as it is accepted: say at once which have none, rather than
  // waiting for a count that can never be reached.
  const queued = new Set((await allJobs(r)).map((j) => j.caseId));
  const withoutJob = Array.from({ length: CASES }, (_, i) => caseId(i + 1)).filter((id) => !queued.has(id));
  expect(withoutJob, 'accepted cases with no job (stored, then re-posted as unchanged)').toEqual([]);

  await expect
    .poll(async () => (await queueStatus(r)).counts, { timeout: timeoutMs, intervals: [250, 500, 1000] })
    .toEqual({ queued: 0, running: 0, succeeded: CASES, failed: 0, dead: 0, cancelled: 0 });

  // One job per case (a re-post of a stored case queued nothing), each within its attempt budget.
  const jobs = await allJobs(r);
  expect(jobs).toHaveLength(CASES);
  const jobsByCase = new Map(jobs.map((j) => [j.caseId, j]));
  expect(jobsByCase.size).toBe(CASES);
  expect(jobs.filter((j) => j.state !== 'succeeded' || j.attempts > 10)).toEqual([]);

  const complaints = await adminGet<{ id: string; external_reference: string | null }[]>(r, '/records/complaints');
  const byCase = new Map<string, string[]>();
  for (const c of complaints) if (c.external_reference?.startsWith('CRASH-')) byCase.set(c.external_reference, [...(byCase.get(c.external_reference) ?? []), c.id]);
  const wrong: string[] = [];
  for (let n = 1; n <= CASES; n++) {
    const made = byCase.get(caseId(n)) ?? [];
    const result = jobsByCase.get(caseId(n))?.result;
    if (made.length !== 1 || result !== made[0]) wrong.push(`${caseId(n)}: Service Requests ${JSON.stringify(made)}, job result ${result}`);
  }
  expect(wrong, 'cases without exactly one Service Request').toEqual([]);
  // No create was sent twice: one whose answer was lost was found again by the case reference.
  const puts = (await adminGet<{ method: string; path: string }[]>(r, '/requests')).filter((q) => q.method === 'PUT' && q.path.endsWith('/complaints'));
  expect(puts).toHaveLength(CASES);
}

test('a host killed mid-burst loses no case and makes no second Service Request after its restart', async () => {
  test.setTimeout(180_000);
  const { r, webhookUrl } = await setUp();
  // Tascomi now stores every request and loses its answer: the first creates are made in Tascomi
  // but their outcome is unknown to casebridge, and the circuit breaker soon stops further attempts.
  await r.emulator!.admin('/faults', { dropAfterCommitRate: 1 });
  const accepted = await burstAndKill(r, webhookUrl, (status) => status.breaker.state === 'open' && status.counts.running === 0);
  const lostAnswers = (await adminGet<{ method: string; status: number }[]>(r, '/requests')).filter((q) => q.method === 'PUT' && q.status === 0);
  expect(lostAnswers.length, 'Service Requests created whose answer was lost').toBeGreaterThan(0);

  await r.emulator!.admin('/faults/clear', {});
  const reposted = await restartAndRepost(r, accepted);
  await expectOneServiceRequestPerCase(r, 100_000);
  test.info().annotations.push({ type: 'burst', description: `killed after ${accepted.size} accepted; ${reposted} re-posted; ${lostAnswers.length} creates with lost answers` });
});

test('a host killed with attempts in flight runs them again once their leases end, still one Service Request each', async () => {
  test.setTimeout(5 * 60_000);
  const { r, webhookUrl } = await setUp();
  // A slow Tascomi, so attempts are surely in flight (some creates stored, their answers never sent).
  await r.emulator!.admin('/faults', { latencyMs: 200 });
  const accepted = await burstAndKill(r, webhookUrl, (status) => status.counts.running > 0);
  await r.emulator!.admin('/faults/clear', {});
  await restartAndRepost(r, accepted);
  // The interrupted attempts keep their leases (a minute from their last renewal) until a sweep (at
  // start, then every minute) finds them run out; then they run again, looking before resending.
  await expectOneServiceRequestPerCase(r, 3 * 60_000);
});
