/**
 * Rules (design.md section 4): when a case of a type is created or updated, optionally only when a
 * field equals a value, apply an outgoing template. This module validates and matches; applying
 * (queueing a job) is the caller's business, so a rule never calls a remote inline.
 */
import { RuleInputSchema, type Rule } from '../../../shared/domain/rule';
import type { Case, CaseFieldValue } from '../../../shared/domain/case';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import { noSuchTemplate } from '../mapping/templates';
import type { ContractIssue } from '../../../shared/contract';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import type { RuleRepo, RuleRow } from '../store/rule-repo';

export type TemplateKind = 'create' | 'update' | 'incoming';

export interface RuleService {
  list(): Rule[];
  create(input: unknown): Rule;
  /** Replaces the rule's definition (the console edits a whole rule); keeps `enabled`. */
  update(id: number, input: unknown): Rule;
  setEnabled(id: number, enabled: boolean): Rule;
  delete(id: number): void;
  /** Enabled rules whose type (ignoring case), event and condition fit the case. */
  matching(kase: Case, event: 'created' | 'updated'): Rule[];
  /** Names of the rules applying a template, enabled or not (a template in use cannot be deleted). */
  rulesUsingTemplate(templateId: number): string[];
}

export interface RuleServiceDeps {
  repo: RuleRepo;
  clock: Clock;
  /** The kind of a live template, undefined when there is none with that id. */
  templateKind: (id: number) => TemplateKind | undefined;
  log?: { write(entry: NewLogEntry): unknown };
}

const refused = (message: string, issues: ContractIssue[]) => new CallRefusedError(message, 'invalid_input', issues);

const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  caseType: r.caseType,
  on: r.onEvent,
  ...(r.conditionField !== null ? { condition: { field: r.conditionField, equals: r.conditionValue ?? '' } } : {}),
  templateId: r.templateId,
  enabled: r.enabled,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** A field value as the text a condition compares with; null is empty text, a missing field never matches. */
const asText = (value: CaseFieldValue): string => (value === null ? '' : String(value));

export function createRuleService(deps: RuleServiceDeps): RuleService {
  const { repo, clock } = deps;
  const now = () => clock.now().toISO()!;
  const info = (message: string) => deps.log?.write({ level: 'info', source: 'rules', message });

  const existing = (id: number): RuleRow => {
    const row = repo.byId(id);
    if (!row) throw refused(`There is no rule with id ${id}.`, [{ path: 'id', message: 'no such rule' }]);
    return row;
  };

  /** Parses the input and checks what only the store knows: the name is free, the template fits. */
  const validate = (input: unknown, exceptId?: number) => {
    const parsed = RuleInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw refused(`The rule is not valid: ${issues.map((i) => i.path || 'input').join(', ')}.`, issues);
    }
    const rule = parsed.data;
    const lower = rule.name.toLowerCase();
    const other = repo.list().find((r) => r.id !== exceptId && r.name.toLowerCase() === lower);
    if (other) throw refused(`Another rule is named '${other.name}'.`, [{ path: 'name', message: `another rule is named '${other.name}'` }]);
    const kind = deps.templateKind(rule.templateId);
    if (kind === undefined) throw noSuchTemplate(rule.templateId, 'templateId');
    if (kind === 'incoming') {
      throw refused('A rule applies an outgoing (create or update) template, not an incoming one.', [
        { path: 'templateId', message: 'an incoming template cannot be applied by a rule' },
      ]);
    }
    return {
      name: rule.name,
      caseType: rule.caseType,
      onEvent: rule.on,
      conditionField: rule.condition?.field ?? null,
      conditionValue: rule.condition?.equals ?? null,
      templateId: rule.templateId,
    };
  };

  return {
    list: () => repo.list().map(toRule),
    create(input) {
      const row = repo.insert({ ...validate(input), enabled: true, createdAt: now(), updatedAt: now() });
      info(`Rule '${row.name}' created.`);
      return toRule(row);
    },
    update(id, input) {
      existing(id);
      const row = repo.update(id, { ...validate(input, id), updatedAt: now() })!;
      info(`Rule '${row.name}' changed.`);
      return toRule(row);
    },
    setEnabled(id, enabled) {
      existing(id);
      const row = repo.update(id, { enabled, updatedAt: now() })!;
      info(`Rule '${row.name}' ${enabled ? 'enabled' : 'disabled'}.`);
      return toRule(row);
    },
    delete(id) {
      const row = existing(id);
      repo.delete(id);
      info(`Rule '${row.name}' deleted.`);
    },
    matching(kase, event) {
      const type = kase.type.toLowerCase();
      return repo
        .list()
        .filter((r) => r.enabled && r.caseType.toLowerCase() === type && (r.onEvent === 'both' || r.onEvent === event))
        .filter((r) => {
          if (r.conditionField === null) return true;
          if (!Object.hasOwn(kase.fields, r.conditionField)) return false;
          return asText(kase.fields[r.conditionField] ?? null) === (r.conditionValue ?? '');
        })
        .map(toRule);
    },
    rulesUsingTemplate: (templateId) => repo.namesUsingTemplate(templateId),
  };
}
