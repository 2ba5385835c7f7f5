import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ALERT_CHANNEL_KIND_LABELS, type AlertChannelView, type AlertSettingsView } from '../../../../shared/domain/alerts';
import { Permitted } from '../../ui/Permitted';
import { ChannelForm } from './ChannelForm';

/** Which channel the form shows: a saved one by id, a new one, or none. */
type Editing = { id: string } | 'new' | null;

/** The channels (never their secrets: only whether one is kept) and the form to add or change one. */
export function ChannelsSection({
  channels,
  onSaved,
  onDeleted,
}: {
  channels: AlertChannelView[];
  onSaved: (channel: AlertChannelView) => void;
  onDeleted: (view: AlertSettingsView, id: string) => void;
}) {
  const [editing, setEditing] = useState<Editing>(null);
  const editedChannel = editing !== null && editing !== 'new' ? channels.find((c) => c.id === editing.id) : undefined;
  // The form's key: a new channel saved becomes that channel without the form starting again.
  const [formKey, setFormKey] = useState(0);
  const open = (next: Editing) => {
    setEditing(next);
    setFormKey((k) => k + 1);
  };

  return (
    <Stack gap="sm">
      {channels.length === 0 ? (
        <Text c="dimmed">No channels yet: add the council&apos;s email relay, a Teams channel or a webhook to send alerts to.</Text>
      ) : (
        <Table aria-label="Alert channels" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Secret</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((channel) => (
              <Table.Tr key={channel.id}>
                <Table.Td>{channel.name}</Table.Td>
                <Table.Td>{ALERT_CHANNEL_KIND_LABELS[channel.kind]}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={channel.enabled ? 'green' : 'gray'}>
                    {channel.enabled ? 'on' : 'off'}
                  </Badge>
                </Table.Td>
                <Table.Td>{channel.secretSet ? 'secret set' : '—'}</Table.Td>
                <Table.Td>
                  <Permitted to="connections">
                    <Button size="compact-xs" variant="light" onClick={() => open({ id: channel.id })} aria-label={`Edit ${channel.name}`}>
                      Edit
                    </Button>
                  </Permitted>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Permitted to="connections">
        {editing === null ? (
          <Group>
            <Button variant="default" leftSection={<IconPlus size={14} />} onClick={() => open('new')}>
              Add channel
            </Button>
          </Group>
        ) : (
          <ChannelForm
            key={formKey}
            channel={editedChannel}
            onSaved={(saved) => {
              onSaved(saved);
              setEditing({ id: saved.id });
            }}
            onDeleted={(view) => {
              if (editedChannel) onDeleted(view, editedChannel.id);
              setEditing(null);
            }}
            onClose={() => setEditing(null)}
          />
        )}
      </Permitted>
    </Stack>
  );
}
