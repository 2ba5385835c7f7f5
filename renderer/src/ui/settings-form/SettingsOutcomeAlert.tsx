import { Alert } from '@mantine/core';
import type { SettingsOutcome } from './use-settings-form';

/** A save's outcome under a settings form: a status when saved, an alert when not. */
export function SettingsOutcomeAlert({ outcome }: { outcome: SettingsOutcome | null }) {
  if (!outcome) return null;
  const saved = outcome.kind === 'saved';
  return (
    <Alert color={saved ? 'green' : 'red'} role={saved ? 'status' : 'alert'}>
      {outcome.message}
    </Alert>
  );
}
