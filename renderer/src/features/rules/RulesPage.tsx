import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { Rule } from '../../../../shared/domain/rule';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { Page } from '../../shell/Page';
import { pageHref } from '../../ui/page-address';
import { ConfirmDeleteModal } from '../../ui/ConfirmDeleteModal';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { RuleEditorModal, type RuleEditing } from './RuleEditorModal';
import { RuleListTable } from './RuleListTable';
import { outgoingTemplates } from './rule-form';
import { useCaseSuggestions } from './use-case-suggestions';
import { Permitted } from '../../ui/Permitted';

type Notice = { kind: 'done'; message: string } | { kind: 'refused'; error: unknown; title: string };

export function RulesPage() {
  const api = useApi();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [editing, setEditing] = useState<RuleEditing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [switching, setSwitching] = useState<ReadonlySet<number>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const suggestions = useCaseSuggestions();

  const refresh = useCallback(async () => {
    try {
      const [loadedRules, loadedTemplates] = await Promise.all([api.call('listRules'), api.call('listTemplates')]);
      setRules(loadedRules);
      setTemplates(loadedTemplates);
    } catch (error) {
      setRules((current) => current ?? []);
      setNotice({ kind: 'refused', error, title: 'Could not load the rules' });
    }
  }, [api]);
  useEffect(() => void refresh(), [refresh]);

  const replace = (rule: Rule) => setRules((current) => current?.map((r) => (r.id === rule.id ? rule : r)) ?? [rule]);

  const toggle = async (rule: Rule, enabled: boolean) => {
    setNotice(null);
    setSwitching((s) => new Set(s).add(rule.id));
    try {
      replace(await api.call('setRuleEnabled', { id: rule.id, enabled }));
      setNotice({ kind: 'done', message: `'${rule.name}' ${enabled ? 'enabled' : 'disabled'}.` });
    } catch (error) {
      setNotice({ kind: 'refused', error, title: enabled ? 'Not enabled' : 'Not disabled' });
    } finally {
      setSwitching((s) => {
        const next = new Set(s);
        next.delete(rule.id);
        return next;
      });
    }
  };

  const noOutgoing = rules !== null && outgoingTemplates(templates).length === 0;
  return (
    <Page
      title="Rules"
      description="When a case of a given type is created or updated (optionally only when one of its fields has a given value), a rule applies an outgoing template. Applying only queues a job; the Jobs page shows it being sent."
    >
      <Permitted to="templates">
        <Group>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => {
              setNotice(null);
              setEditing({ rule: null });
            }}
            disabled={rules === null}
          >
            New rule
          </Button>
        </Group>
      </Permitted>
      {noOutgoing && (
        <Alert color="blue" role="note">
          A rule applies an outgoing (create or update) template, and there is none yet: design one on the <Anchor href={pageHref('templates')}>Templates page</Anchor>.
        </Alert>
      )}
      {notice?.kind === 'done' && (
        <Alert color="green" role="status">
          {notice.message}
        </Alert>
      )}
      {notice?.kind === 'refused' && <RefusalAlert error={notice.error} title={notice.title} />}
      {rules === null ? (
        <Text role="status">Loading the rules…</Text>
      ) : rules.length === 0 ? (
        <Text c="dimmed">No rules yet. Add one with New rule: cases then queue their template as they arrive.</Text>
      ) : (
        <RuleListTable
          rules={rules}
          templates={templates}
          switching={switching}
          onEdit={(rule) => {
            setNotice(null);
            setEditing({ rule });
          }}
          onDelete={(rule) => {
            setNotice(null);
            setDeleting(rule);
          }}
          onToggle={(rule, enabled) => void toggle(rule, enabled)}
        />
      )}

      <RuleEditorModal
        editing={editing}
        templates={templates}
        suggestions={suggestions}
        onClose={() => setEditing(null)}
        onSaved={(rule, created) => {
          setEditing(null);
          setNotice({ kind: 'done', message: created ? `Rule '${rule.name}' added.` : `Rule '${rule.name}' saved.` });
          void refresh();
        }}
      />
      <ConfirmDeleteModal
        item={deleting}
        title="Delete rule"
        question={(rule) => `Delete the rule '${rule.name}'? New and updated cases will no longer queue its template. Jobs it has already queued are kept. This cannot be undone.`}
        remove={(rule) => api.call('deleteRule', { id: rule.id })}
        onClose={() => setDeleting(null)}
        onDeleted={(rule) => {
          setDeleting(null);
          setNotice({ kind: 'done', message: `Rule '${rule.name}' deleted.` });
          void refresh();
        }}
      />
    </Page>
  );
}
