import { afterEach, describe, expect, it } from 'vitest';
import { confirmWriteAccess } from '../../../../../electron/engine/connectors/tascomi/write-access-confirmation';
import { createTascomiDiagnostics } from '../../../../../electron/engine/connectors/tascomi/diagnostics';
import { TASCOMI_REQUIRED_ACCESS } from '../../../../../shared/connectors/tascomi-schema';
import type { LogBus } from '../../../../../electron/engine/log/log-bus';
import { DEMO_KEYS, startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MARKER = 'CASEBRIDGE-ACCESS-CHECK-20260615T100020Z';
function deps() {
  const lines: Parameters<LogBus['write']>[0][] = [];
  return { lines, deps: { clock: h!.clock, operator: 'a.admin', log: { write: (line: (typeof lines)[number]) => (lines.push(line), undefined as never) } } };
}
const marked = (table: 'contacts' | 'complaints') => h!.emulator.records(table).filter((r) => JSON.stringify(r).includes(MARKER));
const writes = () =>
  h!.emulator
    .requestLog()
    .filter((e) => e.method === 'PUT' || e.method === 'POST' || e.method === 'DELETE')
    .map((e) => `${e.method} ${e.path}`);

describe('confirmWriteAccess', () => {
  it('creates one marked contact and Service Request, reads each back, updates it once: both confirmed, ids answered and logged', async () => {
    h = await startHarness();
    const { deps: d, lines } = deps();
    const result = await confirmWriteAccess(h.client, d);

    expect(result).toMatchObject({ ok: true, marker: MARKER });
    expect(result.checks.map((c) => [c.table, c.outcome])).toEqual([
      ['complaints', 'confirmed'],
      ['contacts', 'confirmed'],
    ]);
    expect(result.reason).toBeUndefined();

    const [contact] = marked('contacts');
    expect(marked('contacts')).toHaveLength(1);
    expect(contact).toMatchObject({ firstname: 'casebridge', surname: 'access check (updated)', reference: MARKER });
    const [request] = marked('complaints');
    expect(marked('complaints')).toHaveLength(1);
    expect(String(request!.remarks)).toMatch(
      /^casebridge API access check CASEBRIDGE-ACCESS-CHECK-20260615T100020Z, started by a\.admin at 2026-06-15 \d\d:00\. It needs no action and may be ceased or deleted\. Updated once by the same check\.$/,
    );
    // The required fields from entries in use: an enabled officer, a request code of the function.
    const officer = h.emulator.records('users').find((u) => u.id === request!.investigating_officer_id)!;
    expect(officer).toMatchObject({ officer: 't', enabled: 't' });
    const code = h.emulator.records('complaint_codes').find((c) => c.id === request!.complaint_code_id)!;
    expect(code.core_function_id).toBe(request!.core_function_id);
    expect(request!.external_reference ?? null).toBeNull(); // no case reference: no case can take it for its own

    expect(result.created).toEqual([
      { table: 'complaints', id: request!.id },
      { table: 'contacts', id: contact!.id },
    ]);
    expect(result.checks.map((c) => c.createdId)).toEqual([request!.id, contact!.id]);
    // Once each: one create and one update per table, and nothing deleted.
    expect(writes()).toEqual([`PUT /rest/v1/complaints`, `POST /rest/v1/complaints/${request!.id}`, `PUT /rest/v1/contacts`, `POST /rest/v1/contacts/${contact!.id}`]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', source: 'tascomi' });
    expect(lines[0]!.message).toBe(
      `Tascomi write access confirmation ${MARKER}: complaints confirmed, contacts confirmed; records created (not deleted): complaints ${request!.id}, contacts ${contact!.id}.`,
    );
  });

  it('a key without Create & Update: refused, confirmed lacking, nothing created', async () => {
    h = await startHarness();
    const perms = Object.fromEntries(TASCOMI_REQUIRED_ACCESS.map((a) => [a.table, { view: true, write: false }]));
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, perms);
    const before = { contacts: h.emulator.records('contacts').length, complaints: h.emulator.records('complaints').length };
    const result = await confirmWriteAccess(h.client, deps().deps);

    expect(result.ok).toBe(false);
    expect(result.checks.map((c) => [c.table, c.outcome])).toEqual([
      ['complaints', 'refused'],
      ['contacts', 'refused'],
    ]);
    expect(result.checks[0]!.detail).toMatch(/This API key does not have Create & Update access to complaints.*ask the Tascomi administrator to grant it/);
    expect(result.created).toEqual([]);
    expect({ contacts: h.emulator.records('contacts').length, complaints: h.emulator.records('complaints').length }).toEqual(before);
  });

  it('refused by validation on create: not confirmed, in Tascomi words, nothing created', async () => {
    h = await startHarness();
    h.emulator.setFaults({ forceValidationFailure: { resource: 'complaints', field: 'remarks', message: 'must not be changed by the API', count: 1 } });
    const result = await confirmWriteAccess(h.client, deps().deps);

    const complaints = result.checks.find((c) => c.table === 'complaints')!;
    expect(complaints.outcome).toBe('not_confirmed');
    expect(complaints.detail).toMatch(
      /^Not confirmed: Tascomi did not accept the check's record when asked to create a complaints record \(Tascomi said: "Validation failed for complaints: remarks must not be changed by the API"\)/,
    );
    expect(complaints.createdId).toBeUndefined();
    expect(result.checks.find((c) => c.table === 'contacts')!.outcome).toBe('confirmed');
    expect(result.reason).toMatch(/^complaints: Not confirmed/);
    expect(marked('complaints')).toEqual([]);
  });

  it('no enabled officer in Tascomi: the Service Request is not attempted, and the words say what to ask for', async () => {
    h = await startHarness({ emulator: { empty: true } });
    const fn = h.emulator.insert('core_functions', { code: 'SS', description: 'Street Scene' });
    h.emulator.insert('complaint_codes', { code: 'FLYTIP', description: 'Fly-tipping', core_function_id: fn.id });
    h.emulator.insert('users', { username: 'gone', firstname: 'Former', surname: 'Officer', officer: 't', enabled: 'f' });
    h.emulator.insert('users', { username: 'admin', firstname: 'System', surname: 'Admin', officer: 'f', enabled: 't' });
    const result = await confirmWriteAccess(h.client, deps().deps);
    const complaints = result.checks.find((c) => c.table === 'complaints')!;
    expect(complaints).toMatchObject({ outcome: 'not_confirmed' });
    expect(complaints.detail).toMatch(/users list has no enabled officer.*Ask the Tascomi administrator to enable one/);
    expect(result.checks.find((c) => c.table === 'contacts')!.outcome).toBe('confirmed');
    expect(h.emulator.records('complaints')).toEqual([]);
    expect(writes().filter((w) => w.includes('complaints'))).toEqual([]);
  });

  it('a code list the key cannot view: not confirmed, in Tascomi words (not blamed on Create & Update)', async () => {
    h = await startHarness();
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, {
      ...Object.fromEntries(TASCOMI_REQUIRED_ACCESS.map((a) => [a.table, { view: true, write: true }])),
      users: { view: false, write: false },
    });
    const result = await confirmWriteAccess(h.client, deps().deps);
    const complaints = result.checks.find((c) => c.table === 'complaints')!;
    expect(complaints.outcome).toBe('not_confirmed');
    expect(complaints.detail).toMatch(/^Not confirmed: Tascomi refused to list users \(.*View access to users.*\): the Service Request's officer cannot be chosen/);
    expect(marked('complaints')).toEqual([]);
  });

  it('an update refused after the create: not confirmed, and the created id is still answered for the admin', async () => {
    h = await startHarness();
    const client = {
      ...h.client,
      update: (table: string, id: string | number, fields: Record<string, string>) => {
        if (table === 'contacts') h!.emulator.setFaults({ forceValidationFailure: { resource: 'contacts', field: 'surname', message: 'is locked', count: 1 } });
        return h!.client.update(table, id, fields);
      },
    };
    const result = await confirmWriteAccess(client, deps().deps);
    const contacts = result.checks.find((c) => c.table === 'contacts')!;
    expect(contacts.outcome).toBe('not_confirmed');
    expect(contacts.detail).toMatch(
      /^Not confirmed: Tascomi did not accept the check's record when asked to update contacts record \d+ \(Tascomi said: "Validation failed for contacts: surname is locked"\)\. /,
    );
    expect(contacts.createdId).toBe(marked('contacts')[0]!.id);
    expect(result.created).toContainEqual({ table: 'contacts', id: contacts.createdId });
  });

  it('wrong keys: stops at the first refusal and tries nothing else', async () => {
    h = await startHarness();
    const result = await confirmWriteAccess(h.makeClient({ privateKey: 'wrong' }), deps().deps);
    expect(result.ok).toBe(false);
    expect(result.checks[0]!.detail).toMatch(/refused the API keys/);
    expect(result.checks[1]!.detail).toMatch(/^Not tried: /);
    expect(result.created).toEqual([]);
  });

  it('bound to settings by the diagnostics, with the operator it was given', async () => {
    h = await startHarness();
    const prober = createTascomiDiagnostics({ clock: h.clock, proxyEnv: {}, operator: () => 'b.admin' });
    const result = await prober.confirmWriteAccess({ baseUrl: h.emulator.baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London' });
    expect(result.ok).toBe(true);
    expect(String(marked('complaints')[0]!.remarks)).toMatch(/started by b\.admin/);
    const bad = await prober.confirmWriteAccess({ baseUrl: `${h.emulator.baseUrl}/v1/`, ...DEMO_KEYS, timeZone: 'Europe/London' });
    expect(bad).toMatchObject({ ok: false, checks: [], created: [] });
    expect(bad.reason).toMatch(/Remove "\/v1"/);
  });
});
