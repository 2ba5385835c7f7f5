import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { Template, TemplateSummary, TemplateVersionSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { TemplateRowsReadOnly } from './TemplateRowsReadOnly';
import { formatLogTime } from '../../ui/time-format';
import { Permitted } from '../../ui/Permitted';

/** Every saved version of a template: view one read-only, or restore an older one as a new version. */
export function VersionHistoryModal({ template, onClose, onRestored }: { template: TemplateSummary | null; onClose: () => void; onRestored: () => void }) {
  const api = useApi();
  const [versions, setVersions] = useState<TemplateVersionSummary[]>([]);
  const [viewed, setViewed] = useState<Template | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [restored, setRestored] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!template) return;
    try {
      setVersions(await api.call('listTemplateVersions', { id: template.id }));
    } catch (e) {
      setError(e);
    }
  }, [api, template]);
  useEffect(() => {
    setViewed(null);
    setError(null);
    setRestored(null);
    setVersions([]);
    void load();
  }, [load]);

  const act = async (action: () => Promise<void>) => {
    setError(null);
    setRestored(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    }
  };
  const view = (version: number) => act(async () => setViewed(await api.call('getTemplate', { id: template!.id, version })));
  const restore = (version: number) =>
    act(async () => {
      const saved = await api.call('restoreTemplateVersion', { id: template!.id, version });
      setRestored(`Version ${version} restored as version ${saved.version}.`);
      setViewed(null);
      await load();
      onRestored();
    });

  // The newest version is the one in use: restoring it would only copy it.
  const current = versions.reduce((newest, v) => Math.max(newest, v.version), 0);

  return (
    <Modal
      opened={template !== null}
      onClose={onClose}
      title={`Version history of '${template?.name ?? ''}'`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close version history' }}
    >
      <Stack>
        {restored && (
          <Alert color="green" role="status">
            {restored}
          </Alert>
        )}
        {error !== null && <RefusalAlert error={error} />}
        <Table aria-label="Versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Saved at</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {v.version}
                    {v.version === current && (
                      <Badge size="sm" variant="default" leftSection={<IconCircleCheck size={12} color="var(--mantine-color-green-text)" aria-hidden />}>
                        Current
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{v.name}</Table.Td>
                <Table.Td>{formatLogTime(v.savedAt)}</Table.Td>
                <Table.Td>{v.rowCount}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="light" onClick={() => void view(v.version)} aria-label={`View version ${v.version}`}>
                      View
                    </Button>
                    {v.version !== current && (
                      <Permitted to="templates">
                        <Button size="compact-xs" variant="light" onClick={() => void restore(v.version)} aria-label={`Restore version ${v.version}`}>
                          Restore
                        </Button>
                      </Permitted>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {viewed && (
          <section aria-label={`Version ${viewed.version} (read-only)`}>
            <Title order={3} size="h5">
              Version {viewed.version} (read-only)
            </Title>
            <Text size="sm" c="dimmed">
              Reference {viewed.reference}, saved {formatLogTime(viewed.savedAt)}
            </Text>
            <TemplateRowsReadOnly template={viewed} />
          </section>
        )}
      </Stack>
    </Modal>
  );
}
