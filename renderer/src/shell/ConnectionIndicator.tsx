import { Badge, Tooltip } from '@mantine/core';
import type { ConnectionState } from '../api/transport';
import { useConnectionStore } from '../stores/connection-store';

/** What the badge is about: the console's link to its own engine, not the council's systems. */
const ABOUT = 'This console reaches the casebridge engine. Whether Tascomi and Civica Cx answer is shown beside it, for each connection.';

const LOOK: Record<ConnectionState, { color: string; text: string }> = {
  open: { color: 'teal', text: 'Engine connected' },
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
      <Tooltip label={`${text}. ${ABOUT}`} multiline w={300} withArrow>
        <Badge color={color} variant="light" size="lg" radius="sm" tt="none" fw={600} leftSection={<Dot />} maw={{ base: 190, sm: 'none' }} data-state={state}>
          {text}
        </Badge>
      </Tooltip>
    </div>
  );
}

function Dot() {
  return <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: 'currentColor', display: 'inline-block' }} />;
}
