import { describe, expect, it } from 'vitest';
import type { ConfigurationFile } from '../../../../shared/domain/configuration';
import { canonicalJson, differences, planImport, type Here } from '../../../../electron/engine/promotion/configuration-plan';

const empty: ConfigurationFile = { format: 'casebridge-configuration', formatVersion: 1, casebridgeVersion: '1', references: [], templates: [], rules: [], queueSettings: {} };
const draft = { name: 'Noise', connector: 'tascomi', type: 'create', reference: 'SR', rows: [] } as unknown as ConfigurationFile['templates'][number]['versions'][number];
const rule = { name: 'Noise rule', caseType: 'Noise', on: 'created', template: 'Noise', enabled: true } as const;

describe('the import plan', () => {
  it('compares values whatever the order of their keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 2, y: 1 }] }, b: 1 }));
  });

  it('says what differs in a few words: field words, list lengths, long values only as changed', () => {
    expect(differences({ concurrency: 4, rows: [1, 2], on: 'created', note: 'x'.repeat(50) }, { concurrency: 2, rows: [1, 2, 3], on: 'both', note: 'y' })).toEqual([
      'jobs at once 4 → 2',
      'rows 2 → 3',
      "when 'created' → 'both'",
      'note changed',
    ]);
    expect(differences({ rows: [1] }, { rows: [2] })).toEqual(['rows edited']);
    expect(differences({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('matches by name ignoring case, and a rule whose only change is being disabled is a change', () => {
    const here: Here = {
      snapshot: { ...empty, references: [{ name: 'sr' }], templates: [{ name: 'NOISE', versions: [{ ...draft, name: 'NOISE' }] }], rules: [{ ...rule, name: 'NOISE RULE' }] },
      templateIds: new Map([['noise', 4]]),
      ruleIds: new Map([['noise rule', 9]]),
    };
    const plan = planImport(
      { ...empty, references: [{ name: 'SR' }], templates: [{ name: 'noise', versions: [{ ...draft, name: 'NOISE' }] }], rules: [{ ...rule, name: 'NOISE RULE', enabled: false }] },
      here,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.items.map((i) => [i.kind, i.action, i.summary])).toEqual([
      ['reference', 'leave', ''],
      ['template', 'leave', ''],
      ['rule', 'change', 'enabled true → false'],
    ]);
    expect(plan.steps[2]).toMatchObject({ kind: 'rule', id: 9, enabledHere: true });
  });

  it('refuses a rule that names an incoming template', () => {
    const incoming = { ...draft, type: 'incoming' } as typeof draft;
    const plan = planImport({ ...empty, templates: [{ name: 'Noise', versions: [incoming] }], rules: [rule] }, { snapshot: empty, templateIds: new Map(), ruleIds: new Map() });
    expect(plan.problems).toEqual([{ path: 'rules.0.template', message: "'Noise' is an incoming template; a rule applies an outgoing one" }]);
  });
});
