/**
 * Issue 12's reproductions, through the engine's real listener: a replayed older signed body, or a
 * CRM retrying out of order, put an old revision of the case back (with the personal details a
 * newer revision had removed), answered 202 'updated', and an "updated" rule queued a job to send
 * the stale data on. Now an older revision is refused with 409 and changes nothing, a captured
 * request sent again past the timestamp tolerance is refused with 401, and a post that is not
 * JSON by its Content-Type with 415.
 */
import { afterEach, expect, it } from 'vitest';
import type { Template } from '../../../../shared/domain/template';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { crmHeaders } from '../../../support/crm';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine;
afterEach(async () => t?.dispose());
const SECRET = 'a-shared-secret-for-the-crm-0001';

async function post(url: string, body: string, headers = crmHeaders(SECRET, body, t.clock.millis())) {
  const answer = await fetch(url, { method: 'POST', headers, body });
  return { status: answer.status, body: await answer.json().catch(() => null) };
}

/** Intake listening, and a rule that sends every update of a fly-tipping case on to Tascomi. */
async function setUp() {
  t = startTestEngine();
  await t.engine.handlers.createReference({ name: 'SR number' });
  const update = (await t.engine.handlers.saveTemplate({ draft: { name: 'Update SR', connector: 'tascomi', type: 'update', reference: 'SR number', rows: [] } })) as Template;
  await t.engine.handlers.createRule({ name: 'Updates to Tascomi', caseType: flyTipping.type, on: 'updated', templateId: update.id });
  const view = await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
  return view.status.url!;
}

const reporter = flyTipping.people[0]!;
const revision1 = JSON.stringify({ ...flyTipping, updatedAt: '2026-03-27T08:42:17+00:00' });
// The reporter asked for their phone number and email to be removed.
const revision2 = JSON.stringify({ ...flyTipping, status: 'In progress', people: [{ ...reporter, phone: undefined, email: undefined }], updatedAt: '2026-03-28T10:05:00+00:00' });

it('an older revision replayed with a valid signature is refused with 409; the case keeps the newer revision and no job is queued', async () => {
  const url = await setUp();
  expect((await post(url, revision1)).status).toBe(202);
  expect((await post(url, revision2)).body).toEqual({ id: flyTipping.id, event: 'updated' });
  const jobsBefore = t.engine.jobs.queue.byCase(flyTipping.id).length;
  expect(jobsBefore).toBe(1); // the update rule, for revision 2

  const replay = await post(url, revision1);
  expect(replay.status).toBe(409);
  expect(replay.body).toMatchObject({ id: flyTipping.id, updatedAt: '2026-03-27T08:42:17+00:00', storedUpdatedAt: '2026-03-28T10:05:00+00:00' });
  const { case: kase } = await t.engine.handlers.getCase({ id: flyTipping.id });
  expect(kase.people[0]!.phone).toBeUndefined();
  expect(kase.people[0]!.email).toBeUndefined();
  expect(kase.status).toBe('In progress');
  expect(t.engine.jobs.queue.byCase(flyTipping.id)).toHaveLength(jobsBefore);
  // The refusal is in the case's log, with both times and no personal details.
  const logged = (await t.engine.handlers.getCase({ id: flyTipping.id })).log.map((e) => e.message).join('\n');
  expect(logged).toContain('is older than the stored revision');
  expect(logged).not.toContain(reporter.phone);
});

it('a captured request sent again ten minutes later is refused with 401 saying how far behind it is', async () => {
  const url = await setUp();
  const captured = crmHeaders(SECRET, revision1, t.clock.millis());
  expect((await post(url, revision1, captured)).status).toBe(202);
  expect((await post(url, revision2)).status).toBe(202);
  t.clock.advance(10 * 60_000);
  const replay = await post(url, revision1, captured);
  expect(replay).toEqual({ status: 401, body: { message: expect.stringContaining("is 600 s behind this machine's clock; the tolerance is 300 s") } });
  expect((await t.engine.handlers.getCase({ id: flyTipping.id })).case.status).toBe('In progress');
});

it('a post whose Content-Type is not application/json is refused with 415 and stores nothing', async () => {
  const url = await setUp();
  const answer = await post(url, revision1, { ...crmHeaders(SECRET, revision1, t.clock.millis()), 'content-type': 'text/plain' });
  expect(answer.status).toBe(415);
  expect(await t.engine.handlers.listCases({ search: '', limit: 10 })).toEqual([]);
});
