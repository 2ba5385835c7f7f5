import { describe, expect, it } from 'vitest';
import { STANDARD_COLUMNS } from '../../../emulators/tascomi/columns';
import { startTascomiEmulator, TABLES, type TascomiTable } from '../../../emulators/tascomi/index';
import { call, emulator, testClock, validComplaint } from './helpers';

describe('listing', () => {
  it('answers a JSON array with ids as strings and the paging headers', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'GET', '/v1/titles');
    expect(reply.status).toBe(200);
    expect(reply.json.map((t: { id: string; description: string }) => [t.id, t.description])).toEqual([
      ['1', 'Mr'],
      ['2', 'Mrs'],
      ['3', 'Ms'],
      ['4', 'Miss'],
      ['5', 'Dr'],
      ['6', 'Mx'],
      ['7', 'Reverend (disabled)'],
    ]);
    expect(reply.headers.get('x-number-of-results')).toBe('7');
    expect(reply.headers.get('x-results-per-page')).toBe('25');
    expect(reply.headers.get('x-page-number')).toBe('1');
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('pages with ?page=N; X-Number-Of-Results counts every match, and a page past the end is 202', async () => {
    const { emu } = await emulator({ pageSize: 10 });
    const first = await call(emu, 'GET', '/v1/complaint_codes');
    const third = await call(emu, 'GET', '/v1/complaint_codes?page=3');
    const fourth = await call(emu, 'GET', '/v1/complaint_codes?page=4');
    expect(first.json.map((c: { id: string }) => c.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(third.json.map((c: { id: string }) => c.id)).toEqual(['21', '22', '23', '24']);
    expect(third.headers.get('x-number-of-results')).toBe('24');
    expect(third.headers.get('x-results-per-page')).toBe('10');
    expect(third.headers.get('x-page-number')).toBe('3');
    expect(fourth.status).toBe(202);
    expect(fourth.text).toBe('');
  });

  it('refuses a page that is not a whole number from 1, naming page', async () => {
    const { emu } = await emulator();
    for (const page of ['0', '-1', 'two', '1.5']) {
      const reply = await call(emu, 'GET', `/v1/titles?page=${page}`);
      expect(reply.status).toBe(400);
      expect(reply.json.errors).toHaveProperty('page');
    }
  });

  it('filters by equality on any field, combining filters', async () => {
    const { emu } = await emulator();
    const streetScene = await call(emu, 'GET', '/v1/complaint_codes?core_function_id=5');
    expect(streetScene.json.map((c: { code: string }) => c.code)).toEqual(['FLYTIP', 'GRAFFITI', 'DOGFOUL', 'ABANDVEH']);
    const flytip = await call(emu, 'GET', '/v1/complaint_codes?code=FLYTIP&core_function_id=5');
    expect(flytip.json).toHaveLength(1);
    expect(flytip.json[0]).toMatchObject({ id: '18', code: 'FLYTIP', description: 'Fly-tipping', core_function_id: '5', ceased: 'f' });
    expect((await call(emu, 'GET', '/v1/complaint_codes?code=FLYTIP&core_function_id=1')).status).toBe(202);
    const officers = await call(emu, 'GET', '/v1/users?officer=t&enabled=t');
    expect(officers.json).toHaveLength(8);
  });

  it('ignores a filter on a column the table does not have (assumed), rather than erroring', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'GET', '/v1/titles?colour=blue&enabled=f');
    expect(reply.status).toBe(200);
    expect(reply.json.map((t: { code: string }) => t.code)).toEqual(['REVD']);
    // A name that is not even a field name matches nothing.
    expect((await call(emu, 'GET', '/v1/titles?Colour=blue')).status).toBe(202);
  });

  it('sorts with sort=field and sort=-field, numbers as numbers', async () => {
    const { emu } = await emulator();
    const byCode = await call(emu, 'GET', '/v1/core_functions?sort=code');
    expect(byCode.json.map((c: { code: string }) => c.code)).toEqual(['EH', 'LIC', 'PEST', 'PH', 'SS', 'TS']);
    const byCodeDesc = await call(emu, 'GET', '/v1/core_functions?sort=-code');
    expect(byCodeDesc.json.map((c: { code: string }) => c.code)).toEqual(['TS', 'SS', 'PH', 'PEST', 'LIC', 'EH']);
    const byIdDesc = await call(emu, 'GET', '/v1/complaint_codes?sort=-id');
    expect(byIdDesc.json.slice(0, 3).map((c: { id: string }) => c.id)).toEqual(['24', '23', '22']);
    const twoKeys = await call(emu, 'GET', '/v1/complaint_codes?sort=-core_function_id,code&core_function_id=5');
    expect(twoKeys.json.map((c: { code: string }) => c.code)).toEqual(['ABANDVEH', 'DOGFOUL', 'FLYTIP', 'GRAFFITI']);
    expect((await call(emu, 'GET', '/v1/titles?sort=--x')).status).toBe(400);
  });

  it('sorts as a database would: text ignoring case, numbers before text, nulls last (first descending), ties by id', async () => {
    const { emu } = await emulator({ empty: true });
    for (const [surname, reference] of [
      ['smith', '10'],
      ['Adams', null],
      ['Smith', '9'],
      [null, 'B-1'],
      ['SMITH', 'a-1'],
      ['adams', '100'],
    ] as const) {
      emu.insert('contacts', { surname, reference });
    }
    const order = async (sort: string) => (await call(emu, 'GET', `/v1/contacts?sort=${sort}`)).json.map((c: { id: string }) => c.id);
    expect(await order('surname')).toEqual(['2', '6', '1', '3', '5', '4']);
    expect(await order('-surname')).toEqual(['4', '1', '3', '5', '2', '6']);
    expect(await order('reference')).toEqual(['3', '1', '6', '5', '4', '2']);
    expect(await order('surname,-reference')).toEqual(['2', '6', '5', '1', '3', '4']);
  });

  it('answers an empty list with HTTP 202 and an empty body', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'GET', '/v1/contacts?reference=NO-SUCH-PERSON');
    expect(reply.status).toBe(202);
    expect(reply.text).toBe('');
    expect(reply.headers.get('content-length')).toBe('0');
    expect(reply.headers.get('x-number-of-results')).toBe('0');
  });

  it('answers 202 for an empty table too', async () => {
    const { emu } = await emulator({ empty: true });
    expect((await call(emu, 'GET', '/v1/complaints')).status).toBe(202);
  });

  it('matches last_updated=yyyy-MM-dd to records changed that day, in the instance zone', async () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    const { emu, clock } = await emulator({}, testClock('2024-06-30T23:30:00Z'));
    const created = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ remarks: 'late night' }) });
    expect(created.json.last_updated).toBe('2024-07-01 00:30:00');
    const sameDay = await call(emu, 'GET', '/v1/complaints?last_updated=2024-07-01');
    expect(sameDay.json.map((c: { id: string }) => c.id)).toEqual([created.json.id]);
    expect((await call(emu, 'GET', '/v1/complaints?last_updated=2024-06-30')).status).toBe(202);
    clock.advance(2 * 86_400_000);
    await call(emu, 'POST', `/v1/complaints/${created.json.id}`, { form: { remarks: 'two days on' } });
    expect((await call(emu, 'GET', '/v1/complaints?last_updated=2024-07-01')).status).toBe(202);
    expect((await call(emu, 'GET', '/v1/complaints?last_updated=2024-07-03')).json).toHaveLength(1);
    expect((await call(emu, 'GET', `/v1/complaints?last_updated=${encodeURIComponent('2024-07-03 00:30:00')}`)).json).toHaveLength(1);
  });
});

describe('columns (each table a fixed set; absent values null)', () => {
  it('answers every column of a record, absent values as null, and no other; ceased only where the table has it, enabled only on users and titles', async () => {
    const { emu } = await emulator();
    for (const table of TABLES) {
      const listed = await call(emu, 'GET', `/v1/${table}`);
      for (const record of listed.json) expect(Object.keys(record)).toEqual(STANDARD_COLUMNS[table]);
    }
    const hasColumn = (table: TascomiTable, column: string) => STANDARD_COLUMNS[table].includes(column);
    expect(TABLES.filter((t) => hasColumn(t, 'enabled'))).toEqual(['users', 'titles']);
    expect(TABLES.filter((t) => !hasColumn(t, 'ceased'))).toEqual(['users', 'titles']);
    for (const table of TABLES) expect(hasColumn(table, 'ceased_date')).toBe(hasColumn(table, 'ceased'));
    const anon = (await call(emu, 'GET', '/v1/contacts?reference=ANON')).json[0];
    expect(anon).toMatchObject({ firstname: null, email: null, title_id: null, ceased: 'f', ceased_date: null });
  });

  it('treats ceased / ceased_date on a table without them as any absent column: a filter is ignored, a stored value never shows', async () => {
    const { emu } = await emulator();
    const users = emu.records('users');
    expect((await call(emu, 'GET', '/v1/users?ceased=t')).json).toHaveLength(users.length);
    const inserted = emu.insert('titles', { code: 'PROF', description: 'Professor', enabled: 't', ceased: 't' });
    expect(inserted).not.toHaveProperty('ceased');
    expect(inserted).not.toHaveProperty('ceased_date');
  });

  it('drops a written value for a column the table does not have (assumed), and keeps the rest of the write', async () => {
    const { emu } = await emulator();
    const made = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ colour: 'blue' }) });
    expect(made.status).toBe(200);
    expect(made.json).not.toHaveProperty('colour');
    const updated = await call(emu, 'POST', `/v1/contacts/1`, { form: { surname: 'Renamed', enabled: 'f' } });
    expect(updated.json).toMatchObject({ surname: 'Renamed' });
    expect(updated.json).not.toHaveProperty('enabled');
  });

  it('adds extraColumns and removes absentColumns from the standard set; refuses bad options', async () => {
    const { emu } = await emulator({ extraColumns: { complaints: ['crm_case_ref'] }, absentColumns: { contacts: ['phone'] } });
    expect(emu.records('complaints')[0]).toHaveProperty('crm_case_ref', null);
    expect(emu.records('contacts')[0]).not.toHaveProperty('phone');
    await expect(startTascomiEmulator({ extraColumns: { nonsense: ['x'] } as never })).rejects.toThrow(/extraColumns: no table named nonsense/);
    await expect(startTascomiEmulator({ extraColumns: { complaints: ['Bad-Name'] } })).rejects.toThrow(/extraColumns.complaints: "Bad-Name" is not a column name/);
    await expect(startTascomiEmulator({ absentColumns: { complaints: ['id'] } })).rejects.toThrow(/id cannot be absent/);
  });
});

describe('reading one record', () => {
  it('answers the object with its id as a string', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'GET', '/v1/core_functions/1');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ id: '1', code: 'EH', description: 'Environmental Health', ceased: 'f' });
  });

  it('answers 404 with a JSON message when the record is missing', async () => {
    const { emu } = await emulator();
    for (const id of ['9999', '0', 'abc']) {
      const reply = await call(emu, 'GET', `/v1/complaints/${id}`);
      expect(reply.status).toBe(404);
      expect(reply.json.message).toBe(`No complaints record has id ${id}`);
    }
  });

  it('answers 404 for an unknown resource or version', async () => {
    const { emu } = await emulator();
    expect((await call(emu, 'GET', '/v1/planning_applications')).json.message).toMatch(/No resource named planning_applications/);
    expect((await call(emu, 'GET', '/v2/complaints')).status).toBe(404);
    expect((await call(emu, 'GET', '/v1/complaints/1/notes')).status).toBe(404);
  });
});

describe('creating and updating', () => {
  it('creates with PUT on the collection from a form body, maintaining dates and ceased', async () => {
    const { emu } = await emulator({ extraColumns: { complaints: ['urgent'] } }, testClock('2024-07-01T13:05:30Z'));
    const before = emu.records('complaints').length;
    const reply = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ external_reference: 'CASE-000123', urgent: 't' }) });
    expect(reply.status).toBe(200);
    const id = reply.json.id;
    expect(id).toBe(String(before + 1));
    expect(reply.json).toMatchObject({
      core_function_id: '5',
      complaint_code_id: '18',
      investigating_officer_id: '1',
      received_date: '2024-01-15 14:00:00',
      external_reference: 'CASE-000123',
      urgent: 't',
      submit_date: '2024-07-01 14:05:30',
      last_updated: '2024-07-01 14:05:30',
      ceased: 'f',
      ceased_date: null,
      creation_user_id: emu.demo!.adminUserId,
    });
    expect((await call(emu, 'GET', `/v1/complaints/${id}`)).json).toEqual(reply.json);
    const found = await call(emu, 'GET', '/v1/complaints?external_reference=CASE-000123');
    expect(found.json.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('updates with POST on the item: fields merge, last_updated moves, submit_date stays', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-07-01T13:05:30Z'));
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    clock.advance(3_600_000);
    const reply = await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { remarks: 'Now two mattresses', complaint_action_required_id: '2' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      id: created.id,
      remarks: 'Now two mattresses',
      complaint_action_required_id: '2',
      complaint_code_id: '18',
      submit_date: '2024-07-01 14:05:30',
      last_updated: '2024-07-01 15:05:30',
    });
  });

  it('clears a field sent empty', async () => {
    const { emu } = await emulator();
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ reporting_method_id: '1' }) });
    const reply = await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { reporting_method_id: '', remarks: '' } });
    expect(reply.json).toMatchObject({ reporting_method_id: null, remarks: null });
  });

  it('answers {"id": 0} for an update of a ceased record, and changes nothing', async () => {
    const { emu } = await emulator();
    const ceasedId = emu.demo!.ceasedComplaintId;
    const before = emu.records('complaints').find((c) => c.id === ceasedId);
    const reply = await call(emu, 'POST', `/v1/complaints/${ceasedId}`, { form: { remarks: 'reopen please' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ id: 0 });
    expect(emu.records('complaints').find((c) => c.id === ceasedId)).toEqual(before);
  });

  it('ceases a record with ceased=t (ceased_date set); later updates answer {"id": 0}', async () => {
    const { emu } = await emulator({}, testClock('2024-01-15T14:32:10Z'));
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    const ceased = await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { ceased: 't' } });
    expect(ceased.json).toMatchObject({ ceased: 't', ceased_date: '2024-01-15 14:32:10' });
    expect((await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { remarks: 'x' } })).json).toEqual({ id: 0 });
  });

  it('creates and updates contacts with their fields', async () => {
    const { emu } = await emulator();
    const location = emu.records('dtf_locations').find((l) => l.uprn)!;
    const form = {
      reference: 'CXM-P-55555',
      title_id: '3',
      firstname: 'Jo',
      surname: 'Bloggs',
      email: 'jo.bloggs@example.org',
      phone: '07700 900123',
      house_name_or_number: String(location.pao_text),
      street_name: String(location.street_name),
      postcode: String(location.postcode),
      dtf_location_id: String(location.id),
      contact_type_id: '1',
    };
    const created = await call(emu, 'PUT', '/v1/contacts', { form });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ ...form, ceased: 'f' });
    const updated = await call(emu, 'POST', `/v1/contacts/${created.json.id}`, { form: { phone: '07700 900999' } });
    expect(updated.json).toMatchObject({ reference: 'CXM-P-55555', phone: '07700 900999' });
    expect((await call(emu, 'GET', '/v1/contacts?reference=CXM-P-55555')).json).toHaveLength(1);
  });

  it('accepts the form content type with a charset', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'PUT', '/v1/complaints', {
      body: new URLSearchParams(validComplaint()).toString(),
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
    });
    expect(reply.status).toBe(200);
  });

  it('rejects a JSON body (or any body that is not a form) with 415', async () => {
    const { emu } = await emulator();
    const asJson = await call(emu, 'PUT', '/v1/complaints', { body: JSON.stringify(validComplaint()), contentType: 'application/json' });
    expect(asJson.status).toBe(415);
    expect(asJson.json.message).toMatch(/application\/x-www-form-urlencoded/);
    expect((await call(emu, 'POST', '/v1/complaints/1', { body: '{}', contentType: 'application/json' })).status).toBe(415);
    const plain = await call(emu, 'PUT', '/v1/complaints', { body: 'remarks=x', contentType: 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.json.message).toBe('Send the body as application/x-www-form-urlencoded, not "text/plain"');
    const odd = await call(emu, 'PUT', '/v1/complaints', { body: 'remarks=x', contentType: `text/${'x'.repeat(300)}` });
    expect(odd.json.message).toMatch(/, not "text\/x{55}…"$/);
    expect(emu.records('complaints')).toHaveLength(6);
  });

  it('answers 405 for code lists, the wrong verb on a URL, DELETE where nothing is deleted, and other verbs', async () => {
    const { emu } = await emulator();
    const titles = await call(emu, 'PUT', '/v1/titles', { form: { description: 'Lord' } });
    expect(titles.status).toBe(405);
    expect(titles.json.message).toMatch(/titles cannot be created or updated/);
    expect((await call(emu, 'POST', '/v1/users/1', { form: { enabled: 'f' } })).status).toBe(405);
    expect((await call(emu, 'POST', '/v1/complaints', { form: validComplaint() })).status).toBe(405);
    expect((await call(emu, 'PUT', '/v1/complaints/1', { form: validComplaint() })).status).toBe(405);
    const delCodeList = await call(emu, 'DELETE', '/v1/titles/1');
    expect(delCodeList.status).toBe(405);
    expect(delCodeList.headers.get('allow')).toBe('GET');
    expect((await call(emu, 'DELETE', '/v1/complaints')).status).toBe(405);
    const patch = await call(emu, 'PATCH', '/v1/complaints/1', { form: { remarks: 'x' } });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, PUT, POST, DELETE');
    expect(emu.records('titles')).toHaveLength(7);
    expect(emu.records('complaints')).toHaveLength(6);
  });

  it('answers 404 for an update of a record that does not exist', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'POST', '/v1/complaints/424242', { form: { remarks: 'x' } });
    expect(reply.status).toBe(404);
    expect(reply.json.message).toBe('No complaints record has id 424242');
  });

  it('shows ids decoded in error text, quoting anything but a plain token and bounding its length', async () => {
    const { emu } = await emulator();
    expect((await call(emu, 'GET', '/v1/complaints/9%20x')).json.message).toBe('No complaints record has id "9 x"');
    expect((await call(emu, 'POST', '/v1/contacts/abc', { form: { surname: 'x' } })).json.message).toBe('No contacts record has id abc');
    const long = await call(emu, 'GET', `/v1/complaints/${encodeURIComponent('"' + 'x'.repeat(500) + '\n')}`);
    expect(long.json.message).toBe(`No complaints record has id "\\"${'x'.repeat(59)}…"`);
    expect((await call(emu, 'GET', '/v1/no%20such')).json.message).toBe('No resource named "no such"');
    // An id that decodes to a real one reads it, as a server that decodes its path would.
    expect((await call(emu, 'GET', '/v1/titles/%31')).json.description).toBe('Mr');
    const malformed = await call(emu, 'GET', '/v1/complaints/%E0%A4%A');
    expect(malformed.status).toBe(400);
    expect(malformed.json.message).toMatch(/is not valid percent-encoding/);
  });
});

describe('records and insert (methods for assertions and seeding)', () => {
  it('insert stores a record directly (no validation), fills maintained fields, and returns it', async () => {
    const { emu } = await emulator({ empty: true }, testClock('2024-01-15T14:32:10Z'));
    const row = emu.insert('contacts', { reference: 'SEEDED', surname: 'Seed', title_id: 99 });
    expect(row).toMatchObject({ id: '1', reference: 'SEEDED', title_id: '99', ceased: 'f', submit_date: '2024-01-15 14:32:10', last_updated: '2024-01-15 14:32:10' });
    const copy = emu.records('contacts');
    copy[0]!.surname = 'changed';
    expect(emu.records('contacts')[0]!.surname).toBe('Seed');
    expect(() => emu.insert('nonsense' as never, {})).toThrow(/No table named nonsense/);
    expect(() => emu.insert('contacts', { id: '1' })).toThrow(/already exists/);
  });
});

describe('absentColumns (assumed: an instance without a column)', () => {
  it('drops a written value for the column and ignores a filter on it; other columns behave as usual', async () => {
    const { emu } = await emulator({ absentColumns: { complaints: ['external_reference'] } });
    const made = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ external_reference: 'CASE-1' }) });
    expect(made.status).toBe(200);
    expect(made.json).not.toHaveProperty('external_reference');
    expect(emu.records('complaints').some((r) => 'external_reference' in r)).toBe(false);
    const filtered = await call(emu, 'GET', '/v1/complaints?external_reference=NO-SUCH-CASE');
    expect(filtered.status).toBe(200);
    expect(filtered.json).toHaveLength(emu.records('complaints').length);
    // Every record still shows every other column, absent values as null.
    expect(Object.keys(made.json)).toEqual(STANDARD_COLUMNS.complaints.filter((c) => c !== 'external_reference'));
  });
});
