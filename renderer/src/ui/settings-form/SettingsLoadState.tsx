import { Alert, Text, type MantineSize } from '@mantine/core';

/** What a settings form shows until its settings are loaded: that they are loading, or why they could not be. */
export function SettingsLoadState({ loading, loadError, what, size }: { loading: boolean; loadError: string | null; what: string; size?: MantineSize }) {
  if (loading) return <Text size={size}>Loading {what}…</Text>;
  return loadError ? (
    <Alert color="red" role="alert">
      {loadError}
    </Alert>
  ) : null;
}
