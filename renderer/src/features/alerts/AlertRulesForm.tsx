import { Alert, Button, Checkbox, Fieldset, Group, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  ALERT_CONDITION_INFO,
  ALERT_CONDITIONS,
  ALERT_GROUPING_SECONDS,
  ALERT_QUIET_MINUTES,
  type AlertChannelView,
  type AlertCondition,
  type AlertRule,
  type AlertSettings,
  type AlertSettingsView,
} from '../../../../shared/domain/alerts';
import { TEMPLATE_SCHEMAS } from '../../../../shared/connectors/template-schemas';
import { CONNECTOR_IDS, type ConnectorId } from '../../../../shared/domain/job';
import { usePermission } from '../../stores/me-store';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { numberFromInput, type useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { ruleErrorsFrom, withRule, type RuleErrors } from './rules-form';
import { useFocusFirstError } from './use-focus-first-error';

export type AlertSettingsForm = ReturnType<typeof useSettingsForm<AlertSettingsView, AlertSettings>>;

/**
 * One row per condition: whether it alerts, its number where it has one, for which connectors and
 * to which channels; then how events are grouped and held back, and the console's address for links.
 */
export function AlertRulesForm({ settingsForm, channels }: { settingsForm: AlertSettingsForm; channels: AlertChannelView[] }) {
  const { api, values: form, set, busy, outcome, setOutcome, fieldErrors, accept, submit } = settingsForm;
  const mayChange = usePermission('connections');
  const [ruleErrors, setRuleErrors] = useState<RuleErrors>({});
  const [refusals, setRefusals] = useState(0);
  const formRef = useFocusFirstError(refusals);
  if (!form) return null;

  const setRule = (condition: AlertCondition, patch: Partial<AlertRule>) => {
    set('rules', withRule(form, condition, patch).rules);
    setRuleErrors(({ [condition]: _gone, ...rest }) => rest);
  };

  const save = submit(async (settings) => {
    setRuleErrors({});
    try {
      accept(await api.call('saveAlertSettings', settings));
      setOutcome({ kind: 'saved', message: 'Saved: the alert rules apply from now.' });
    } catch (error) {
      setRuleErrors(ruleErrorsFrom(error));
      setRefusals((n) => n + 1);
      throw error;
    }
  });

  return (
    <form ref={formRef} onSubmit={save} aria-label="Alert rules" noValidate>
      <Fieldset variant="unstyled" disabled={!mayChange}>
        <Stack gap="md">
          {!mayChange && (
            <Text size="sm" c="dimmed">
              Your role can read the alert rules; administrators change them.
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {ALERT_CONDITIONS.map((condition) => (
              <RuleFieldset
                key={condition}
                condition={condition}
                rule={form.rules[condition]}
                channels={channels}
                errors={ruleErrors[condition] ?? {}}
                onChange={(patch) => setRule(condition, patch)}
              />
            ))}
          </SimpleGrid>
          <Group grow align="flex-start" maw={640}>
            <NumberInput
              label="Grouping window (seconds)"
              description={`Events of one kind within this time of the first go out as one message. ${ALERT_GROUPING_SECONDS.min} to ${ALERT_GROUPING_SECONDS.max}.`}
              min={ALERT_GROUPING_SECONDS.min}
              max={ALERT_GROUPING_SECONDS.max}
              allowDecimal={false}
              allowNegative={false}
              value={form.groupingSeconds}
              onChange={(value) => set('groupingSeconds', numberFromInput(value))}
              error={fieldErrors.groupingSeconds}
            />
            <NumberInput
              label="Quiet period (minutes)"
              description={`After a message, the same alert is not sent again for this long (its recovery still is). 0: no quiet period; at most ${ALERT_QUIET_MINUTES.max}.`}
              min={ALERT_QUIET_MINUTES.min}
              max={ALERT_QUIET_MINUTES.max}
              allowDecimal={false}
              allowNegative={false}
              value={form.quietMinutes}
              onChange={(value) => set('quietMinutes', numberFromInput(value))}
              error={fieldErrors.quietMinutes}
            />
          </Group>
          <TextInput
            maw={640}
            label="Console address (optional)"
            description="The browser console's address, such as https://casebridge.council.local:8443: messages then link to the Jobs page they are about. Empty: words only."
            value={form.consoleAddress}
            onChange={(e) => set('consoleAddress', e.currentTarget.value)}
            error={fieldErrors.consoleAddress}
            autoComplete="off"
            spellCheck={false}
          />
          {mayChange && (
            <Group>
              <Button type="submit" loading={busy === 'saving'}>
                Save alert rules
              </Button>
            </Group>
          )}
          <SettingsOutcomeAlert outcome={outcome} />
        </Stack>
      </Fieldset>
    </form>
  );
}

function RuleFieldset({
  condition,
  rule,
  channels,
  errors,
  onChange,
}: {
  condition: AlertCondition;
  rule: AlertRule;
  channels: AlertChannelView[];
  errors: RuleErrors[AlertCondition] & object;
  onChange: (patch: Partial<AlertRule>) => void;
}) {
  const info = ALERT_CONDITION_INFO[condition];
  const { threshold } = info;
  const chosen = rule.channels === 'all' ? [] : rule.channels;
  return (
    <Fieldset legend={info.label} aria-describedby={`alert-rule-${condition}-description`}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed" id={`alert-rule-${condition}-description`}>
          {info.description}
        </Text>
        <Switch label="Send alerts" checked={rule.enabled} onChange={(e) => onChange({ enabled: e.currentTarget.checked })} />
        {threshold && (
          <NumberInput
            label={`${threshold.label} (${threshold.unit})`}
            description={`${threshold.min} to ${threshold.max}; ${threshold.default} unless set.`}
            min={threshold.min}
            max={threshold.max}
            allowDecimal={false}
            allowNegative={false}
            value={rule.threshold ?? threshold.default}
            onChange={(value) => onChange({ threshold: numberFromInput(value) })}
            error={errors.threshold}
            maw={240}
          />
        )}
        {info.perConnector && (
          <Checkbox.Group
            label="Connectors"
            description="None ticked: every connector."
            value={rule.connectors}
            onChange={(value) => onChange({ connectors: value as ConnectorId[] })}
            error={errors.connectors}
          >
            <Group gap="md" mt={4}>
              {CONNECTOR_IDS.map((connector) => (
                <Checkbox key={connector} value={connector} label={TEMPLATE_SCHEMAS[connector].label} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <Checkbox
          label="All channels"
          description="Every channel that is switched on, including ones added later."
          checked={rule.channels === 'all'}
          onChange={(e) => onChange({ channels: e.currentTarget.checked ? 'all' : [] })}
        />
        {rule.channels !== 'all' &&
          (channels.length === 0 ? (
            <Alert color="yellow" role="status">
              No channels yet: add one above, or tick All channels.
            </Alert>
          ) : (
            <Checkbox.Group
              label="Channels"
              description={chosen.length === 0 ? 'None ticked: this rule sends nothing.' : undefined}
              value={chosen}
              onChange={(value) => onChange({ channels: value })}
              error={errors.channels}
            >
              <Group gap="md" mt={4}>
                {channels.map((channel) => (
                  <Checkbox key={channel.id} value={channel.id} label={channel.enabled ? channel.name : `${channel.name} (switched off)`} />
                ))}
              </Group>
            </Checkbox.Group>
          ))}
      </Stack>
    </Fieldset>
  );
}
