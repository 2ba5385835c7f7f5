import { Page } from '../../shell/Page';

export function ConnectionsPage() {
  return (
    <Page
      title="Connections"
      description="Tascomi / Idox Cloud and Civica Cx connection settings, connection tests and API access checks will appear here."
    />
  );
}
