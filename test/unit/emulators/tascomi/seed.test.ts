import { describe, expect, it } from 'vitest';
import { validateWrite } from '../../../emulators/tascomi/validation';
import { instanceColumns } from '../../../emulators/tascomi/columns';
import { Store } from '../../../emulators/tascomi/store';
import { seedDemoData } from '../../../emulators/tascomi/seed';
import { call, emulator } from './helpers';

const AT = Date.parse('2024-01-15T14:32:10Z');

function seeded(seed: number) {
  const store = new Store(() => AT, 'Europe/London', instanceColumns());
  const demo = seedDemoData(store, seed, AT);
  return { store, demo };
}

describe('demo data', () => {
  it('is the same for the same seed, and differs for another', () => {
    const a = seeded(1);
    const b = seeded(1);
    const c = seeded(2);
    expect(b.store.all('dtf_locations')).toEqual(a.store.all('dtf_locations'));
    expect(b.store.all('complaints')).toEqual(a.store.all('complaints'));
    expect(c.store.all('dtf_locations')).not.toEqual(a.store.all('dtf_locations'));
    // Code lists do not depend on the seed, so their ids are stable.
    expect(c.store.all('complaint_codes')).toEqual(a.store.all('complaint_codes'));
  });

  it('has the code lists a council would', () => {
    const { store } = seeded(1);
    const names = (table: Parameters<Store['all']>[0]) => store.all(table).map((r) => r.description);
    expect(names('core_functions')).toEqual(expect.arrayContaining(['Environmental Health', 'Trading Standards', 'Licensing', 'Pest Control', 'Street Scene']));
    expect(names('reporting_methods')).toEqual(['Phone', 'Email', 'Web form', 'In person', 'Fax']);
    expect(store.all('reporting_methods').map((m) => m.ceased)).toEqual(['f', 'f', 'f', 'f', 't']);
    expect(names('titles')).toEqual(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Mx', 'Reverend (disabled)']);
    expect(store.all('titles').map((t) => t.enabled)).toEqual(['t', 't', 't', 't', 't', 't', 'f']);
    expect(store.all('request_categories').length).toBeGreaterThan(2);
    expect(store.all('organizational_units').length).toBeGreaterThan(3);
    expect(store.all('complaint_action_required').length).toBeGreaterThan(3);
    const functionIds = new Set(store.all('core_functions').map((f) => f.id));
    const codes = store.all('complaint_codes');
    expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['NOISE', 'FLYTIP', 'FOODCOMP', 'PEST']));
    for (const code of codes) expect(functionIds.has(code.core_function_id!)).toBe(true);
  });

  it('has officers, one disabled officer, one non-officer admin and one disabled non-officer', () => {
    const { store, demo } = seeded(1);
    const users = store.all('users');
    expect(users.length).toBeGreaterThanOrEqual(10);
    expect(users.filter((u) => u.officer === 't' && u.enabled === 't').map((u) => u.id)).toEqual(demo.enabledOfficerIds);
    expect(users.filter((u) => u.officer === 't' && u.enabled === 'f').map((u) => u.id)).toEqual([demo.disabledOfficerId]);
    expect(users.filter((u) => u.officer === 'f').map((u) => u.id)).toEqual([demo.adminUserId, demo.disabledUserId]);
    expect(users.find((u) => u.id === demo.disabledUserId)!.enabled).toBe('f');
  });

  it('has a few hundred addresses with unique 12-digit UPRNs and UK-style postcodes', () => {
    const { store, demo } = seeded(1);
    const locations = store.all('dtf_locations');
    const properties = locations.filter((l) => l.uprn !== null);
    expect(locations.length).toBeGreaterThan(200);
    for (const p of properties) {
      expect(p.uprn).toMatch(/^\d{12}$/);
      expect(p.usrn).toMatch(/^\d{8}$/);
      expect(p.postcode).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/);
    }
    expect(new Set(properties.map((p) => p.uprn)).size).toBe(properties.length);
    expect(demo.sampleUprns.every((u) => properties.some((p) => p.uprn === u))).toBe(true);
    const flats = properties.filter((p) => p.parent_uprn !== null);
    for (const flat of flats) expect(properties.some((p) => p.uprn === flat.parent_uprn)).toBe(true);
  });

  it('has street records (USRN, no UPRN, STREET RECORD), and a USRN where that text is what tells them apart', async () => {
    const { emu } = await emulator();
    const streets = emu.records('dtf_locations').filter((l) => l.pao_text === 'STREET RECORD');
    expect(streets.length).toBeGreaterThan(20);
    for (const s of streets) expect(s.uprn).toBeNull();
    const usrn = emu.demo!.sharedUsrn;
    const shared = await call(emu, 'GET', `/v1/dtf_locations?usrn=${usrn}`);
    expect(shared.json.map((l: Record<string, string | null>) => [l.uprn, l.pao_text])).toEqual([
      [null, 'LAND ADJACENT TO LOCK 4'],
      [null, 'STREET RECORD'],
    ]);
    const rule = await call(emu, 'GET', `/v1/dtf_locations?usrn=${usrn}&pao_text=${encodeURIComponent('STREET RECORD')}`);
    expect(rule.json).toHaveLength(1);
  });

  it('has contacts with references: unique ones, one shared by two contacts, and ANON', async () => {
    const { emu } = await emulator();
    const { duplicateContactReference, uniqueContactReferences } = emu.demo!;
    expect((await call(emu, 'GET', `/v1/contacts?reference=${duplicateContactReference}`)).json).toHaveLength(2);
    for (const reference of uniqueContactReferences) expect((await call(emu, 'GET', `/v1/contacts?reference=${reference}`)).json).toHaveLength(1);
    expect((await call(emu, 'GET', '/v1/contacts?reference=ANON')).json).toHaveLength(1);
    for (const contact of emu.records('contacts').filter((c) => c.email)) expect(contact.email).toMatch(/@example\.org$/);
  });

  it('has a handful of Service Requests that pass validation, one ceased, some with a large map image', () => {
    const { store, demo } = seeded(3);
    const complaints = store.all('complaints');
    expect(complaints.length).toBeGreaterThanOrEqual(5);
    expect(complaints.filter((c) => c.ceased === 't').map((c) => c.id)).toEqual([demo.ceasedComplaintId]);
    expect(complaints.filter((c) => (c.gis_map_image_base64?.length ?? 0) > 10_000).length).toBeGreaterThan(0);
    for (const c of complaints) {
      const fields = [
        'core_function_id',
        'complaint_code_id',
        'investigating_officer_id',
        'requester_contact_id',
        'dtf_location_id',
        'received_date',
        'reporting_method_id',
        'request_category_id',
        'organizational_unit_id',
        'complaint_action_required_id',
      ];
      const form = fields.map((f) => [f, c[f] ?? ''] as [string, string]);
      expect(validateWrite(store, 'complaints', form).errors).toEqual({});
    }
  });

  it('has records without last_updated (null), the same for the same seed; a last_updated=<day> filter never matches them', async () => {
    const neverUpdated = (seed: number) =>
      Object.fromEntries(
        (['complaints', 'contacts', 'dtf_locations', 'core_functions', 'request_categories'] as const).map((t) => [
          t,
          seeded(seed)
            .store.all(t)
            .filter((r) => r.last_updated === null)
            .map((r) => r.id),
        ]),
      );
    const once = neverUpdated(1);
    expect(neverUpdated(1)).toEqual(once);
    expect(once.complaints).toHaveLength(1);
    expect(once.dtf_locations!.length).toBeGreaterThan(3);
    expect(once.core_functions).toHaveLength(1);
    expect(once.request_categories).toHaveLength(1);
    expect(
      seeded(1)
        .store.all('contacts')
        .find((c) => c.reference === 'ANON')!.last_updated,
    ).toBeNull();

    const { emu } = await emulator();
    const nulls = emu.records('complaints').filter((c) => c.last_updated === null);
    expect(nulls).toHaveLength(1);
    for (const day of new Set(emu.records('complaints').map((c) => String(c.submit_date).slice(0, 10)))) {
      const reply = await call(emu, 'GET', `/v1/complaints?last_updated=${day}`);
      const ids = reply.status === 202 ? [] : reply.json.map((c: { id: string }) => c.id);
      expect(ids).not.toContain(nulls[0]!.id);
    }
    // Asked for records with no last_updated, it finds them (field= matches null).
    expect((await call(emu, 'GET', '/v1/complaints?last_updated=')).json.map((c: { id: string }) => c.id)).toEqual([nulls[0]!.id]);
  });

  it('has ceased and disabled code entries beside the ones in use', () => {
    const { store, demo } = seeded(1);
    const ceasedCodes = store.all('complaint_codes').filter((c) => c.ceased === 't');
    expect(ceasedCodes.map((c) => c.code)).toEqual(['NOISEOLD', 'DOORSTEP']);
    expect(ceasedCodes[0]!.id).toBe(demo.ceasedComplaintCodeId);
    for (const code of ceasedCodes) expect(code.ceased_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(
      store
        .all('titles')
        .filter((t) => t.enabled === 'f')
        .map((t) => t.code),
    ).toEqual(['REVD']);
    expect(store.all('users').filter((u) => u.enabled === 'f')).toHaveLength(2);
  });
});
