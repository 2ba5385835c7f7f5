import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConfigurationAction, ConfigurationPreview } from '../../../../shared/domain/configuration';
import { IMPORT_CONFIGURATION_MAX_CHARS } from '../../../../shared/import-limits';
import { useApi } from '../../api/api-context';
import { downloadTextFile } from '../../ui/download-file';
import { ImportFileButton } from '../../ui/ImportFileButton';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { formatDay } from '../../ui/time-format';

const ACTION_WORDS: Record<ConfigurationAction, { dry: string; done: string; color: string }> = {
  add: { dry: 'Add', done: 'Added', color: 'green' },
  change: { dry: 'Change', done: 'Changed', color: 'yellow' },
  leave: { dry: 'Leave alone', done: 'Left alone', color: 'gray' },
};

type State =
  | { kind: 'idle' }
  | { kind: 'preview'; fileName: string; content: string; preview: ConfigurationPreview }
  | { kind: 'applied'; fileName: string; preview: ConfigurationPreview }
  | { kind: 'refused'; title: string; error: unknown };

/**
 * Promotion from test to live: the whole configuration exported as one file, and a file imported
 * in two steps, the dry run's table first and Apply after, which does exactly what the table says.
 */
export function ConfigurationTransfer() {
  const api = useApi();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [busy, setBusy] = useState<'export' | 'apply' | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const exportFile = async () => {
    setBusy('export');
    setExported(null);
    try {
      const file = await api.call('exportConfiguration', undefined);
      downloadTextFile(file.fileName, file.content);
      setExported(`Exported the configuration as ${file.fileName}.`);
    } catch (error) {
      setState({ kind: 'refused', title: 'Not exported', error });
    } finally {
      setBusy(null);
    }
  };
  const apply = async (s: Extract<State, { kind: 'preview' }>) => {
    setBusy('apply');
    try {
      const done = await api.call('applyConfigurationImport', { content: s.content, fingerprint: s.preview.fingerprint });
      setState({ kind: 'applied', fileName: s.fileName, preview: done });
    } catch (error) {
      setState({ kind: 'refused', title: 'Not imported', error });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Carry references, templates (with every version), rules, queue and intake settings from a test installation to live. Secrets, cases, jobs and the log never leave. An import
        adds and changes; it never deletes.
      </Text>
      <Group gap="sm">
        <Button variant="default" leftSection={<IconFileExport size={16} />} loading={busy === 'export'} onClick={() => void exportFile()}>
          Export configuration
        </Button>
        <ImportFileButton
          label="Import configuration…"
          what="a configuration file"
          limitBytes={IMPORT_CONFIGURATION_MAX_CHARS}
          send={async (content, fileName, onProgress) => {
            setExported(null);
            setState({ kind: 'preview', fileName, content, preview: await api.call('previewConfigurationImport', { content }, { onProgress }) });
          }}
          onRefused={(fileName, error) => setState({ kind: 'refused', title: `'${fileName}' cannot be imported; nothing was changed`, error })}
        />
      </Group>
      {exported && (
        <Text size="sm" role="status">
          {exported}
        </Text>
      )}
      {state.kind === 'refused' && <RefusalAlert title={state.title} error={state.error} />}
      {(state.kind === 'preview' || state.kind === 'applied') && <PlanTable state={state} />}
      {state.kind === 'preview' && (
        <Group gap="sm">
          {state.preview.counts.add + state.preview.counts.change > 0 ? (
            <Button loading={busy === 'apply'} onClick={() => void apply(state)}>
              Apply
            </Button>
          ) : null}
          <Button variant="subtle" disabled={busy === 'apply'} onClick={() => setState({ kind: 'idle' })}>
            Cancel
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function PlanTable({ state }: { state: Extract<State, { kind: 'preview' | 'applied' }> }) {
  const { preview, fileName } = state;
  const done = state.kind === 'applied';
  const { add, change, leave } = preview.counts;
  const from = `written by casebridge ${preview.file.casebridgeVersion}${preview.file.exportedAt ? ` on ${formatDay(preview.file.exportedAt)}` : ''}`;
  const heading = done
    ? `Imported '${fileName}': ${add} added, ${change} changed, ${leave} left alone.`
    : add + change === 0
      ? `'${fileName}' (${from}): this installation already has this configuration; nothing to import.`
      : `Dry run of '${fileName}' (${from}): importing would add ${add}, change ${change} and leave ${leave} alone. Nothing has changed yet.`;
  return (
    <Stack gap="xs">
      <Alert color={done ? 'green' : 'blue'} role="status">
        {heading}
      </Alert>
      <Table striped withTableBorder aria-label={done ? 'What the import did' : 'What the import would do'}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Action</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.items.map((item) => (
            <Table.Tr key={`${item.kind}:${item.name}`}>
              <Table.Td>
                <Badge variant="light" color={ACTION_WORDS[item.action].color}>
                  {done ? ACTION_WORDS[item.action].done : ACTION_WORDS[item.action].dry}
                </Badge>
              </Table.Td>
              <Table.Td>{item.kind}</Table.Td>
              <Table.Td>{item.name}</Table.Td>
              <Table.Td>{item.summary}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
