/**
 * The alert rules form's edits and where the engine's objections to a rule go. Pure:
 * test/unit/renderer/features/alerts/rules-form.test.ts.
 */
import { ALERT_CONDITIONS, type AlertCondition, type AlertRule, type AlertSettings } from '../../../../shared/domain/alerts';
import { ContractCallError } from '../../api/contract-call-error';

/** The parts of a rule the form marks: the number, the connectors, the channels. */
export type RuleField = 'threshold' | 'connectors' | 'channels';
export type RuleErrors = Partial<Record<AlertCondition, Partial<Record<RuleField, string>>>>;

const RULE_FIELDS: readonly RuleField[] = ['threshold', 'connectors', 'channels'];

/**
 * The refused save's objections to single rules (`rules.breaker-open.threshold`), by condition and
 * field; the first for a field wins, as the other settings forms do. Empty when none is about a rule.
 */
export function ruleErrorsFrom(error: unknown): RuleErrors {
  const errors: RuleErrors = {};
  if (!(error instanceof ContractCallError) || error.code !== 'invalid_input') return errors;
  for (const issue of error.issues ?? []) {
    const [root, condition, field] = issue.path.split('.');
    if (root !== 'rules' || !ALERT_CONDITIONS.includes(condition as AlertCondition)) continue;
    // A rule's own problem with no field named (an unknown key) goes on its switch's line: its threshold row, if any.
    const key: RuleField = RULE_FIELDS.includes(field as RuleField) ? (field as RuleField) : 'threshold';
    const rule = (errors[condition as AlertCondition] ??= {});
    rule[key] ??= issue.message;
  }
  return errors;
}

/** The settings with one rule changed. */
export function withRule(settings: AlertSettings, condition: AlertCondition, patch: Partial<AlertRule>): AlertSettings {
  return { ...settings, rules: { ...settings.rules, [condition]: { ...settings.rules[condition], ...patch } } };
}

/** The settings with a deleted channel taken out of every rule that named it (left in, it would name a channel that is gone). */
export function withoutChannel(settings: AlertSettings, channelId: string): AlertSettings {
  let rules = settings.rules;
  for (const condition of ALERT_CONDITIONS) {
    const { channels } = rules[condition];
    if (channels !== 'all' && channels.includes(channelId)) rules = { ...rules, [condition]: { ...rules[condition], channels: channels.filter((id) => id !== channelId) } };
  }
  return rules === settings.rules ? settings : { ...settings, rules };
}
