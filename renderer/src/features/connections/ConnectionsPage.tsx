import { Paper, Title } from '@mantine/core';
import { Page } from '../../shell/Page';
import { CivicaCxSettingsForm } from './CivicaCxSettingsForm';
import { IntakeSettingsForm } from './IntakeSettingsForm';
import { TascomiSettingsForm } from './TascomiSettingsForm';
import { TascomiSyncForm } from './TascomiSyncForm';

export function ConnectionsPage() {
  return (
    <Page title="Connections" description="How casebridge reaches each back-office system. Test a connection and check what its API key may do before you rely on it.">
      <Paper withBorder p="md" component="section" aria-labelledby="tascomi-heading">
        <Title order={2} size="h3" id="tascomi-heading" mb="sm">
          Tascomi / Idox Cloud
        </Title>
        <TascomiSettingsForm />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="tascomi-sync-heading">
        <Title order={2} size="h3" id="tascomi-sync-heading" mb="sm">
          Two-way sync with Tascomi
        </Title>
        <TascomiSyncForm />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="intake-heading">
        <Title order={2} size="h3" id="intake-heading" mb="sm">
          Case intake (webhook)
        </Title>
        <IntakeSettingsForm />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="civica-heading">
        <Title order={2} size="h3" id="civica-heading" mb="sm">
          Civica Cx
        </Title>
        <CivicaCxSettingsForm />
      </Paper>
    </Page>
  );
}
