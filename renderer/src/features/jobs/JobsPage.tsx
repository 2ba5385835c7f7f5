import { Page } from '../../shell/Page';
import { QueuesSection } from './QueuesSection';

export function JobsPage() {
  return (
    <Page
      title="Jobs"
      description="Each back-office system's job queue: how many jobs are queued, running, succeeded, failed and dead, whether sending is paused or held back by failures, and how retries behave. The list of jobs with every attempt, and retrying failed jobs, will appear here too."
    >
      <QueuesSection />
    </Page>
  );
}
