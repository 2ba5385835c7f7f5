import { describe, expect, it } from 'vitest';
import { LINKS } from '../../../emulators/tascomi/validation';
import { call, emulator, validComplaint } from './helpers';

/** Columns these tests write beyond the standard set: link fields checked on any table, and a council's own fields. */
const EXTRA_COLUMNS = { complaints: ['title_id', 'inspection_date', 'food_premises_name', 'vehicle_registration', 'is_repeat'], contacts: ['constructor'] };

async function create(form: Record<string, string> | [string, string][], table = 'complaints') {
  const { emu } = await emulator({ extraColumns: EXTRA_COLUMNS });
  const before = emu.records(table as 'complaints').length;
  const reply = await call(emu, 'PUT', `/v1/${table}`, { form });
  if (reply.status === 400) expect(emu.records(table as 'complaints')).toHaveLength(before); // nothing stored
  return reply;
}

describe('validation (HTTP 400 naming each field)', () => {
  it('answers { message, errors } naming every missing required field of a Service Request', async () => {
    const reply = await create({ remarks: 'no codes at all' });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual({ core_function_id: 'is required', complaint_code_id: 'is required', investigating_officer_id: 'is required' });
    expect(reply.json.message).toBe('Validation failed for complaints: core_function_id is required; complaint_code_id is required; investigating_officer_id is required');
  });

  for (const field of ['core_function_id', 'complaint_code_id', 'investigating_officer_id']) {
    it(`requires ${field} (missing or empty)`, async () => {
      const { [field]: _dropped, ...rest } = validComplaint();
      expect((await create(rest)).json.errors).toEqual({ [field]: 'is required' });
      expect((await create({ ...validComplaint(), [field]: '' })).json.errors).toEqual({ [field]: 'is required' });
    });
  }

  for (const [field, table] of Object.entries(LINKS)) {
    it(`checks that ${field} names an existing ${table} record`, async () => {
      const missing = await create(validComplaint({ [field]: '99999' }));
      expect(missing.status).toBe(400);
      expect(missing.json.errors[field]).toBe(`no ${table} record has id 99999`);
      const malformed = await create(validComplaint({ [field]: 'FLYTIP' }));
      expect(malformed.json.errors[field]).toBe(`must be the id of a ${table} record`);
    });
  }

  it('accepts every link field when it points at a real record', async () => {
    const reply = await create(
      validComplaint({
        reporting_method_id: '3',
        request_category_id: '1',
        organizational_unit_id: '6',
        complaint_action_required_id: '1',
        title_id: '1',
        requester_contact_id: '1',
        contact_request_contact_id: '2',
        dtf_location_id: '2',
      }),
    );
    expect(reply.status).toBe(200);
  });

  it('needs the investigating officer to be an enabled officer', async () => {
    const { emu } = await emulator();
    const disabled = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ investigating_officer_id: emu.demo!.disabledOfficerId }) });
    expect(disabled.json.errors).toEqual({ investigating_officer_id: `user ${emu.demo!.disabledOfficerId} is not enabled` });
    const admin = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ investigating_officer_id: emu.demo!.adminUserId }) });
    expect(admin.json.errors).toEqual({ investigating_officer_id: `user ${emu.demo!.adminUserId} is not an officer` });
  });

  it('refuses a ceased code', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ core_function_id: '1', complaint_code_id: emu.demo!.ceasedComplaintCodeId }) });
    expect(reply.json.errors).toEqual({ complaint_code_id: `complaint_codes record ${emu.demo!.ceasedComplaintCodeId} is ceased` });
  });

  it('needs the request code to belong to the core function given', async () => {
    const reply = await create(validComplaint({ core_function_id: '1' })); // FLYTIP is Street Scene (5)
    expect(reply.json.errors).toEqual({ complaint_code_id: 'request code FLYTIP belongs to core function 5, not 1' });
  });

  it('checks the code/function pair on update against the stored values', async () => {
    const { emu } = await emulator();
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    const reply = await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { core_function_id: '4' } });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual({ complaint_code_id: 'request code FLYTIP belongs to core function 5, not 4' });
    expect((await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { core_function_id: '4', complaint_code_id: '15' } })).status).toBe(200);
  });

  it('does not let an update clear a required field', async () => {
    const { emu } = await emulator();
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint() });
    const reply = await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { investigating_officer_id: '' } });
    expect(reply.json.errors).toEqual({ investigating_officer_id: 'is required' });
  });

  it('needs received_date and every *_date field as a valid yyyy-MM-dd HH:mm:ss', async () => {
    expect((await create(validComplaint({ received_date: '2024-01-15T14:00:00Z' }))).json.errors).toEqual({ received_date: 'must be a date and time as yyyy-MM-dd HH:mm:ss' });
    expect((await create(validComplaint({ received_date: '15/01/2024 14:00' }))).json.errors).toEqual({ received_date: 'must be a date and time as yyyy-MM-dd HH:mm:ss' });
    expect((await create(validComplaint({ received_date: '2024-02-30 10:00:00' }))).json.errors).toEqual({ received_date: '2024-02-30 10:00:00 is not a valid date and time' });
    expect((await create(validComplaint({ received_date: '2024-01-15 24:00:00' }))).json.errors.received_date).toMatch(/not a valid/);
    expect((await create(validComplaint({ inspection_date: '2024-13-01 09:00:00' }))).json.errors).toEqual({ inspection_date: '2024-13-01 09:00:00 is not a valid date and time' });
    expect((await create(validComplaint({ inspection_date: '2024-12-01 09:00:00' }))).status).toBe(200);
    // A local time skipped by the spring change is stored as given, as a database DATETIME would.
    expect((await create(validComplaint({ received_date: '2024-03-31 01:30:00' }))).status).toBe(200);
  });

  it('needs field names that look like identifiers', async () => {
    const reply = await create([...Object.entries(validComplaint()), ['Remarks', 'x'], ['external-ref', 'y'], ['2nd_contact', 'z']]);
    expect(Object.keys(reply.json.errors)).toEqual(['Remarks', 'external-ref', '2nd_contact']);
    expect(reply.json.errors.Remarks).toMatch(/is not a field name/);
  });

  it('refuses a field named __proto__ instead of losing it, and takes names like constructor as plain fields', async () => {
    const proto = await create(
      [
        ['reference', 'X'],
        ['__proto__', '1'],
      ],
      'contacts',
    );
    expect(proto.status).toBe(400);
    expect(Object.keys(proto.json.errors)).toEqual(['__proto__']);
    const plain = await create(
      [
        ['reference', 'Y'],
        ['constructor', '1'],
        ['ceased', 'maybe'],
      ],
      'contacts',
    );
    expect(plain.json.errors).toEqual({ ceased: "must be 't' or 'f'" });
    expect(
      Object.hasOwn(
        (
          await create(
            [
              ['reference', 'Z'],
              ['constructor', '1'],
            ],
            'contacts',
          )
        ).json,
        'constructor',
      ),
    ).toBe(true);
  });

  it('refuses fields the server maintains', async () => {
    const reply = await create(validComplaint({ id: '77', submit_date: '2024-01-01 00:00:00', last_updated: '2024-01-01 00:00:00' }));
    expect(reply.json.errors).toEqual({
      id: 'is maintained by Tascomi and cannot be set',
      submit_date: 'is maintained by Tascomi and cannot be set',
      last_updated: 'is maintained by Tascomi and cannot be set',
    });
  });

  it("needs ceased as 't' or 'f'", async () => {
    expect((await create(validComplaint({ ceased: 'true' }))).json.errors).toEqual({ ceased: "must be 't' or 'f'" });
  });

  it('checks a contact: links and email', async () => {
    const reply = await create({ reference: 'X', title_id: '42', dtf_location_id: '0', email: 'not-an-email' }, 'contacts');
    expect(reply.json.errors).toEqual({ title_id: 'no titles record has id 42', dtf_location_id: 'must be the id of a dtf_locations record', email: 'is not an email address' });
  });

  it('needs nothing else for a contact: a reference alone is enough', async () => {
    expect((await create({ reference: 'CXM-P-1' }, 'contacts')).status).toBe(200);
  });

  it('stores other fields as given', async () => {
    const reply = await create(validComplaint({ food_premises_name: "Joe's Café", vehicle_registration: 'AB12 CDE', is_repeat: 'f' }));
    expect(reply.json).toMatchObject({ food_premises_name: "Joe's Café", vehicle_registration: 'AB12 CDE', is_repeat: 'f' });
  });
});
