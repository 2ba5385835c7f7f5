import { Alert, Anchor, Autocomplete, Button, Checkbox, Group, List, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { RULE_EVENTS, type Rule } from '../../../../shared/domain/rule';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { pageHref } from '../../ui/page-address';
import { templateKindLabel } from '../../ui/template-type-labels';
import { EMPTY_RULE_FORM, RULE_EVENT_LABELS, formFromRule, inputFromForm, localProblems, outgoingTemplates, ruleFieldErrors, type RuleForm, type RuleFormField } from './rule-form';
import type { CaseSuggestions } from './use-case-suggestions';

/** Which rule the editor is open on: `rule: null` adds a new one. */
export type RuleEditing = { rule: Rule | null } | null;

export function RuleEditorModal({
  editing,
  templates,
  suggestions,
  onClose,
  onSaved,
}: {
  editing: RuleEditing;
  templates: TemplateSummary[];
  suggestions: CaseSuggestions;
  onClose: () => void;
  onSaved: (rule: Rule, created: boolean) => void;
}) {
  const api = useApi();
  const [form, setForm] = useState<RuleForm>(EMPTY_RULE_FORM);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RuleFormField, string>>>({});
  const [problem, setProblem] = useState<{ message: string; details: string[] } | null>(null);
  const rule = editing?.rule ?? null;

  useEffect(() => {
    if (!editing) return;
    setForm(editing.rule ? formFromRule(editing.rule) : EMPTY_RULE_FORM);
    setDirty(false);
    setFieldErrors({});
    setProblem(null);
  }, [editing]);

  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    const field = key === 'hasCondition' ? 'conditionField' : key;
    setFieldErrors(({ [field as RuleFormField]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const local = localProblems(form);
    if (Object.keys(local).length > 0) {
      setFieldErrors(local);
      return;
    }
    setBusy(true);
    setFieldErrors({});
    try {
      const input = inputFromForm(form);
      const saved = rule ? await api.call('updateRule', { id: rule.id, rule: input }) : await api.call('createRule', input);
      onSaved(saved, rule === null);
    } catch (error) {
      const byField = ruleFieldErrors(error);
      if (byField && Object.keys(byField.fields).length > 0) {
        setFieldErrors(byField.fields);
        setProblem(byField.other.length > 0 ? { message: 'The rule was not saved.', details: byField.other } : null);
      } else setProblem({ message: describeError(error), details: byField?.other ?? [] });
    } finally {
      setBusy(false);
    }
  };

  const outgoing = outgoingTemplates(templates);
  // A rule whose template has gone (or become unusable) still shows what it named.
  const templateOptions = outgoing.map((t) => ({ value: String(t.id), label: `${t.name} (${templateKindLabel(t.connector, t.type)})` }));
  if (form.templateId && !templateOptions.some((o) => o.value === form.templateId))
    templateOptions.push({ value: form.templateId, label: `Template ${form.templateId} (not available)` });

  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={rule ? `Edit rule '${rule.name}'` : 'New rule'}
      size="lg"
      // Typed work is not thrown away by a stray click or Escape; Cancel discards on purpose.
      closeOnClickOutside={false}
      closeOnEscape={!dirty}
    >
      <form onSubmit={(e) => void submit(e)} aria-label="Rule" noValidate>
        <Stack gap="sm">
          <TextInput label="Name" value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldErrors.name} required data-autofocus maxLength={100} />
          <Autocomplete
            label="Case type"
            description="The CRM's case type, as it sends it (capitals do not matter). Suggestions come from the sample and received cases; any type may be typed."
            data={suggestions.caseTypes}
            // Short enough (it scrolls) that the open list never hides the Template field below.
            maxDropdownHeight={140}
            value={form.caseType}
            onChange={(v) => set('caseType', v)}
            error={fieldErrors.caseType}
            required
            maxLength={100}
          />
          <Radio.Group label="When the case is" value={form.on} onChange={(v) => set('on', v as RuleForm['on'])} error={fieldErrors.on}>
            <Group mt={4}>
              {RULE_EVENTS.map((e) => (
                <Radio key={e} value={e} label={RULE_EVENT_LABELS[e]} />
              ))}
            </Group>
          </Radio.Group>
          <Checkbox label="Only when a case field has a given value" checked={form.hasCondition} onChange={(e) => set('hasCondition', e.currentTarget.checked)} />
          {form.hasCondition && (
            <Group grow align="flex-start">
              <Autocomplete
                label="Case field"
                description="The field's name in the case data."
                data={suggestions.fieldsOf(form.caseType)}
                value={form.conditionField}
                onChange={(v) => set('conditionField', v)}
                error={fieldErrors.conditionField}
                required
                maxLength={100}
              />
              <TextInput
                label="Equals"
                description="Compared as text, exactly; empty matches an empty or null value."
                value={form.conditionEquals}
                onChange={(e) => set('conditionEquals', e.currentTarget.value)}
                error={fieldErrors.conditionEquals}
              />
            </Group>
          )}
          <Select
            label="Template"
            description="The outgoing template to apply. Applying queues a job; the Jobs page shows it being sent."
            placeholder={outgoing.length ? 'Choose an outgoing template' : 'No outgoing templates yet'}
            data={templateOptions}
            value={form.templateId}
            onChange={(v) => set('templateId', v)}
            error={fieldErrors.templateId}
            allowDeselect={false}
            searchable
            nothingFoundMessage="No outgoing template has that name"
            required
          />
          {outgoing.length === 0 && (
            <Text size="sm">
              A rule needs an outgoing (create or update) template: design one on the <Anchor href={pageHref('templates')}>Templates page</Anchor> first.
            </Text>
          )}
          {problem && (
            <Alert color="red" role="alert" title="Not saved">
              {problem.message}
              {problem.details.length > 0 && (
                <List size="sm" mt="xs">
                  {problem.details.map((d, i) => (
                    <List.Item key={i}>{d}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          {Object.keys(fieldErrors).length > 0 && !problem && (
            <Text size="sm" c="red" role="alert">
              Not saved: see the marked fields.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {rule ? 'Save' : 'Add rule'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
