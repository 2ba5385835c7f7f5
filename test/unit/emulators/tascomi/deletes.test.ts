import { describe, expect, it } from 'vitest';
import type { TascomiKey } from '../../../emulators/tascomi/index';
import { adminCall as admin } from '../common-helpers';
import { call, emulator, validComplaint } from './helpers';

const WRITER_ONLY: TascomiKey = {
  publicKey: 'writer-public',
  privateKey: 'writer-private',
  permissions: { complaints: { view: true, write: true }, contacts: { view: true, write: true } },
};

describe('DELETE on complaints and contacts (as the public C# client deletes)', () => {
  it('deletes a Service Request: answered {"id": "<id>"}, then gone from reads and lists', async () => {
    const { emu } = await emulator();
    const { json: created } = await call(emu, 'PUT', '/v1/complaints', { form: validComplaint({ external_reference: 'CASE-DEL' }) });
    const reply = await call(emu, 'DELETE', `/v1/complaints/${created.id}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ id: created.id });
    expect((await call(emu, 'GET', `/v1/complaints/${created.id}`)).status).toBe(404);
    expect((await call(emu, 'GET', '/v1/complaints?external_reference=CASE-DEL')).status).toBe(202);
    expect(emu.records('complaints').map((r) => r.id)).not.toContain(created.id);
    // Deleting again, or updating what was deleted, is a missing record.
    const again = await call(emu, 'DELETE', `/v1/complaints/${created.id}`);
    expect(again.status).toBe(404);
    expect(again.json.message).toBe(`No complaints record has id ${created.id}`);
    expect((await call(emu, 'POST', `/v1/complaints/${created.id}`, { form: { remarks: 'x' } })).status).toBe(404);
  });

  it('deletes a contact; other records and tables are untouched', async () => {
    const { emu } = await emulator();
    const before = emu.records('contacts');
    const target = before[0]!;
    expect((await call(emu, 'DELETE', `/v1/contacts/${target.id}`)).status).toBe(200);
    expect(emu.records('contacts')).toEqual(before.slice(1));
    expect(emu.records('complaints')).toHaveLength(6);
  });

  it('answers 404 for a missing id, with the id decoded', async () => {
    const { emu } = await emulator();
    const reply = await call(emu, 'DELETE', '/v1/contacts/99%2099');
    expect(reply.status).toBe(404);
    expect(reply.json.message).toBe('No contacts record has id "99 99"');
  });

  it('needs the Delete right: a per-table key without it gets 403 and nothing is deleted', async () => {
    const { emu } = await emulator({ keys: [WRITER_ONLY] });
    const reply = await call(emu, 'DELETE', '/v1/complaints/1', { key: WRITER_ONLY });
    expect(reply.status).toBe(403);
    expect(reply.json.message).toBe('This API key does not have Delete access to complaints');
    expect(emu.records('complaints')).toHaveLength(6);
    expect(emu.canAccess(WRITER_ONLY.publicKey, 'complaints', 'delete')).toBe(false);

    emu.setKeyPermissions(WRITER_ONLY.publicKey, { complaints: { view: true, write: false, delete: true } });
    expect((await call(emu, 'DELETE', '/v1/complaints/1', { key: WRITER_ONLY })).status).toBe(200);
    expect(emu.records('complaints')).toHaveLength(5);
  });

  it("gives 'all' (the default) the Delete right, and takes delete through /__admin/keys", async () => {
    const { emu } = await emulator();
    expect(emu.canAccess(emu.keys[0]!.publicKey, 'contacts', 'delete')).toBe(true);
    const added = await admin(emu, 'POST', '/keys', { publicKey: 'deleter', privateKey: 'd', permissions: { contacts: { view: false, write: false, delete: true } } });
    expect(added.status).toBe(200);
    expect((await call(emu, 'DELETE', '/v1/contacts/1', { key: { publicKey: 'deleter', privateKey: 'd' } })).status).toBe(200);
    expect((await admin(emu, 'POST', '/keys', { publicKey: 'x', privateKey: 'y', permissions: { contacts: { view: true, write: true, delete: 'yes' } } })).json.message).toMatch(
      /permissions\.contacts\.delete/,
    );
  });

  it('checks permission before the rule that code lists are never deleted', async () => {
    const { emu } = await emulator({ keys: [WRITER_ONLY, { publicKey: 'all', privateKey: 'all' }] });
    expect((await call(emu, 'DELETE', '/v1/titles/1', { key: WRITER_ONLY })).status).toBe(403);
    expect((await call(emu, 'DELETE', '/v1/titles/1', { key: { publicKey: 'all', privateKey: 'all' } })).status).toBe(405);
  });
});
