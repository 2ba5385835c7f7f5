import { describe, expect, it } from 'vitest';
import { STRICT_ASSUMED } from '../../../emulators/tascomi/index';
import { adminCall as admin } from '../common-helpers';
import { call, emulator, validComplaint } from './helpers';

/** The assumed rules: strict by default, each relaxable, so tests (and the client) run both ways. */
describe('assumed rules', () => {
  it('are all strict by default', async () => {
    const { emu } = await emulator();
    expect(emu.assumed()).toEqual({
      requiredServiceRequestFields: true,
      flagsOnlyTOrF: true,
      fullDateTimesOnly: true,
      fieldNamePattern: true,
      missingIdUpdateIs404: true,
      queryStringFields: 'refuse',
    });
  });

  it('requiredServiceRequestFields off: a Service Request with only remarks and a flag is created (as the public C# client does)', async () => {
    const { emu } = await emulator({ assumed: { requiredServiceRequestFields: false } });
    const reply = await call(emu, 'PUT', '/v1/complaints', { form: { remarks: 'Only remarks', ceased: 'f' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ remarks: 'Only remarks', ceased: 'f' });
    expect(reply.json.core_function_id).toBeNull();
    // The other checks still hold.
    expect((await call(emu, 'PUT', '/v1/complaints', { form: { core_function_id: '99' } })).json.errors).toEqual({ core_function_id: 'no core_functions record has id 99' });
  });

  it('flagsOnlyTOrF off: true/false/1/0 in any case are stored as t/f; anything else is still refused', async () => {
    const { emu } = await emulator({ assumed: { flagsOnlyTOrF: false } });
    const made = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ ceased: 'FALSE' }) });
    expect(made.json.ceased).toBe('f');
    const ceased = await call(emu, 'POST', `/v1/complaints/${made.json.id}`, { form: { ceased: '1' } });
    expect(ceased.json).toMatchObject({ ceased: 't', ceased_date: expect.any(String) });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ ceased: 'yes' }) })).json.errors).toEqual({ ceased: "must be 't', 'f', true, false, 1 or 0" });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ ceased: 'constructor' }) })).status).toBe(400);
  });

  it('fullDateTimesOnly off: a yyyy-MM-dd date is stored as midnight; other shapes are still refused', async () => {
    const { emu } = await emulator({ assumed: { fullDateTimesOnly: false } });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ received_date: '2024-01-15' }) })).json.received_date).toBe('2024-01-15 00:00:00');
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ received_date: '2024-02-30' }) })).json.errors).toEqual({
      received_date: '2024-02-30 is not a valid date',
    });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ received_date: '15/01/2024' }) })).json.errors).toEqual({
      received_date: 'must be a date and time as yyyy-MM-dd HH:mm:ss',
    });
    expect((await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ received_date: '2024-01-15 14:00:00' }) })).status).toBe(200);
  });

  it('fieldNamePattern off: other names are not refused (no table has such a column, so the value is dropped as for any absent column); an empty name and maintained fields are still refused', async () => {
    const { emu } = await emulator({ assumed: { fieldNamePattern: false } });
    const made = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ 'External-Ref': 'CASE-9' }) });
    expect(made.status).toBe(200);
    expect(made.json).not.toHaveProperty('External-Ref');
    const bad = await call(emu, 'PUT', '/v1/complaints', { form: [...Object.entries(validComplaint()), ['', 'x'], ['id', '4']] });
    expect(Object.keys(bad.json.errors)).toEqual(['', 'id']);
    expect(bad.json.message).toBe(
      'Validation failed for complaints: "" is not a field name (lower case letters, digits and _, starting with a letter); id is maintained by Tascomi and cannot be set',
    );
  });

  it('shows an untrusted field name quoted and bounded in the message', async () => {
    const { emu } = await emulator();
    const name = `Bad"${'n'.repeat(200)}`;
    const reply = await call(emu, 'PUT', '/v1/contacts', { form: { [name]: 'x' } });
    expect(reply.json.message).toBe(`Validation failed for contacts: "Bad\\"${'n'.repeat(56)}…" is not a field name (lower case letters, digits and _, starting with a letter)`);
    expect(reply.json.errors[name]).toMatch(/is not a field name/);
  });

  it('missingIdUpdateIs404 off: an update of a missing id answers 200 {"id": 0} (as the FSA test double does), storing nothing', async () => {
    const { emu } = await emulator({ assumed: { missingIdUpdateIs404: false } });
    const reply = await call(emu, 'POST', '/v1/complaints/424242', { form: { remarks: 'x' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ id: 0 });
    expect(emu.records('complaints').some((r) => r.id === '424242')).toBe(false);
    // Reads of a missing id are still 404.
    expect((await call(emu, 'GET', '/v1/complaints/424242')).status).toBe(404);
  });

  it('are set and read through /__admin/assumed and setAssumed, validated', async () => {
    const { emu } = await emulator();
    const set = await admin(emu, 'POST', '/assumed', { fullDateTimesOnly: false, queryStringFields: 'accept' });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ...STRICT_ASSUMED, fullDateTimesOnly: false, queryStringFields: 'accept' });
    expect((await admin(emu, 'GET', '/assumed')).json).toEqual(emu.assumed());
    const typo = await admin(emu, 'POST', '/assumed', { fullDatesOnly: false });
    expect(typo.status).toBe(400);
    expect(typo.json.message).toMatch(/^Invalid assumed rules: .*fullDatesOnly/);
    expect((await admin(emu, 'POST', '/assumed', { queryStringFields: 'ignore' })).json.message).toMatch(/queryStringFields/);
    emu.setAssumed({ fullDateTimesOnly: true });
    expect(emu.assumed()).toEqual({ ...STRICT_ASSUMED, queryStringFields: 'accept' });
    expect(() => emu.setAssumed({ missingIdUpdateIs404: 'no' } as never)).toThrow(/missingIdUpdateIs404/);
    await expect(emulator({ assumed: { strict: true } as never })).rejects.toThrow(/strict/);
  });
});

describe('fields in the query string of a PUT or POST (the supplier sample client sends them there)', () => {
  it("'refuse' (default): 400 naming each field and saying to send it in the form body; nothing stored", async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'PUT', '/v1/complaints?remarks=From%20the%20query&ceased=f', { form: validComplaint() });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toBe('Fields were sent in the query string (remarks, ceased); send them in the form body');
    expect(reply.json.errors).toEqual({ remarks: 'was sent in the query string; send it in the form body', ceased: 'was sent in the query string; send it in the form body' });
    expect(emu.records('complaints')).toHaveLength(6);
    const update = await call(emu, 'POST', '/v1/complaints/1?remarks=x', {});
    expect(update.status).toBe(400);
    expect(emu.records('complaints')[0]!.remarks).not.toBe('x');
  });

  it("'accept': query fields are merged into the form, the body winning a conflict; they are validated like the body's", async () => {
    const { emu } = await emulator({ assumed: { queryStringFields: 'accept' }, extraColumns: { complaints: ['inspection_date'] } });
    const { remarks: _remarks, ...body } = validComplaint();
    const made = await call(emu, 'PUT', '/v1/complaints?remarks=From%20the%20query&complaint_code_id=1', { form: body });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ remarks: 'From the query', complaint_code_id: body.complaint_code_id });
    const onlyQuery = await call(emu, 'POST', `/v1/complaints/${made.json.id}?remarks=Updated%20by%20query`);
    expect(onlyQuery.json.remarks).toBe('Updated by query');
    expect((await call(emu, 'PUT', '/v1/complaints?inspection_date=tomorrow', { form: body })).json.errors).toEqual({
      inspection_date: 'must be a date and time as yyyy-MM-dd HH:mm:ss',
    });
  });
});
