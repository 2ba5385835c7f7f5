import { afterEach, describe, expect, it } from 'vitest';
import { revisionOf } from '../../../../electron/engine/cases/revision';
import { caseHarness, cleanupHarnesses, sampleCase } from './helpers';

afterEach(cleanupHarnesses);

describe('case store: receive', () => {
  it('stores a new case as created, then the same revision as unchanged, once', () => {
    const h = caseHarness();
    const first = h.cases.receive(sampleCase());
    expect(first).toMatchObject({ ok: true, event: 'created', case: { id: 'CRM-1001', type: 'Noise complaint', references: {} } });
    h.clock.advance(60_000);
    // The same case with its keys in another order is the same revision.
    const reordered = Object.fromEntries(Object.entries(sampleCase()).reverse());
    expect(h.cases.receive(reordered)).toMatchObject({ ok: true, event: 'unchanged' });
    const rows = h.store.sqlite.prepare('SELECT id, revision, received_at AS receivedAt FROM cases').all() as { receivedAt: number }[];
    expect(rows).toHaveLength(1);
    // "unchanged" does not count as a new receipt.
    expect(rows[0]!.receivedAt).toBe(Date.parse('2026-03-29T00:30:00Z'));
  });

  it('updates a known case when a different revision arrives', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase());
    h.clock.advance(1000);
    const second = h.cases.receive(sampleCase({ status: 'closed' }));
    expect(second).toMatchObject({ ok: true, event: 'updated', case: { status: 'closed' } });
    expect(h.cases.get('CRM-1001')?.status).toBe('closed');
    const row = h.store.sqlite.prepare('SELECT status, revision FROM cases').get() as { status: string; revision: string };
    expect(row.status).toBe('closed');
    // The revision is the hash of the case as parsed (defaults filled), before references are merged.
    expect(row.revision).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an invalid case with issues naming the paths, and stores nothing', () => {
    const h = caseHarness();
    const result = h.cases.receive({ id: '', type: 'Noise', dates: { reported: '29/03/2026' }, people: [{ role: 'x', colour: 'red' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toContain('id');
    expect(paths).toContain('dates.reported');
    expect(paths).toContain('people.0');
    expect(h.cases.receive('not an object')).toMatchObject({ ok: false, issues: [{ path: '' }] });
    expect(h.cases.recent(10)).toEqual([]);
  });

  it('keeps the references casebridge set across an update unless the CRM sends them', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase());
    h.cases.setReference('CRM-1001', 'Service Request', 'SR-42');
    h.cases.setReference('CRM-1001', 'Repair', 'R-7');
    h.clock.advance(1000);
    const updated = h.cases.receive(sampleCase({ status: 'in progress', references: { Repair: 'R-8' } }));
    expect(updated).toMatchObject({ ok: true, event: 'updated', case: { references: { 'Service Request': 'SR-42', Repair: 'R-8' } } });
    h.reopen();
    expect(h.cases.get('CRM-1001')?.references).toEqual({ 'Service Request': 'SR-42', Repair: 'R-8' });
    // Setting a reference does not change the revision: the same CRM case again is still unchanged.
    expect(h.cases.receive(sampleCase({ status: 'in progress', references: { Repair: 'R-8' } }))).toMatchObject({ event: 'unchanged' });
  });

  it('writes fields from incoming templates, committed, and refuses an unknown case', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase());
    const kase = h.cases.setFields('CRM-1001', { tascomi_status: 'Logged', priority: 'High' });
    expect(kase.fields).toMatchObject({ tascomi_status: 'Logged', priority: 'High', description: 'Loud music every night' });
    h.reopen();
    expect(h.cases.get('CRM-1001')?.fields.tascomi_status).toBe('Logged');
    expect(() => h.cases.setFields('nope', { a: 'b' })).toThrow(/no case 'nope'/);
    expect(() => h.cases.setReference('nope', 'SR', '1')).toThrow(/no case/);
    // A write that would make the case invalid never lands.
    expect(() => h.cases.setFields('CRM-1001', { ' ': 'x' })).toThrow();
    expect(h.cases.get('CRM-1001')?.fields[' ']).toBeUndefined();
  });

  it('a reference or field write gives exactly what parsing the whole case gives, and refuses with the same error', async () => {
    const { CaseSchema } = await import('../../../../shared/domain/case');
    const h = caseHarness();
    h.cases.receive(sampleCase({ references: { SR: 'SR-1' } }));
    const whole = (change: (kase: ReturnType<typeof CaseSchema.parse>) => unknown) => CaseSchema.parse(change(h.cases.get('CRM-1001')!));
    // A name with spaces round it is trimmed, as the schema does, onto the reference it names.
    let expected = whole((k) => ({ ...k, references: { ...k.references, ' SR ': 'SR-2' } }));
    expect(h.cases.setReference('CRM-1001', ' SR ', 'SR-2')).toEqual(expected);
    expect(h.cases.get('CRM-1001')).toEqual(expected);
    expect(Object.keys(expected.references)).toEqual(['SR']);
    expected = whole((k) => ({ ...k, fields: { ...k.fields, priority: '3', urgent: 'no', new_one: 'x' } }));
    expect(h.cases.setFields('CRM-1001', { priority: '3', urgent: 'no', new_one: 'x' })).toEqual(expected);
    expect(JSON.stringify(h.cases.get('CRM-1001'))).toBe(JSON.stringify(expected)); // the same body, key order and all
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return String(error);
      }
      return 'no error';
    };
    const longValue = 'x'.repeat(101);
    expect(refusal(() => h.cases.setReference('CRM-1001', 'SR', longValue))).toBe(refusal(() => whole((k) => ({ ...k, references: { ...k.references, SR: longValue } }))));
    expect(refusal(() => h.cases.setFields('CRM-1001', { bad: { nested: true } as never }))).toBe(
      refusal(() => whole((k) => ({ ...k, fields: { ...k.fields, bad: { nested: true } } }))),
    );
    expect(h.cases.get('CRM-1001')).toEqual(expected);
  });

  it('revision is independent of key order', () => {
    expect(revisionOf({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(revisionOf({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
    expect(revisionOf({ a: 1 })).not.toBe(revisionOf({ a: 2 }));
  });

  it("canonical JSON is as it was (every object's keys sorted), so stored revisions keep matching", async () => {
    const fc = (await import('fast-check')).default;
    const { canonicalJson } = await import('../../../../electron/engine/cases/revision');
    // The first implementation, which stored revisions were computed with (object keys sorted by UTF-16 code units).
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
      }
      return JSON.stringify(value);
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)),
      { numRuns: 500 },
    );
    // Keys JavaScript orders itself (array indexes), and values that are not JSON, written as before.
    const key = fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('0', '01', '10', '2', '4294967295', '-1', '1.5'));
    const oddValue = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant(() => 1),
    );
    const nested = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, oddValue, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(
      fc.property(nested, (value) => canonicalJson(value) === reference(value)),
      { numRuns: 1_000 },
    );
    const kase = { id: 'CRM-1', fields: { '2': 'b', '10': 'a', b: 1 }, people: [{ surname: 'Ng', forename: 'Al' }] };
    expect(canonicalJson(kase)).toBe(reference(kase));
    // A field named __proto__ (JSON.parse keeps it as a field) is written like any other (found by the property above).
    const proto = JSON.parse('{"fields":{"__proto__":0,"a":[{"__proto__":{"b":1}}]}}');
    expect(canonicalJson(proto)).toBe('{"fields":{"__proto__":0,"a":[{"__proto__":{"b":1}}]}}');
    expect(canonicalJson(proto)).toBe(reference(proto));
    expect(canonicalJson({ b: undefined, a: [1, 'x', null, { é: true, Z: false }] })).toBe('{"a":[1,"x",null,{"Z":false,"é":true}]}');
  });
});

describe('case store: the order of revisions (updatedAt)', () => {
  const at = (updatedAt: string | undefined, overrides: Parameters<typeof sampleCase>[0] = {}) => sampleCase({ ...(updatedAt ? { updatedAt } : {}), ...overrides });
  const stored = (h: ReturnType<typeof caseHarness>) =>
    h.store.sqlite.prepare('SELECT status, revision, crm_updated_at AS key FROM cases').get() as { status: string; revision: string; key: string | null };

  it('stores a later revision and keeps its updatedAt as sortable UTC text', () => {
    const h = caseHarness();
    expect(h.cases.receive(at('2026-03-29T09:15:00+01:00'))).toMatchObject({ ok: true, event: 'created' });
    expect(stored(h).key).toBe('2026-03-29T08:15:00.000000000Z');
    expect(h.cases.receive(at('2026-03-29T09:15:00.0000001+01:00', { status: 'closed' }))).toMatchObject({ ok: true, event: 'updated', case: { status: 'closed' } });
    expect(stored(h).key).toBe('2026-03-29T08:15:00.000000100Z');
  });

  it('refuses an older revision, the same updatedAt with other content, and none over one, changing nothing', () => {
    const h = caseHarness();
    h.cases.receive(at('2026-03-29T09:15:00.5+01:00', { status: 'in progress' }));
    const before = stored(h);
    const refusals = [
      h.cases.receive(at('2026-03-29T08:15:00.4999999Z', { status: 'open' })),
      h.cases.receive(at('2026-03-29T03:15:00.500-05:00', { status: 'open' })),
      h.cases.receive(at(undefined, { status: 'open' })),
    ];
    expect(refusals.map((r) => (r.ok ? r.event : r.reason))).toEqual(['out-of-order', 'out-of-order', 'out-of-order']);
    expect(refusals[0]).toMatchObject({
      id: 'CRM-1001',
      updatedAt: '2026-03-29T08:15:00.4999999Z',
      storedUpdatedAt: '2026-03-29T09:15:00.5+01:00',
      issues: [{ path: 'updatedAt', message: expect.stringContaining('is older than the stored revision') }],
    });
    expect(refusals[1]).toMatchObject({ issues: [{ message: expect.stringContaining('the CRM must advance updatedAt with every change') }] });
    expect(refusals[2]).toMatchObject({ issues: [{ message: expect.stringContaining('has none, so it cannot be shown to be newer') }] });
    expect(refusals[2]).not.toHaveProperty('updatedAt');
    expect(stored(h)).toEqual(before);
    // The same revision again is still just unchanged.
    expect(h.cases.receive(at('2026-03-29T09:15:00.5+01:00', { status: 'in progress' }))).toMatchObject({ ok: true, event: 'unchanged' });
  });

  it('takes any revision over a case stored without updatedAt (before the field, or from the test form)', () => {
    const h = caseHarness();
    h.cases.receive(at(undefined));
    expect(h.cases.receive(at(undefined, { status: 'closed' }))).toMatchObject({ ok: true, event: 'updated' });
    expect(h.cases.receive(at('2020-01-01T00:00:00Z', { status: 'reopened' }))).toMatchObject({ ok: true, event: 'updated' });
    expect(stored(h)).toMatchObject({ status: 'reopened', key: '2020-01-01T00:00:00.000000000Z' });
  });

  it('keeps the order across a restart, and keeps references out of it', () => {
    const h = caseHarness();
    h.cases.receive(at('2026-03-29T10:00:00Z'));
    h.cases.setReference('CRM-1001', 'SR', 'SR-1');
    h.reopen();
    expect(h.cases.receive(at('2026-03-29T09:59:59Z', { status: 'x' }))).toMatchObject({ ok: false, reason: 'out-of-order' });
    expect(h.cases.receive(at('2026-03-29T10:00:01Z', { status: 'x' }))).toMatchObject({ ok: true, event: 'updated', case: { references: { SR: 'SR-1' } } });
  });
});

describe('case store: lists', () => {
  it('lists the newest received first, with ISO times in the clock zone', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase({ id: 'A' }));
    h.clock.advance(60_000);
    h.cases.receive(sampleCase({ id: 'B', type: 'Fly-tipping', status: 'new' }));
    h.clock.advance(60_000);
    h.cases.receive(sampleCase({ id: 'A', status: 'closed' })); // updated: received again
    expect(h.cases.recent(10).map((c) => c.id)).toEqual(['A', 'B']);
    expect(h.cases.recent(1)).toEqual([{ id: 'A', type: 'Noise complaint', status: 'closed', receivedAt: '2026-03-29T00:32:00.000+00:00' }]);
  });

  it('searches id, type and field values ignoring case', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase({ id: 'CRM-1', type: 'Noise complaint', fields: { description: 'Barking DOG' } }));
    h.clock.advance(1);
    h.cases.receive(sampleCase({ id: 'CRM-2', type: 'Fly-tipping', fields: { count: 17, hazardous: true } }));
    h.clock.advance(1);
    h.cases.receive(sampleCase({ id: 'XYZ-3', type: 'Pest control', fields: { note: '100% sure_' } }));
    const ids = (text: string) => h.cases.search(text, 10).map((c) => c.id);
    expect(ids('crm')).toEqual(['CRM-2', 'CRM-1']);
    expect(ids('FLY')).toEqual(['CRM-2']);
    expect(ids('dog')).toEqual(['CRM-1']);
    expect(ids('17')).toEqual(['CRM-2']);
    expect(ids('true')).toEqual(['CRM-2']);
    expect(ids('%')).toEqual(['XYZ-3']);
    expect(ids('_')).toEqual(['XYZ-3']);
    // People are not searched (personal details).
    expect(ids('lovelace')).toEqual([]);
    expect(ids('')).toHaveLength(3);
    expect(h.cases.search('crm', 1).map((c) => c.id)).toEqual(['CRM-2']);
  });

  it('lists a case whose id is exactly the search first, ahead of newer cases that only contain it', () => {
    const h = caseHarness();
    h.cases.receive(sampleCase({ id: 'CRM-1', type: 'Noise complaint' }));
    for (const id of ['CRM-10', 'CRM-11', 'XCRM-1']) {
      h.clock.advance(1);
      h.cases.receive(sampleCase({ id, type: 'Noise complaint' }));
    }
    h.clock.advance(1);
    h.cases.receive(sampleCase({ id: 'CRM-12', type: 'Fly-tipping', fields: { note: 'see CRM-1' } }));
    const ids = (text: string) => h.cases.search(text, 10).map((c) => c.id);
    // The rest keep their newest-first order behind it.
    expect(ids('CRM-1')).toEqual(['CRM-1', 'CRM-12', 'XCRM-1', 'CRM-11', 'CRM-10']);
    // Ignoring case and the spaces around it, as the search itself does.
    expect(ids(' crm-1 ')[0]).toBe('CRM-1');
    // A limit of one still finds it, however many newer cases contain the text.
    expect(h.cases.search('crm-1', 1).map((c) => c.id)).toEqual(['CRM-1']);
    expect(ids('CRM-11')).toEqual(['CRM-11']);
  });
});
