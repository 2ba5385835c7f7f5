import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useConnectionStore } from '../stores/connection-store';

/**
 * What to expect while the engine is away. A named region, not Mantine's default `alert`: the
 * header's status region already announces the change, once.
 */
export function ConnectionLostBanner() {
  const state = useConnectionStore((store) => store.state);
  if (state !== 'reconnecting') return null;
  return (
    <Alert role="region" color="orange" variant="light" mb="lg" icon={<IconPlugConnectedX aria-hidden />} title="Connection to the engine lost">
      The console keeps trying to reconnect and reloads what it missed once it is back. Until then, what you see may be out of date. If the host was restarted without a fixed{' '}
      <code>--token</code>, it printed a new Console URL: open that one.
    </Alert>
  );
}
