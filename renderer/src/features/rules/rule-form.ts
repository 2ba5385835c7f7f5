import type { Rule, RuleEvent, RuleInput } from '../../../../shared/domain/rule';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { ContractCallError } from '../../api/contract-call-error';

/** What the rule form edits: text as typed, the template as the Select's string value. */
export interface RuleForm {
  name: string;
  caseType: string;
  on: RuleEvent;
  hasCondition: boolean;
  conditionField: string;
  conditionEquals: string;
  templateId: string | null;
}

export const EMPTY_RULE_FORM: RuleForm = { name: '', caseType: '', on: 'both', hasCondition: false, conditionField: '', conditionEquals: '', templateId: null };

export const RULE_EVENT_LABELS: Record<RuleEvent, string> = { created: 'Created', updated: 'Updated', both: 'Created or updated' };

export function formFromRule(rule: Rule): RuleForm {
  return {
    name: rule.name,
    caseType: rule.caseType,
    on: rule.on,
    hasCondition: rule.condition !== undefined,
    conditionField: rule.condition?.field ?? '',
    conditionEquals: rule.condition?.equals ?? '',
    templateId: String(rule.templateId),
  };
}

/** The form field each rule input path belongs to (the engine names `condition.field`, `templateId`...). */
export type RuleFormField = 'name' | 'caseType' | 'on' | 'conditionField' | 'conditionEquals' | 'templateId';
const FIELD_OF_PATH: Record<string, RuleFormField> = {
  name: 'name',
  caseType: 'caseType',
  on: 'on',
  condition: 'conditionField',
  'condition.field': 'conditionField',
  'condition.equals': 'conditionEquals',
  templateId: 'templateId',
};

/** Checks the engine cannot make for us: a template must be picked before there is an id to send. */
export function localProblems(form: RuleForm): Partial<Record<RuleFormField, string>> {
  return form.templateId === null ? { templateId: 'choose the template the rule applies' } : {};
}

export function inputFromForm(form: RuleForm): RuleInput {
  return {
    name: form.name,
    caseType: form.caseType,
    on: form.on,
    ...(form.hasCondition ? { condition: { field: form.conditionField, equals: form.conditionEquals } } : {}),
    templateId: Number(form.templateId),
  };
}

/**
 * The engine's objections by form field. updateRule nests the rule under `rule.`, and its own
 * checks (a name in use) name the bare path, so both are read. Issues about no field stay in `other`.
 */
export function ruleFieldErrors(error: unknown): { fields: Partial<Record<RuleFormField, string>>; other: string[] } | null {
  if (!(error instanceof ContractCallError) || error.code !== 'invalid_input' || !error.issues?.length) return null;
  const fields: Partial<Record<RuleFormField, string>> = {};
  const other: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.replace(/^rule\./, '');
    const field = FIELD_OF_PATH[path];
    if (field) fields[field] ??= issue.message;
    else other.push(path ? `${path}: ${issue.message}` : issue.message);
  }
  return { fields, other };
}

/** Outgoing templates (create or update) are the ones a rule may apply. */
export function outgoingTemplates(templates: TemplateSummary[]): TemplateSummary[] {
  return templates.filter((t) => t.type !== 'incoming');
}

/** Distinct values, first spelling wins, ignoring case (the engine matches types ignoring case), sorted. */
export function distinctIgnoringCase(values: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'en-GB'));
}
