import { Badge, Group, Tooltip } from '@mantine/core';
import { useQueueStatus } from '../features/jobs/use-queue-status';
import { pageHref } from '../ui/page-address';
import { connectionState } from './connection-states';

/**
 * Each connection's state (Tascomi, Civica Cx: not set up, working, failing) in the header, where
 * people look first; each opens Connections, where it is set up and tested.
 */
export function ConnectionStates() {
  const { queues } = useQueueStatus();
  if (!queues) return null;
  return (
    <Group gap={6} wrap="nowrap" role="group" aria-label="Connections">
      {queues.map((status) => {
        const state = connectionState(status);
        return (
          <Tooltip key={status.connector} label={state.detail} multiline w={320} withArrow>
            <Badge
              component="a"
              href={pageHref('connections')}
              color={state.color}
              variant="light"
              size="lg"
              radius="sm"
              tt="none"
              fw={600}
              style={{ cursor: 'pointer' }}
              aria-label={`${state.label}: ${state.words}. ${state.detail}`}
              data-health={state.health}
            >
              {state.label}: {state.words}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
