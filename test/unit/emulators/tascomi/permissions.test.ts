import { describe, expect, it } from 'vitest';
import type { TascomiKey } from '../../../emulators/tascomi/index';
import { call, emulator, validComplaint } from './helpers';

const READER: TascomiKey = {
  publicKey: 'reader-public',
  privateKey: 'reader-private',
  permissions: { titles: { view: true, write: false }, complaints: { view: true, write: false } },
};

describe('permissions per key and table', () => {
  it('answers 403 naming the table when View is missing', async () => {
    const { emu } = await emulator({ keys: [READER] });
    expect((await call(emu, 'GET', '/v1/titles', { key: READER })).status).toBe(200);
    const reply = await call(emu, 'GET', '/v1/users', { key: READER });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ message: 'This API key does not have View access to users' });
    expect((await call(emu, 'GET', '/v1/users/1', { key: READER })).status).toBe(403);
  });

  it('answers 403 naming the table when Create & Update is missing', async () => {
    const { emu } = await emulator({ keys: [READER] });
    const reply = await call(emu, 'PUT', '/v1/complaints', { key: READER, form: validComplaint() });
    expect(reply.status).toBe(403);
    expect(reply.json.message).toBe('This API key does not have Create & Update access to complaints');
    expect(emu.records('complaints')).toHaveLength(6);
  });

  it('lets a client probe write access with POST /<table>/0 and an empty body: 403 when lacking, 404 otherwise', async () => {
    const writer: TascomiKey = { publicKey: 'writer', privateKey: 'w', permissions: { complaints: { view: true, write: true } } };
    const { emu } = await emulator({ keys: [READER, writer] });
    const lacking = await call(emu, 'POST', '/v1/complaints/0', { key: READER });
    expect(lacking.status).toBe(403);
    expect(lacking.json.message).toBe('This API key does not have Create & Update access to complaints');
    const allowed = await call(emu, 'POST', '/v1/complaints/0', { key: writer });
    expect(allowed.status).toBe(404);
    // Permission comes before validation too.
    expect((await call(emu, 'PUT', '/v1/complaints', { key: READER })).status).toBe(403);
    expect((await call(emu, 'PUT', '/v1/complaints', { key: writer })).status).toBe(400);
  });

  it('checks permission before the read-only rule of code lists', async () => {
    const { emu } = await emulator({ keys: [READER, { publicKey: 'all', privateKey: 'all' }] });
    expect((await call(emu, 'POST', '/v1/titles/0', { key: READER })).status).toBe(403);
    expect((await call(emu, 'POST', '/v1/titles/0', { key: { publicKey: 'all', privateKey: 'all' } })).status).toBe(405);
  });

  it("gives a key without permissions every access ('all' by default)", async () => {
    const { emu } = await emulator();
    expect(emu.keys[0]!.permissions).toBe('all');
    expect((await call(emu, 'PUT', '/v1/contacts', { form: { reference: 'R' } })).status).toBe(200);
  });

  it('changes a key live with setKeyPermissions, and adds keys with addKey', async () => {
    const { emu } = await emulator({ keys: [READER] });
    emu.setKeyPermissions(READER.publicKey, { complaints: { view: true, write: true } });
    expect((await call(emu, 'POST', '/v1/complaints/0', { key: READER })).status).toBe(404);
    expect((await call(emu, 'GET', '/v1/titles', { key: READER })).status).toBe(403);
    expect(emu.canAccess(READER.publicKey, 'complaints', 'write')).toBe(true);

    const later = { publicKey: 'later', privateKey: 'later-secret' };
    expect((await call(emu, 'GET', '/v1/titles', { key: later })).status).toBe(401);
    emu.addKey(later);
    expect((await call(emu, 'GET', '/v1/titles', { key: later })).status).toBe(200);
    expect(emu.keys.map((k) => k.publicKey)).toEqual([READER.publicKey, 'later']);
  });

  it('validates keys and permissions', async () => {
    const { emu } = await emulator();
    expect(() => emu.setKeyPermissions('nobody', 'all')).toThrow(/No key with public key nobody/);
    expect(() => emu.addKey({ publicKey: '', privateKey: 'x' })).toThrow(/publicKey/);
    expect(() => emu.setKeyPermissions(emu.keys[0]!.publicKey, { planning: { view: true, write: true } } as never)).toThrow(/planning/);
    await expect(emulator({ keys: [{ publicKey: 'p', privateKey: 'k', permissions: { titles: { view: 'yes' } } as never }] })).rejects.toThrow(/titles/);
  });
});
