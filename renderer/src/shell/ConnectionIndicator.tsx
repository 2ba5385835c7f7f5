import { Badge } from '@mantine/core';
import type { ConnectionState } from '../api/transport';
import { useConnectionStore } from '../stores/connection-store';

const LOOK: Record<ConnectionState, { color: string; text: string }> = {
  open: { color: 'teal', text: 'Connected' },
  connecting: { color: 'gray', text: 'Connecting…' },
  reconnecting: { color: 'orange', text: 'Connection to the engine lost – reconnecting…' },
  unauthorised: { color: 'red', text: 'Not connected' },
};

/** A live region, so a screen reader hears when the engine goes away and comes back. */
export function ConnectionIndicator() {
  const state = useConnectionStore((store) => store.state);
  const { color, text } = LOOK[state];
  return (
    <div role="status" aria-live="polite">
      <Badge color={color} variant="light" size="lg" radius="sm" tt="none" fw={600} leftSection={<Dot />} maw={{ base: 190, sm: 'none' }} title={text} data-state={state}>
        {text}
      </Badge>
    </div>
  );
}

function Dot() {
  return <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: 'currentColor', display: 'inline-block' }} />;
}
