import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { templateKindLabel } from '../../ui/template-type-labels';

type Outcome = { kind: 'queued'; message: string } | { kind: 'refused'; error: unknown };

/** "Apply template": queues one outgoing (create or update) template for this case by hand. */
export function ApplyTemplateForm({ caseId, onQueued }: { caseId: string; onQueued: () => void }) {
  const api = useApi();
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    api
      .call('listTemplates')
      .then((all) => setTemplates(all.filter((t) => t.type !== 'incoming')))
      .catch((e: unknown) => setLoadError(describeError(e)));
  }, [api]);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    if (!templateId) return;
    setBusy(true);
    setOutcome(null);
    try {
      const job = await api.call('applyTemplate', { caseId, templateId: Number(templateId) });
      setOutcome({ kind: 'queued', message: `Queued job ${job.id}: '${job.templateName ?? 'template'}' version ${job.templateVersion} for case ${caseId}.` });
      onQueued();
    } catch (error) {
      setOutcome({ kind: 'refused', error });
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <Alert color="red" role="alert" title="Could not load the templates">
        {loadError}
      </Alert>
    );
  }
  if (templates === null) return <Text c="dimmed">Loading the templates…</Text>;
  if (templates.length === 0)
    return <Text c="dimmed">No outgoing templates yet: make a Create, Update or Raise repair template on the Templates page to send this case by hand.</Text>;
  return (
    <form onSubmit={(e) => void apply(e)} aria-label="Apply template">
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <Select
            label="Outgoing template"
            placeholder="Choose a template"
            data={templates.map((t) => ({ value: String(t.id), label: `${t.name} — ${templateKindLabel(t.connector, t.type)}, version ${t.version}` }))}
            value={templateId}
            onChange={(value) => {
              setTemplateId(value);
              setOutcome(null);
            }}
            w={460}
            searchable
            nothingFoundMessage="No template by that name"
          />
          <Button type="submit" disabled={!templateId} loading={busy}>
            Apply template
          </Button>
        </Group>
        {outcome?.kind === 'queued' && (
          <Alert color="green" role="status">
            {outcome.message}
          </Alert>
        )}
        {outcome?.kind === 'refused' && <RefusalAlert error={outcome.error} title="Not queued" />}
      </Stack>
    </form>
  );
}
