import { afterEach, describe, expect, it } from 'vitest';
import type { TascomiClient, TascomiListAll } from '../../../../../electron/engine/connectors/tascomi/client';
import { createCodeLists, normaliseCodeEntry } from '../../../../../electron/engine/connectors/tascomi/code-lists';
import { TASCOMI_CODE_LIST_NAMES } from '../../../../../shared/connectors/tascomi-schema';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const reads = (table: string) => h!.emulator.requestLog().filter((e) => e.method === 'GET' && e.path === `/rest/v1/${table}`).length;

describe('code lists', () => {
  it('every list is read and normalised to { id, code, label, active, ...raw }', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    for (const name of TASCOMI_CODE_LIST_NAMES) {
      const entries = await lists.get(name);
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(typeof e.id).toBe('string');
        expect(e.label.length).toBeGreaterThan(0);
      }
    }
    expect((await lists.get('core_functions'))[0]).toMatchObject({ id: '1', code: 'EH', label: 'Environmental Health', active: true, description: 'Environmental Health' });
    const users = await lists.get('users');
    expect(users.find((u) => u.code === 'pshah')).toMatchObject({ label: 'Priya Shah', active: true, officer: 't' });
    expect(users.find((u) => u.code === 'rgreen')).toMatchObject({ active: false });
    expect((await lists.get('complaint_codes')).find((c) => c.code === 'NOISEOLD')).toMatchObject({ active: false });
  });

  it('is cached for the time to live on the injected clock, then read again', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock, ttlSeconds: 600 });
    await lists.get('titles');
    expect(lists.fetchedAt('titles')!.toMillis()).toBe(h.clock.now().toMillis());
    h.clock.advance(599_000);
    await lists.get('titles');
    expect(reads('titles')).toBe(1);
    h.clock.advance(1_000);
    await lists.get('titles');
    expect(reads('titles')).toBe(2);
    // A change in Tascomi shows after refresh(), without waiting for the TTL.
    h.emulator.insert('titles', { code: 'PROF', description: 'Professor' });
    expect((await lists.get('titles')).some((t) => t.code === 'PROF')).toBe(false);
    await lists.refresh('titles');
    expect((await lists.get('titles')).some((t) => t.code === 'PROF')).toBe(true);
    expect(reads('titles')).toBe(3);
  });

  it('concurrent readers share one fetch', async () => {
    h = await startHarness({ emulator: { pageSize: 5 } });
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    const all = await Promise.all([lists.get('complaint_codes'), lists.get('complaint_codes'), lists.get('complaint_codes'), lists.resolve('complaint_codes', 'NOISE')]);
    expect(all[0]).toHaveLength(24); // the seed's 24 request codes, ceased ones included
    expect(all[1]).toBe(all[0]);
    expect(reads('complaint_codes')).toBe(5); // one listAll of five pages, not four
  });

  it('a failed read is not cached, and the next get tries again', async () => {
    let calls = 0;
    const client: Pick<TascomiClient, 'listAll'> = {
      async listAll(): Promise<TascomiListAll> {
        calls++;
        if (calls === 1) throw new Error('down');
        return { items: [{ id: '1', code: 'X', description: 'Ex' }], total: 1, pages: 1, truncated: false };
      },
    };
    h = await startHarness();
    const lists = createCodeLists({ client, clock: h.clock });
    await expect(lists.get('titles')).rejects.toThrow('down');
    expect(await lists.get('titles')).toEqual([{ id: '1', code: 'X', label: 'Ex', active: true, description: 'Ex' }]);
  });

  it('resolve finds a value by code, id or label, and names the field when it cannot', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    expect((await lists.resolve('reporting_methods', 'web')).id).toBe('3');
    expect((await lists.resolve('reporting_methods', '3')).code).toBe('WEB');
    expect((await lists.resolve('reporting_methods', 'Web form')).code).toBe('WEB');
    await expect(lists.resolve('reporting_methods', 'PIGEON', 'reporting_method')).rejects.toMatchObject({
      kind: 'validation',
      fields: { reporting_method: "is not in Tascomi's reporting_methods list" },
    });
    await expect(lists.resolve('reporting_methods', ' ', 'reporting_method')).rejects.toMatchObject({ fields: { reporting_method: 'is empty' } });
  });

  it('one rule for every list: an entry with ceased = t or enabled = f is not in use, and says which', async () => {
    h = await startHarness();
    const lists = createCodeLists({ client: h.client, clock: h.clock });
    expect((await lists.get('titles')).find((t) => t.code === 'REVD')).toMatchObject({ id: '7', active: false, inactive: 'disabled' });
    expect((await lists.get('titles')).find((t) => t.code === 'MR')).toMatchObject({ active: true, inactive: undefined });
    expect((await lists.get('complaint_codes')).find((c) => c.code === 'NOISEOLD')).toMatchObject({ active: false, inactive: 'ceased' });
    for (const name of TASCOMI_CODE_LIST_NAMES) {
      expect(normaliseCodeEntry(name, { id: '1', code: 'X', enabled: 'f' }), name).toMatchObject({ active: false, inactive: 'disabled' });
      expect(normaliseCodeEntry(name, { id: '1', code: 'X', enabled: 'f', ceased: 't' }), name).toMatchObject({ active: false, inactive: 'ceased' });
      expect(normaliseCodeEntry(name, { id: '1', code: 'X', enabled: 't', ceased: 'f' }), name).toMatchObject({ active: true });
    }
    await expect(lists.resolve('titles', 'revd', 'requester.title')).rejects.toMatchObject({
      kind: 'validation',
      fields: { 'requester.title': "in titles is disabled in Tascomi (enabled = 'f'); choose another" },
    });
  });

  it('normalises odd records sensibly', () => {
    expect(normaliseCodeEntry('titles', { id: '7', name: 'Rev' })).toMatchObject({ id: '7', label: 'Rev', code: undefined, active: true });
    expect(normaliseCodeEntry('users', { id: '3', username: 'jo', ceased: 't' })).toMatchObject({ code: 'jo', label: 'jo', active: false });
    expect(normaliseCodeEntry('titles', { id: '8' })).toMatchObject({ label: '8' });
  });
});
