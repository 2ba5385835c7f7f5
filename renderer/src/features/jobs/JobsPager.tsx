import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { describeJobsPage, type JobsPage } from './job-list-pages';

/** Previous and Next under the jobs list, with which jobs of how many are shown. */
export function JobsPager({ page, total, loading, onPrevious, onNext }: { page: JobsPage; total: number | null; loading: boolean; onPrevious: () => void; onNext: () => void }) {
  return (
    <Group component="nav" aria-label="Pages of jobs" justify="space-between" align="center" wrap="wrap" gap="sm">
      <Text size="sm" role="status" aria-live="polite">
        {describeJobsPage(page, total)}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={16} />} disabled={!page.hasPrevious} onClick={onPrevious}>
          Previous
        </Button>
        <Button variant="default" size="xs" rightSection={<IconChevronRight size={16} />} disabled={!page.hasNext} loading={loading} onClick={onNext}>
          Next
        </Button>
      </Group>
    </Group>
  );
}
