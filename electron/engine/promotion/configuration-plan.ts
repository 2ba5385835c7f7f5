/**
 * What importing a configuration file would do here: for each item of the file, matched by name
 * (reference, template, rule; queue settings by connector), whether it would be added, changed
 * (and how, in a few words) or left alone. Items here that the file lacks are always left alone:
 * a promotion adds and updates, it never deletes. Problems only this installation can show (a
 * template of another kind under the same name, a rule naming a template nobody has) are named by
 * their path in the file.
 *
 * Pure: it compares the file with a snapshot of this configuration (configuration-snapshot.ts).
 * Intake fields the machine policy locks here stay as they are, and the summary says so: the policy
 * would win over them anyway, and a plan that promised them would promise it again at every import.
 */
import type { ContractIssue } from '../../../shared/contract';
import type { ConfigurationAction, ConfigurationFile, ConfigurationPlanItem } from '../../../shared/domain/configuration';
import type { TemplateDraft } from '../../../shared/domain/template';
import { CONNECTORS } from '../../../shared/domain/template';

/** One item's decision and what apply needs for it. */
export type PlanStep =
  | { kind: 'reference'; action: ConfigurationAction; name: string }
  | { kind: 'template'; action: ConfigurationAction; name: string; versions: TemplateDraft[]; id?: number }
  | { kind: 'rule'; action: ConfigurationAction; rule: ConfigurationFile['rules'][number]; id?: number; enabledHere?: boolean }
  | { kind: 'queue settings'; action: ConfigurationAction; connector: (typeof CONNECTORS)[number]; settings: NonNullable<ConfigurationFile['queueSettings']['tascomi']> }
  | { kind: 'intake settings'; action: ConfigurationAction; settings: NonNullable<ConfigurationFile['intake']> };

export interface Plan {
  items: ConfigurationPlanItem[];
  steps: PlanStep[];
  problems: ContractIssue[];
}

/** This installation as the plan sees it: the snapshot, and the ids behind its names. */
export interface Here {
  snapshot: ConfigurationFile;
  templateIds: Map<string, number>;
  ruleIds: Map<string, number>;
  /** Intake settings' fields the machine policy locks here (policy/machine-policy.ts). */
  lockedIntakeFields?: readonly string[];
}

/** JSON with keys in order, so two equal values compare equal however they were built. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const SHORT = 40;
const shown = (value: unknown): string => {
  if (value === undefined) return 'none';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > SHORT ? '' : text;
};

/** Fields as a person reads them in a summary (the others by their own name: rows, reference, enabled). */
const FIELD_WORDS: Record<string, string> = {
  concurrency: 'jobs at once',
  maxAttempts: 'attempts',
  backoffBaseSeconds: 'backoff from (s)',
  backoffCapSeconds: 'backoff up to (s)',
  toleranceSeconds: 'timestamp tolerance (s)',
  caseType: 'case type',
  on: 'when',
};

/** The fields that differ between what is here and what the file holds, in a few words each. */
export function differences(here: Record<string, unknown>, there: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(here), ...Object.keys(there)])];
  return keys
    .filter((key) => canonicalJson(here[key]) !== canonicalJson(there[key]))
    .map((field) => {
      const key = FIELD_WORDS[field] ?? field;
      const [a, b] = [here[field], there[field]];
      if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length ? `${key} edited` : `${key} ${a.length} → ${b.length}`;
      const [from, to] = [shown(a), shown(b)];
      return from && to ? `${key} ${from} → ${to}` : `${key} changed`;
    });
}

const lower = (name: string) => name.trim().toLowerCase();
const byName = <T extends { name: string }>(items: T[]) => new Map(items.map((item) => [lower(item.name), item]));

export function planImport(file: ConfigurationFile, here: Here): Plan {
  const items: ConfigurationPlanItem[] = [];
  const steps: PlanStep[] = [];
  const problems: ContractIssue[] = [];
  const add = (item: ConfigurationPlanItem, step: PlanStep) => (items.push(item), steps.push(step));
  const snap = here.snapshot;

  const referencesHere = byName(snap.references);
  for (const { name } of file.references) {
    const found = referencesHere.get(lower(name));
    add({ kind: 'reference', name, action: found ? 'leave' : 'add', summary: '' }, { kind: 'reference', action: found ? 'leave' : 'add', name });
  }

  const templatesHere = byName(snap.templates);
  file.templates.forEach((template, t) => {
    const latest = template.versions.at(-1)!;
    const existing = templatesHere.get(lower(template.name));
    if (!existing) {
      const n = template.versions.length;
      add(
        { kind: 'template', name: template.name, action: 'add', summary: `${latest.connector} ${latest.type} template, ${n} version${n === 1 ? '' : 's'}` },
        { kind: 'template', action: 'add', name: template.name, versions: template.versions },
      );
      return;
    }
    const current = existing.versions.at(-1)!;
    const at = `templates.${t}.versions.${template.versions.length - 1}`;
    if (current.type !== latest.type)
      problems.push({ path: `${at}.type`, message: `the template '${existing.name}' here is a ${current.type} template; a template cannot change kind` });
    if (current.connector !== latest.connector) problems.push({ path: `${at}.connector`, message: `the template '${existing.name}' here is for ${current.connector}` });
    const changed = differences(current as unknown as Record<string, unknown>, latest as unknown as Record<string, unknown>);
    const id = here.templateIds.get(lower(template.name))!;
    const action = changed.length === 0 ? 'leave' : 'change';
    const summary = action === 'leave' ? '' : `new version ${existing.versions.length + 1} (version ${existing.versions.length} stays): ${changed.join(', ')}`;
    add({ kind: 'template', name: template.name, action, summary }, { kind: 'template', action, name: template.name, versions: [latest], id });
  });

  // A rule applies the template of that name in the file, or else the one here.
  const templateKinds = new Map<string, string>();
  for (const t of snap.templates) templateKinds.set(lower(t.name), t.versions.at(-1)!.type);
  for (const t of file.templates) templateKinds.set(lower(t.name), t.versions.at(-1)!.type);
  const rulesHere = byName(snap.rules);
  file.rules.forEach((rule, r) => {
    const kind = templateKinds.get(lower(rule.template));
    if (kind === undefined) problems.push({ path: `rules.${r}.template`, message: `there is no template named '${rule.template}' in the file or here` });
    else if (kind === 'incoming') problems.push({ path: `rules.${r}.template`, message: `'${rule.template}' is an incoming template; a rule applies an outgoing one` });
    const existing = rulesHere.get(lower(rule.name));
    if (!existing) {
      add(
        { kind: 'rule', name: rule.name, action: 'add', summary: `${rule.caseType} cases ${rule.on} → '${rule.template}'${rule.enabled ? '' : ' (disabled)'}` },
        { kind: 'rule', action: 'add', rule },
      );
      return;
    }
    const changed = differences({ ...existing, template: lower(existing.template) }, { ...rule, template: lower(rule.template) });
    const action = changed.length === 0 ? 'leave' : 'change';
    add(
      { kind: 'rule', name: rule.name, action, summary: changed.join(', ') },
      { kind: 'rule', action, rule, id: here.ruleIds.get(lower(rule.name))!, enabledHere: existing.enabled },
    );
  });

  for (const connector of CONNECTORS) {
    const settings = file.queueSettings[connector];
    if (!settings) continue;
    const changed = differences(snap.queueSettings[connector] ?? {}, settings);
    const action = changed.length === 0 ? 'leave' : 'change';
    add({ kind: 'queue settings', name: connector, action, summary: changed.join(', ') }, { kind: 'queue settings', action, connector, settings });
  }

  if (file.intake) {
    const current: Record<string, unknown> = snap.intake ?? {};
    const locked = (here.lockedIntakeFields ?? []).filter((field) => field in current);
    const settings = { ...file.intake, ...Object.fromEntries(locked.map((field) => [field, current[field]])) };
    const changed = differences(current, settings);
    const kept = locked
      .filter((field) => canonicalJson((file.intake as Record<string, unknown>)[field]) !== canonicalJson(current[field]))
      .map((field) => `${FIELD_WORDS[field] ?? field} stays ${shown(current[field]) || 'as it is'}: set by your organisation's policy`);
    const action = changed.length === 0 ? 'leave' : 'change';
    add({ kind: 'intake settings', name: 'case intake', action, summary: [...changed, ...kept].join(', ') }, { kind: 'intake settings', action, settings });
  }
  return { items, steps, problems };
}
