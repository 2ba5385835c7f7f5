import { Divider, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConnectorId } from '../../../../shared/domain/job';
import { Page } from '../../shell/Page';
import { CivicaCxSettingsForm } from './CivicaCxSettingsForm';
import { ConfigurationTransfer } from './ConfigurationTransfer';
import { IntakeSettingsForm } from './IntakeSettingsForm';
import { JobSettingsForm } from './JobSettingsForm';
import { TascomiSettingsForm } from './TascomiSettingsForm';
import { TascomiSyncForm } from './TascomiSyncForm';

const queueSettingsHeadingId = (connector: ConnectorId) => `${connector}-queue-settings-heading`;

export function ConnectionsPage() {
  return (
    <Page
      title="Connections"
      description="How casebridge reaches each back-office system, and how its queue sends and retries jobs. Test a connection and check what its API key may do before you rely on it."
    >
      <ConnectorSection connector="tascomi" title="Tascomi / Idox Cloud" headingId="tascomi-heading">
        <TascomiSettingsForm />
      </ConnectorSection>
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
      <ConnectorSection connector="civica-cx" title="Civica Cx" headingId="civica-heading">
        <CivicaCxSettingsForm />
      </ConnectorSection>
      <Paper withBorder p="md" component="section" aria-labelledby="configuration-heading">
        <Title order={2} size="h3" id="configuration-heading" mb="sm">
          Configuration from test to live
        </Title>
        <ConfigurationTransfer />
      </Paper>
    </Page>
  );
}

/** A back-office system's connection settings, then its queue's retries (the settings of the jobs sent to it). */
function ConnectorSection({ connector, title, headingId, children }: { connector: ConnectorId; title: string; headingId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {title}
      </Title>
      {children}
      <Divider my="lg" />
      <Stack gap="xs" component="section" aria-labelledby={queueSettingsHeadingId(connector)}>
        <Title order={3} size="h4" id={queueSettingsHeadingId(connector)}>
          Retries and queue
        </Title>
        <JobSettingsForm connector={connector} label={title} />
      </Stack>
    </Paper>
  );
}
