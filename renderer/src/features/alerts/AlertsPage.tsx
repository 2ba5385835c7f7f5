/**
 * The Alerts page: where alerts go (the channels: the council's email relay, a Teams channel, a
 * signed webhook) and which events send them (the rules). The deliveries themselves show on the
 * Jobs page (features/jobs/AlertDeliveriesSection.tsx), beside the jobs whose failures they report.
 */
import { Anchor, Paper, Text, Title } from '@mantine/core';
import type { AlertSettings, AlertSettingsView } from '../../../../shared/domain/alerts';
import { Page } from '../../shell/Page';
import { pageHref } from '../../ui/page-address';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { AlertRulesForm } from './AlertRulesForm';
import { ChannelsSection } from './ChannelsSection';
import { withoutChannel } from './rules-form';

export function AlertsPage() {
  const settingsForm = useSettingsForm<AlertSettingsView, AlertSettings>({
    load: (api) => api.call('getAlertSettings'),
    toForm: (view) => view.settings,
    what: 'the alert settings',
  });
  const { view, setView, values, set, dirty, accept, loadState } = settingsForm;

  return (
    <Page
      title="Alerts"
      description="Tell support staff when something needs them: a job dies, a queue stops sending, the sync or the intake stops, the disk fills or a backup fails. Messages carry counts and error classes, never a case's personal data."
    >
      {!view || !values ? (
        <SettingsLoadState {...loadState} />
      ) : (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="alert-channels-heading">
            <Title order={2} size="h3" id="alert-channels-heading" mb="sm">
              Channels
            </Title>
            <ChannelsSection
              channels={view.channels}
              onSaved={(channel) => {
                const known = view.channels.some((c) => c.id === channel.id);
                setView({ ...view, channels: known ? view.channels.map((c) => (c.id === channel.id ? channel : c)) : [...view.channels, channel] });
              }}
              onDeleted={(answer, id) => {
                // The engine took the channel out of its rules too. Rules being edited keep their edits, less the channel.
                if (!dirty) return accept(answer);
                setView({ ...answer, settings: withoutChannel(view.settings, id) });
                set('rules', withoutChannel(values, id).rules);
              }}
            />
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="alert-rules-heading">
            <Title order={2} size="h3" id="alert-rules-heading" mb="sm">
              Rules
            </Title>
            <AlertRulesForm settingsForm={settingsForm} channels={view.channels} />
          </Paper>
        </>
      )}
      <Text size="sm" c="dimmed">
        Each alert&apos;s delivery to each channel, and why one failed, shows on the <Anchor href={pageHref('jobs')}>Jobs page</Anchor> under Alert deliveries, where a dead one can
        be retried.
      </Text>
    </Page>
  );
}
