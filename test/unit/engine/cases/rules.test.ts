import { afterEach, describe, expect, it } from 'vitest';
import { CaseSchema } from '../../../../shared/domain/case';
import { CallRefusedError } from '../../../../shared/dispatch';
import { createRuleService, type RuleService, type TemplateKind } from '../../../../electron/engine/cases/rules';
import { createRuleRepo } from '../../../../electron/engine/store/rule-repo';
import { caseHarness, cleanupHarnesses, sampleCase } from './helpers';

afterEach(cleanupHarnesses);

function setup() {
  const h = caseHarness();
  const kinds = new Map<number, TemplateKind>();
  const add = (kind: TemplateKind) => {
    const id = h.template(kind);
    kinds.set(id, kind);
    return id;
  };
  const create = add('create');
  const update = add('update');
  const incoming = add('incoming');
  const rules: RuleService = createRuleService({ repo: createRuleRepo(h.store.db), clock: h.clock, templateKind: (id) => kinds.get(id) });
  return { h, rules, create, update, incoming };
}

/** The refusal's issues, so tests can check which field it names. */
function refusal(fn: () => unknown): { message: string; paths: string[] } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CallRefusedError);
    const e = error as CallRefusedError;
    return { message: e.message, paths: (e.issues ?? []).map((i) => i.path) };
  }
  throw new Error('expected a refusal');
}

describe('rules: CRUD', () => {
  it('creates, lists, updates, disables and deletes', () => {
    const { h, rules, create, update } = setup();
    const rule = rules.create({ name: 'Noise to Tascomi', caseType: 'Noise complaint', on: 'created', templateId: create });
    expect(rule).toMatchObject({ name: 'Noise to Tascomi', caseType: 'Noise complaint', on: 'created', templateId: create, enabled: true });
    expect(rule.condition).toBeUndefined();
    expect(rule.createdAt).toBe(h.clock.now().toISO());
    rules.create({ name: 'apple first', caseType: 'Pest', on: 'both', templateId: create });
    expect(rules.list().map((r) => r.name)).toEqual(['apple first', 'Noise to Tascomi']);

    h.clock.advance(1000);
    const changed = rules.update(rule.id, {
      name: 'Noise updates',
      caseType: 'Noise complaint',
      on: 'updated',
      condition: { field: 'priority', equals: '1' },
      templateId: update,
    });
    expect(changed).toMatchObject({ id: rule.id, name: 'Noise updates', on: 'updated', condition: { field: 'priority', equals: '1' }, templateId: update });
    expect(changed.updatedAt).not.toBe(changed.createdAt);
    // Renaming a rule to its own name in another case is not a clash with itself.
    expect(rules.update(rule.id, { name: 'NOISE UPDATES', caseType: 'Noise complaint', on: 'updated', templateId: update }).name).toBe('NOISE UPDATES');

    expect(rules.setEnabled(rule.id, false).enabled).toBe(false);
    // Editing keeps the rule disabled.
    expect(rules.update(rule.id, { name: 'Noise updates', caseType: 'Noise complaint', on: 'both', templateId: update }).enabled).toBe(false);
    expect(rules.setEnabled(rule.id, true).enabled).toBe(true);

    h.reopen();
    const reopened = createRuleService({ repo: createRuleRepo(h.store.db), clock: h.clock, templateKind: () => 'create' });
    expect(reopened.list()).toHaveLength(2);
    reopened.delete(rule.id);
    expect(reopened.list().map((r) => r.name)).toEqual(['apple first']);
  });

  it('refuses bad input naming the field', () => {
    const { rules, create } = setup();
    expect(refusal(() => rules.create({ name: ' ', caseType: 'Noise', on: 'created', templateId: create })).paths).toEqual(['name']);
    expect(refusal(() => rules.create({ name: 'R', caseType: 'Noise', on: 'closed', templateId: create })).paths).toEqual(['on']);
    expect(refusal(() => rules.create({ name: 'R', caseType: 'Noise', on: 'created', templateId: create, condition: { field: '', equals: 'x' } })).paths).toEqual([
      'condition.field',
    ]);
    expect(refusal(() => rules.create({ name: 'R', on: 'created', templateId: create })).paths).toEqual(['caseType']);
    expect(rules.list()).toEqual([]);
  });

  it('refuses a duplicate name ignoring case', () => {
    const { rules, create } = setup();
    rules.create({ name: 'Noise', caseType: 'Noise', on: 'created', templateId: create });
    const r = refusal(() => rules.create({ name: 'NOISE', caseType: 'Other', on: 'created', templateId: create }));
    expect(r.paths).toEqual(['name']);
    expect(r.message).toMatch(/Another rule is named 'Noise'/);
    const other = rules.create({ name: 'Other', caseType: 'Other', on: 'created', templateId: create });
    expect(refusal(() => rules.update(other.id, { name: 'noise', caseType: 'Other', on: 'created', templateId: create })).paths).toEqual(['name']);
  });

  it('refuses a template that does not exist or is incoming', () => {
    const { rules, incoming } = setup();
    const missing = refusal(() => rules.create({ name: 'R', caseType: 'Noise', on: 'created', templateId: 999 }));
    expect(missing.paths).toEqual(['templateId']);
    expect(missing.message).toMatch(/no template with id 999/);
    const inc = refusal(() => rules.create({ name: 'R', caseType: 'Noise', on: 'created', templateId: incoming }));
    expect(inc.paths).toEqual(['templateId']);
    expect(inc.message).toMatch(/outgoing/);
    expect(rules.list()).toEqual([]);
  });

  it('refuses an unknown rule id', () => {
    const { rules, create } = setup();
    expect(refusal(() => rules.setEnabled(42, false)).paths).toEqual(['id']);
    expect(refusal(() => rules.delete(42)).paths).toEqual(['id']);
    expect(refusal(() => rules.update(42, { name: 'R', caseType: 'N', on: 'created', templateId: create })).paths).toEqual(['id']);
  });

  it('names the rules using a template', () => {
    const { rules, create, update } = setup();
    rules.create({ name: 'b rule', caseType: 'Noise', on: 'created', templateId: create });
    const a = rules.create({ name: 'A rule', caseType: 'Pest', on: 'created', templateId: create });
    rules.create({ name: 'C rule', caseType: 'Pest', on: 'updated', templateId: update });
    rules.setEnabled(a.id, false);
    expect(rules.rulesUsingTemplate(create)).toEqual(['A rule', 'b rule']);
    expect(rules.rulesUsingTemplate(update)).toEqual(['C rule']);
    expect(rules.rulesUsingTemplate(12345)).toEqual([]);
  });
});

describe('rules: matching', () => {
  const kase = (overrides: Parameters<typeof sampleCase>[0] = {}) => CaseSchema.parse(sampleCase(overrides));

  it('matches on type ignoring case, on the event, and skips disabled rules', () => {
    const { rules, create, update } = setup();
    rules.create({ name: 'on create', caseType: 'noise COMPLAINT', on: 'created', templateId: create });
    rules.create({ name: 'on update', caseType: 'Noise complaint', on: 'updated', templateId: update });
    rules.create({ name: 'on both', caseType: 'Noise complaint', on: 'both', templateId: update });
    rules.create({ name: 'other type', caseType: 'Fly-tipping', on: 'both', templateId: create });
    const off = rules.create({ name: 'disabled', caseType: 'Noise complaint', on: 'both', templateId: create });
    rules.setEnabled(off.id, false);
    const names = (event: 'created' | 'updated', k = kase()) => rules.matching(k, event).map((r) => r.name);
    expect(names('created')).toEqual(['on both', 'on create']);
    expect(names('updated')).toEqual(['on both', 'on update']);
    expect(names('created', kase({ type: 'Fly-Tipping' }))).toEqual(['other type']);
    expect(names('created', kase({ type: 'Graffiti' }))).toEqual([]);
  });

  it('matches a condition on the field value as text', () => {
    const { rules, create } = setup();
    rules.create({ name: 'priority 2', caseType: 'Noise complaint', on: 'both', condition: { field: 'priority', equals: '2' }, templateId: create });
    rules.create({ name: 'urgent', caseType: 'Noise complaint', on: 'both', condition: { field: 'urgent', equals: 'true' }, templateId: create });
    rules.create({ name: 'ward', caseType: 'Noise complaint', on: 'both', condition: { field: 'ward', equals: 'North' }, templateId: create });
    rules.create({ name: 'blank', caseType: 'Noise complaint', on: 'both', condition: { field: 'note', equals: '' }, templateId: create });
    const names = (fields: Record<string, string | number | boolean | null>) => rules.matching(kase({ fields }), 'created').map((r) => r.name);
    expect(names({ priority: 2, urgent: true, ward: 'North' })).toEqual(['priority 2', 'urgent', 'ward']);
    expect(names({ priority: '2', urgent: false, ward: 'north' })).toEqual(['priority 2']);
    // A missing field never matches; a null one is empty text.
    expect(names({})).toEqual([]);
    expect(names({ note: null })).toEqual(['blank']);
  });
});
