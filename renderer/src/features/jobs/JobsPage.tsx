import { Page } from '../../shell/Page';

export function JobsPage() {
  return (
    <Page
      title="Jobs"
      description="The integration job queue will appear here: queued, running, succeeded, failed and dead jobs with every attempt and the next retry time, and retrying failed jobs one by one or in bulk."
    />
  );
}
