import { Badge } from '@mantine/core';
import type { JobState } from '../../../shared/domain/job';

const COLOURS: Record<JobState, string> = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'orange', dead: 'red', cancelled: 'gray' };

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <Badge size="sm" variant={state === 'dead' ? 'filled' : state === 'cancelled' ? 'outline' : 'light'} color={COLOURS[state]}>
      {state}
    </Badge>
  );
}
